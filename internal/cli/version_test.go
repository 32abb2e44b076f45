package cli

import (
	"encoding/json"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

func vcs(rev, when, modified string) []debug.BuildSetting {
	var s []debug.BuildSetting
	if rev != "" {
		s = append(s, debug.BuildSetting{Key: "vcs", Value: "git"}, debug.BuildSetting{Key: "vcs.revision", Value: rev})
	}
	if when != "" {
		s = append(s, debug.BuildSetting{Key: "vcs.time", Value: when})
	}
	if modified != "" {
		s = append(s, debug.BuildSetting{Key: "vcs.modified", Value: modified})
	}
	return s
}

func buildOf(mainVersion string, settings []debug.BuildSetting) *debug.BuildInfo {
	return &debug.BuildInfo{GoVersion: "go1.99.1", Path: "github.com/hookctl/hookctl/cmd/hookctl",
		Main:     debug.Module{Path: "github.com/hookctl/hookctl", Version: mainVersion},
		Settings: settings}
}

const rev = "67022a829b91cdc71e93b74732e82d3564510f53"

func TestResolveBuild(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		name                  string
		version, commit, date string
		bi                    *debug.BuildInfo
		want                  buildInfo
		wantLine              string
	}{{
		name:    "stamped release: the stamps win over the build info",
		version: "1.4.0", commit: "abc1234", date: "2026-11-01T10:00:00Z",
		bi:       buildOf("v1.4.0", vcs(rev, "2026-11-30T16:40:31Z", "false")),
		want:     buildInfo{Version: "1.4.0", Commit: "abc1234", Date: "2026-11-01T10:00:00Z", Dirty: &no},
		wantLine: "1.4.0 (commit abc1234, built 2026-11-01T10:00:00Z)",
	}, {
		name:    "go install …@v1.2.3: the module version, no VCS settings",
		version: "dev", commit: "none", date: "unknown",
		bi:       buildOf("v1.2.3", nil),
		want:     buildInfo{Version: "1.2.3", Commit: "none", Date: "unknown"},
		wantLine: "1.2.3 (commit none, built unknown)",
	}, {
		name:    "go install …@latest on an untagged commit: commit and time from the pseudo-version",
		version: "dev", commit: "none", date: "unknown",
		bi:       buildOf("v0.0.0-20261130164031-67022a829b91", nil),
		want:     buildInfo{Version: "0.0.0-20261130164031-67022a829b91", Commit: "67022a829b91", Date: "2026-11-30T16:40:31Z"},
		wantLine: "0.0.0-20261130164031-67022a829b91 (commit 67022a829b91, built 2026-11-30T16:40:31Z)",
	}, {
		name:    "local build in a tagged, clean checkout",
		version: "dev", commit: "none", date: "unknown",
		bi:       buildOf("v1.2.3", vcs(rev, "2026-11-30T16:40:31Z", "false")),
		want:     buildInfo{Version: "1.2.3", Commit: rev, Date: "2026-11-30T16:40:31Z", Dirty: &no},
		wantLine: "1.2.3 (commit 67022a8, built 2026-11-30T16:40:31Z)",
	}, {
		name:    "local build with uncommitted changes",
		version: "dev", commit: "none", date: "unknown",
		bi:       buildOf("v0.0.0-20261130164031-67022a829b91+dirty", vcs(rev, "2026-11-30T16:40:31Z", "true")),
		want:     buildInfo{Version: "0.0.0-20261130164031-67022a829b91+dirty", Commit: rev, Date: "2026-11-30T16:40:31Z", Dirty: &yes},
		wantLine: "0.0.0-20261130164031-67022a829b91+dirty (commit 67022a8+dirty, built 2026-11-30T16:40:31Z)",
	}, {
		name:    "local build without VCS information (-buildvcs=false)",
		version: "dev", commit: "none", date: "unknown",
		bi:       buildOf("(devel)", nil),
		want:     buildInfo{Version: "dev", Commit: "none", Date: "unknown"},
		wantLine: "dev (commit none, built unknown)",
	}, {
		name:    "only the version stamped: commit and date from the build info",
		version: "1.5.0-rc1", commit: "none", date: "unknown",
		bi:       buildOf("(devel)", vcs(rev, "2026-11-30T16:40:31Z", "false")),
		want:     buildInfo{Version: "1.5.0-rc1", Commit: rev, Date: "2026-11-30T16:40:31Z", Dirty: &no},
		wantLine: "1.5.0-rc1 (commit 67022a8, built 2026-11-30T16:40:31Z)",
	}, {
		name:    "no build info at all",
		version: "", commit: "", date: "",
		want:     buildInfo{Version: "dev", Commit: "none", Date: "unknown"},
		wantLine: "dev (commit none, built unknown)",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := resolveBuild(tt.version, tt.commit, tt.date, tt.bi)
			want := tt.want
			want.GoVersion, want.OS, want.Arch = runtime.Version(), runtime.GOOS, runtime.GOARCH
			if tt.bi != nil {
				want.GoVersion = tt.bi.GoVersion
			}
			if g, w := jsonOf(t, got), jsonOf(t, want); g != w {
				t.Errorf("resolveBuild =\n %s\nwant\n %s", g, w)
			}
			if line := got.line(); line != tt.wantLine {
				t.Errorf("line = %q\nwant   %q", line, tt.wantLine)
			}
		})
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBuildInfoJSONOmitsUnknownDirty(t *testing.T) {
	s := jsonOf(t, resolveBuild("dev", "none", "unknown", buildOf("v1.2.3", nil)))
	if strings.Contains(s, "dirty") {
		t.Errorf("dirty reported though the binary does not record it: %s", s)
	}
	for _, k := range []string{`"version":"1.2.3"`, `"commit":`, `"date":`, `"go_version":"go1.99.1"`, `"os":`, `"arch":`} {
		if !strings.Contains(s, k) {
			t.Errorf("no %s in %s", k, s)
		}
	}
}

func TestParsePseudo(t *testing.T) {
	at := func(s string) time.Time { tm, _ := time.Parse(time.RFC3339, s); return tm }
	tests := []struct {
		in   string
		when time.Time
		rev  string
	}{
		{"v0.0.0-20261130164031-67022a829b91", at("2026-11-30T16:40:31Z"), "67022a829b91"},
		{"v0.0.0-20261130164031-67022a829b91+dirty", at("2026-11-30T16:40:31Z"), "67022a829b91"},
		{"v1.2.4-0.20261130164031-67022a829b91", at("2026-11-30T16:40:31Z"), "67022a829b91"},
		{"v1.3.0-rc.1.0.20261130164031-67022a829b91", at("2026-11-30T16:40:31Z"), "67022a829b91"},
		{"v1.2.3", time.Time{}, ""},
		{"v1.2.3+dirty", time.Time{}, ""},
		{"v1.2.3-rc1", time.Time{}, ""},
		{"v1.2.3-beta-67022a829b91", time.Time{}, ""},           // no timestamp
		{"v0.0.0-20261399999999-67022a829b91", time.Time{}, ""}, // not a time
		{"v0.0.0-20261130164031-67022A829B91", time.Time{}, ""}, // not lower-case hex
		{"", time.Time{}, ""},
	}
	for _, tt := range tests {
		when, rev := parsePseudo(tt.in)
		if !when.Equal(tt.when) || rev != tt.rev {
			t.Errorf("parsePseudo(%q) = %v, %q; want %v, %q", tt.in, when, rev, tt.when, tt.rev)
		}
	}
}

// The binary running these tests has build info; currentBuild reads it.
func TestCurrentBuildReadsTheBinary(t *testing.T) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		t.Skip("no build info in the test binary")
	}
	b := currentBuild()
	if b.GoVersion != bi.GoVersion || b.OS != runtime.GOOS || b.Arch != runtime.GOARCH {
		t.Errorf("currentBuild = %+v, binary built by %s for %s/%s", b, bi.GoVersion, runtime.GOOS, runtime.GOARCH)
	}
}
