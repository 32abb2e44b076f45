package config

import "github.com/hookctl/hookctl/pkg/dialect"

// SandboxHost is the host of the built-in profiles' base URLs. They never
// reach the network: the in-process transport serves them.
const SandboxHost = "http://sandbox.hookctl.invalid"

// Builtins are the built-in sandbox profiles, one per dialect, from the
// dialects' descriptors; the first (the first dialect's) is the one used
// without a config file. A profile of the same name in the config file wins
// over them.
var Builtins = builtins()

// SandboxProfile is the built-in profile used when there is no config file.
var SandboxProfile = Builtins[0].Name

func builtins() []Profile {
	var out []Profile
	for _, d := range dialect.Descriptors {
		if d.Sandbox.Profile == "" {
			continue
		}
		p := Profile{Name: d.Sandbox.Profile, Builtin: true}
		for k, v := range d.SandboxValues(SandboxHost) {
			_ = p.Set(k, v)
		}
		p.Dialect = d.Name
		out = append(out, p)
	}
	return out
}

func builtin(name string) *Profile {
	for i := range Builtins {
		if Builtins[i].Name == name {
			p := Builtins[i].clone()
			return &p
		}
	}
	return nil
}
