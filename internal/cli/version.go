package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// Build information, stamped at link time with -ldflags -X (the Makefile,
// .goreleaser.yaml). What a build leaves unstamped (`go install …@v1.2.3`,
// a plain `go build`) comes from what the Go toolchain recorded in the
// binary: the module version and the VCS revision, time and state.
var (
	Version = "dev"
	Commit  = "none"
	Date    = "unknown"
)

// The values Version, Commit and Date hold when nothing was stamped.
const (
	unstampedVersion = "dev"
	unstampedCommit  = "none"
	unstampedDate    = "unknown"
)

// buildInfo is what `version` reports, in every output format.
type buildInfo struct {
	// Version is the release version without a leading "v" (1.2.3), a Go
	// pseudo-version for an untagged build, or "dev" when nothing is known.
	Version string `json:"version"`
	// Commit is the VCS revision the binary was built from, or "none".
	Commit string `json:"commit"`
	// Date is the stamped build date; unstamped, the commit's time (which
	// keeps builds reproducible), or "unknown".
	Date string `json:"date"`
	// Dirty says whether the working tree had uncommitted changes; nil
	// when the binary does not record it (omitted, never a false "false").
	Dirty     *bool  `json:"dirty,omitempty"`
	GoVersion string `json:"go_version"`
	OS        string `json:"os"`
	Arch      string `json:"arch"`
}

// resolveBuild combines the stamped values with the toolchain's build info
// bi (nil when the binary has none). A stamped value always wins; build
// info only fills what was left unstamped.
func resolveBuild(version, commit, date string, bi *debug.BuildInfo) buildInfo {
	b := buildInfo{Version: version, Commit: commit, Date: date,
		GoVersion: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
	if b.Version == "" {
		b.Version = unstampedVersion
	}
	if b.Commit == "" {
		b.Commit = unstampedCommit
	}
	if b.Date == "" {
		b.Date = unstampedDate
	}
	if bi == nil {
		return b
	}
	if bi.GoVersion != "" {
		b.GoVersion = bi.GoVersion
	}
	var rev, vcsTime, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			vcsTime = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	// "(devel)" is a build outside any module version and without VCS
	// information (-buildvcs=false, or no repository).
	mv := bi.Main.Version
	if mv == "(devel)" {
		mv = ""
	}
	pseudoTime, pseudoRev := parsePseudo(mv)
	if b.Version == unstampedVersion && mv != "" {
		b.Version = strings.TrimPrefix(mv, "v")
	}
	if b.Commit == unstampedCommit {
		switch {
		case rev != "":
			b.Commit = rev
		case pseudoRev != "":
			b.Commit = pseudoRev
		}
	}
	if b.Date == unstampedDate {
		switch {
		case vcsTime != "":
			b.Date = vcsTime
		case !pseudoTime.IsZero():
			b.Date = pseudoTime.Format(time.RFC3339)
		}
	}
	switch {
	case modified != "":
		dirty := modified == "true"
		b.Dirty = &dirty
	case strings.HasSuffix(mv, "+dirty"):
		dirty := true
		b.Dirty = &dirty
	}
	return b
}

// parsePseudo returns the commit time and revision prefix in a Go
// pseudo-version (v0.0.0-20261130164221-67022a8c1234, v1.2.4-0.2026…-…,
// optionally +dirty), or zero values for any other version. A module
// fetched from a proxy records no VCS settings; its pseudo-version is the
// only place its commit is named.
func parsePseudo(v string) (time.Time, string) {
	v, _, _ = strings.Cut(v, "+")
	i := strings.LastIndexByte(v, '-')
	if i < 0 {
		return time.Time{}, ""
	}
	rev, rest := v[i+1:], v[:i]
	j := strings.LastIndexAny(rest, "-.")
	if len(rev) != 12 || !isHex(rev) || j < 0 {
		return time.Time{}, ""
	}
	t, err := time.Parse("20060102150405", rest[j+1:])
	if err != nil {
		return time.Time{}, ""
	}
	return t.UTC(), rev
}

func isHex(s string) bool {
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// currentBuild is this binary's build information.
func currentBuild() buildInfo {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return resolveBuild(Version, Commit, Date, bi)
}

// line is the one-line form, after "hookctl version ".
func (b buildInfo) line() string {
	commit := b.Commit
	if len(commit) == 40 && isHex(commit) {
		commit = commit[:7]
	}
	if b.Dirty != nil && *b.Dirty {
		commit += "+dirty"
	}
	return fmt.Sprintf("%s (commit %s, built %s)", b.Version, commit, b.Date)
}

// versionInfo is what --version prints after "hookctl version " (cobra's
// own format, which needs no template parsed at run time). A fully stamped
// build (every release) does not read the build info at all.
func versionInfo() string {
	if Version != unstampedVersion && Commit != unstampedCommit && Date != unstampedDate {
		return resolveBuild(Version, Commit, Date, nil).line()
	}
	return currentBuild().line()
}

// userAgentVersion is the version the User-Agent header names.
func userAgentVersion() string {
	if Version != unstampedVersion {
		return Version
	}
	return currentBuild().Version
}

func newCmdVersion(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and build date",
		Long: `Print the version, commit and build date on one line (the same line as
--version). With -o json, jsonl or yaml, --jq or --template it prints an
object: version, commit, date, dirty (when the binary records it),
go_version, os and arch; -o table, tsv and csv print those as one row.

A binary built without stamped values (go install …@v1.2.3, a plain
go build) reports the module version and the commit the Go toolchain
recorded in it.`,
		Example: `  hookctl version
  hookctl version -o json
  hookctl version --jq .commit`,
		Args:        noArgs,
		Annotations: prints(outVersion),
		RunE: func(cmd *cobra.Command, args []string) error {
			return versionRun(f)
		},
	}
}

// versionRun prints the version line (the default, and -o text), or the
// build information in the format the output policy chose.
func versionRun(f *Factory) error {
	if !f.FormatChosen() || f.Format() == formatText {
		_, err := fmt.Fprint(f.IO.Out, "hookctl version "+versionInfo()+"\n")
		return err
	}
	p, err := f.Printer(nil, false)
	if err != nil {
		return err
	}
	b := currentBuild()
	dirty := ""
	if b.Dirty != nil {
		dirty = fmt.Sprint(*b.Dirty)
	}
	headers := []string{"version", "commit", "date", "dirty", "go_version", "os", "arch"}
	row := []string{b.Version, b.Commit, b.Date, dirty, b.GoVersion, b.OS, b.Arch}
	return p.Records(headers, [][]string{row}, b)
}
