package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Built-in profile names: the in-process sandbox, one per dialect.
const (
	SandboxProfile           = "sandbox"
	SandboxSupportBeeProfile = "sandbox-supportbee"
	SandboxEntrustProfile    = "sandbox-entrust"
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

// noticeMarker is the file, in the state directory, whose presence says the
// built-in sandbox notice was shown there.
const noticeMarker = "sandbox-notice-shown"

// FirstNotice reports whether the built-in sandbox notice is due in the
// state directory dir: true the first time (it leaves a marker file
// there), false after. When the marker cannot be written, the notice is
// always due: better repeated than never seen.
func FirstNotice(dir string) bool {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return true
	}
	fh, err := os.OpenFile(filepath.Join(dir, noticeMarker), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return !errors.Is(err, fs.ErrExist)
	}
	fh.Close()
	return true
}
