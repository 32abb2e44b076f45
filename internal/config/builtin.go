package config

// Built-in profile names: the in-process sandbox, one per dialect.
const (
	SandboxProfile           = "sandbox"
	SandboxSupportBeeProfile = "sandbox-supportbee"
	SandboxEntrustProfile    = "sandbox-entrust"
	SandboxGitHubProfile     = "sandbox-github"
)

// SandboxHost is the host of the built-in profiles' base URLs. They never
// reach the network: the in-process transport serves them.
const SandboxHost = "http://sandbox.hookctl.invalid"

// Builtins are the built-in sandbox profiles. A profile of the same name in
// the config file wins over them.
var Builtins = []Profile{
	{Name: SandboxProfile, Dialect: "trello", BaseURL: SandboxHost + "/trello/1", Key: "sandbox-key", Token: "sandbox-token", Secret: "sandbox-secret", Builtin: true},
	{Name: SandboxSupportBeeProfile, Dialect: "supportbee", BaseURL: SandboxHost + "/supportbee", Company: "sandbox", AuthToken: "sandbox-token", Builtin: true},
	{Name: SandboxEntrustProfile, Dialect: "entrust", BaseURL: SandboxHost + "/entrust", ApplicationID: "sandbox-app", SharedSecret: "sandbox-secret", Builtin: true},
	{Name: SandboxGitHubProfile, Dialect: "github", BaseURL: SandboxHost + "/github", Token: "sandbox-token", Repo: "sandbox/hooks", Builtin: true},
}

func builtin(name string) *Profile {
	for i := range Builtins {
		if Builtins[i].Name == name {
			p := Builtins[i]
			return &p
		}
	}
	return nil
}
