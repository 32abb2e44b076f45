package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/internal/output"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// GlobalOptions are the flags every command takes.
type GlobalOptions struct {
	Profile    string
	Output     string
	JQ         string
	Template   string
	ConfigPath string
	Raw        bool
	Debug      bool
	Verbose    bool
	NoInput    bool
	Timeout    time.Duration
	// KeyFlags are the values of the flags that set a profile key for one
	// run (-R/--repo, --org, …), by profile key: the dialects' keys that
	// name a Flag (spec.Key.Flag).
	KeyFlags map[string]*string
	// VendorFiles are vendor files given for this run (--vendor-file).
	VendorFiles []string
}

// Factory hands commands their dependencies, built lazily: nothing reads the
// config, the keyring or the network until a command asks, which keeps
// start-up and completion fast.
type Factory struct {
	IO     *IOStreams
	Getenv func(string) string
	Opts   *GlobalOptions
	// Redactor collects every credential the run learns, to scrub all output.
	Redactor *httpx.Redactor
	// Prompter asks questions on a terminal (a fake in tests).
	Prompter Prompter
	// Secrets is the keyring store; nil means secrets live in the file only.
	Secrets func() config.SecretStore

	started bool
	// ctx is the run's context (Ctrl-C cancels it): printers run --jq and
	// --template under it.
	ctx context.Context
	// completing is set on the `__complete` path: no keyring, no prompts,
	// no notices, nothing on stdout but the candidates.
	completing bool
	// completionArgs are a TAB's words (the last is being completed).
	completionArgs []string
	// args are the run's arguments; nil for the docs' command tree, which
	// shows everything.
	args []string
	// docs marks the command tree made for the generated docs.
	docs bool
	// out is the output policy resolved for the running command.
	out     *resolvedOutput
	cfgOnce sync.Once
	cfg     *config.File
	cfgErr  error
	// hintName, when set, is the profile an error's hint names (a profile
	// that is being added is in no file yet).
	hintName string
	profOnce sync.Once
	prof     config.Profile
	profErr  error
	// vendorsOnce points the dialect registry at the user's vendor files.
	vendorsOnce sync.Once
	// budgetOnce makes the one retry budget every client of the run shares.
	budgetOnce sync.Once
	budget     *httpx.RetryBudget
}

// mayRun reports whether the run's arguments may name the command words
// (or it is the docs' tree, or a TAB): what only that command needs is
// made only then.
func (f *Factory) mayRun(words ...string) bool {
	if f.docs || f.completing {
		return true
	}
	for _, w := range words {
		if !slices.Contains(f.args, w) {
			return false
		}
	}
	return true
}

// useVendorFiles points the dialect registry at the user's vendor files
// (the config directory's vendors/ and --vendor-file), once. The files are
// read only when a command needs the whole registry; a bad one is reported
// then, once, on stderr (never during a TAB) and skipped.
func (f *Factory) useVendorFiles() {
	f.vendorsOnce.Do(func() {
		report := func(err error) {
			if f.completing {
				return
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				fmt.Fprintf(f.IO.ErrOut, "hookctl: vendor file skipped: %s\n", f.Redactor.String(line))
			}
		}
		dialect.UseVendorFiles(config.VendorDir(f.Getenv), f.Opts.VendorFiles, report)
	})
}

// checkVendorFiles reads the vendor files given with --vendor-file, and
// fails (a usage error) when one of them is bad.
func (f *Factory) checkVendorFiles() error {
	f.useVendorFiles()
	if len(f.Opts.VendorFiles) == 0 {
		return nil
	}
	return dialect.CheckAsked()
}

// Config loads the config file once.
func (f *Factory) Config() (*config.File, error) {
	f.cfgOnce.Do(func() {
		f.cfg, f.cfgErr = config.LoadFrom(config.PathFrom(f.Opts.ConfigPath, f.Getenv))
	})
	return f.cfg, f.cfgErr
}

// Profile resolves the chosen profile once, printing the selection notice
// (e.g. the built-in sandbox default) on stderr.
func (f *Factory) Profile() (config.Profile, error) {
	f.profOnce.Do(func() {
		cfg, err := f.Config()
		if err != nil {
			f.profErr = err
			return
		}
		sel, err := cfg.Select(f.Opts.Profile, f.Getenv)
		if err != nil {
			f.profErr = err
			return
		}
		var store config.SecretStore
		if f.Secrets != nil && !f.completing {
			store = f.Secrets()
		}
		f.prof, f.profErr = cfg.Resolve(sel.Name, f.Getenv, store)
		if f.profErr != nil {
			if !isConfigError(f.profErr) {
				f.profErr = &usageError{f.profErr}
			}
			return
		}
		if f.profErr = f.overrideOwner(&f.prof); f.profErr != nil {
			return
		}
		f.Redactor.Add(f.prof.Secrets()...)
		if f.completing {
			return
		}
		f.selectionNotice(sel)
		if f.Opts.Verbose || f.Opts.Debug {
			fmt.Fprintln(f.IO.ErrOut, f.Redactor.String("hookctl: "+f.profileInUse(cfg)))
		}
		if cfg.InsecureMode() {
			fmt.Fprintf(f.IO.ErrOut, "hookctl: warning: %s holds secrets and is readable by others; run chmod 600 %s\n", cfg.Path, cfg.Path)
		}
	})
	return f.prof, f.profErr
}

// selectionNotice prints the selection's notice (the built-in sandbox in use
// for want of a config file) once per state directory, so that a tour of
// the commands does not repeat it on every one; and under -v.
func (f *Factory) selectionNotice(sel config.Selection) {
	if sel.Notice != "" && (config.FirstNotice(config.StateDir(f.Getenv)) || f.Opts.Verbose) {
		fmt.Fprintln(f.IO.ErrOut, "hookctl: "+sel.Notice)
	}
}

// isConfigError reports whether err is a configuration problem (exit 2,
// with its file, line, key and fix).
func isConfigError(err error) bool {
	var ce *config.Error
	return errors.As(err, &ce)
}

// profileInUse is the -v line that says which profile a run uses, why, and
// what it talks to.
func (f *Factory) profileInUse(cfg *config.File) string {
	p := f.prof
	why := "the config's default"
	switch {
	case f.Opts.Profile != "":
		why = "chosen with --profile"
	case f.Getenv("HOOKCTL_PROFILE") != "":
		why = "chosen with $HOOKCTL_PROFILE"
	case !cfg.Exists:
		why = "no config file"
	}
	where := "its dialect's default base URL"
	switch {
	case p.Builtin:
		where = "the built-in sandbox, state in " + config.StateDir(f.Getenv)
	case p.BaseURL != "":
		where = config.MaskURL(p.BaseURL)
	}
	src := "a built-in profile"
	if _, inFile := cfg.Profiles[strings.ToLower(p.Name)]; inFile {
		src = "from " + cfg.Path
	}
	return fmt.Sprintf("using profile %s (dialect %s; %s; %s) at %s", p.Name, p.Dialect, why, src, where)
}

// Schema is the chosen profile's dialect schema.
func (f *Factory) Schema() (*webhook.Schema, error) {
	p, err := f.Profile()
	if err != nil {
		return nil, err
	}
	return dialect.Schema(p.Dialect)
}

// Backend opens the chosen profile's backend.
func (f *Factory) Backend() (webhook.Backend, error) {
	p, err := f.Profile()
	if err != nil {
		return nil, err
	}
	api, err := f.apiClient(p)
	if err != nil {
		return nil, err
	}
	deliver, err := httpx.New(f.clientOptions())
	if err != nil {
		return nil, err
	}
	return dialect.Open(p.Dialect, p.Values(), dialect.Clients{API: api, Deliver: deliver})
}

func (f *Factory) clientOptions() httpx.Options {
	// One idle connection per bulk worker, so bulk work reuses connections.
	f.budgetOnce.Do(func() { f.budget = httpx.NewRetryBudget(max(httpx.DefaultRetryBudget, f.Opts.Timeout)) })
	o := httpx.Options{Timeout: f.Opts.Timeout, Redactor: f.Redactor, UserAgent: "hookctl/" + userAgentVersion(), Concurrency: bulkWorkers, Budget: f.budget}
	if !f.completing {
		// Waits over 2 s are announced; -v announces every retry.
		o.Notices = f.IO.ErrOut
		o.Verbose = f.Opts.Verbose || f.Opts.Debug
		if f.Opts.Debug {
			o.Debug = f.IO.ErrOut
		}
	}
	return o
}

// apiClient is the HTTP client for the profile's API: its rate limit, its CA,
// and for the built-in profiles the in-process sandbox instead of a socket.
func (f *Factory) apiClient(p config.Profile) (*httpx.Client, error) {
	o := f.clientOptions()
	cfg := f.configForErrors()
	if err := cfg.CheckCAFile(p); err != nil {
		return nil, err
	}
	o.Name = p.Dialect
	o.CAFile = p.CAFile
	var n int
	var window time.Duration
	if d, err := dialect.Lookup(p.Dialect); err == nil {
		o.RateLimitWait, n, window = d.RateLimitWait, d.RateLimit, d.RateWindow
	}
	if p.RateLimit != "" {
		var err error
		if n, window, err = httpx.ParseRate(p.RateLimit); err != nil {
			return nil, cfg.KeyError(p, config.KeyRateLimit, err.Error(), "write it as N/DURATION, e.g. 100/10s")
		}
	}
	o.Limiter = httpx.NewLimiter(n, window)
	if p.Builtin {
		sb, err := f.builtinSandbox(p.Dialect)
		if err != nil {
			return nil, err
		}
		o.Transport = sb.Transport()
	} else if p.BaseURL != "" {
		if _, err := httpx.CheckBaseURL(p.BaseURL); err != nil {
			return nil, cfg.KeyError(p, config.KeyBaseURL, err.Error(), "use an https URL (plain http only for a loopback host such as 127.0.0.1)")
		}
	}
	return httpx.New(o)
}

// configForErrors is the config file, to locate a profile key in an error;
// a stand-in naming the path when the file could not be read (a profile
// about to be added need not be in any file).
func (f *Factory) configForErrors() *config.File {
	if cfg, err := f.Config(); err == nil {
		return cfg
	}
	return &config.File{Path: f.configPath()}
}

// builtinSandbox is the in-process emulator of the dialect's API behind its
// built-in profile (one dialect: the others' vendor files stay unread), its
// state kept under $XDG_STATE_HOME/hookctl.
func (f *Factory) builtinSandbox(name string) (*sandbox.Sandbox, error) {
	d, err := dialect.Lookup(name)
	if err != nil {
		return nil, err
	}
	// sandbox.New makes the directory, and says which and why when it
	// cannot (a StateError), as it does for a full disk or a corrupt file.
	dir := config.StateDir(f.Getenv)
	return sandbox.New(sandbox.Options{Emulators: []sandbox.Emulator{d.Sandbox.Emulator}, StatePath: filepath.Join(dir, "sandbox.json")})
}

// Printer builds the printer for the chosen output flags, in the format
// the output policy resolved (table on a terminal, TSV in a pipe, unless
// -o, --raw, --jq or --template say otherwise).
func (f *Factory) Printer(schema *webhook.Schema, quiet bool) (*output.Printer, error) {
	return f.printerTo(f.IO.Out, schema, quiet)
}

// printerTo is Printer writing to w.
func (f *Factory) printerTo(w io.Writer, schema *webhook.Schema, quiet bool) (*output.Printer, error) {
	o := f.printerOptions(quiet)
	if schema != nil {
		o.Columns = schema.FieldNames()
	}
	p, err := output.New(w, o)
	if err != nil {
		return nil, &usageError{err}
	}
	return p, nil
}

// CanPrompt reports whether questions may be asked: terminals on stdin and
// stdout, and no --no-input.
func (f *Factory) CanPrompt() bool {
	return f.IO.CanPrompt() && !f.Opts.NoInput && f.Prompter != nil && !f.completing
}

// overrideOwner applies the key flags (-R/--repo, --org, --group) for this
// run: the one given replaces whichever of the dialect's flag keys the
// profile set. A dialect without that key refuses it.
func (f *Factory) overrideOwner(p *config.Profile) error {
	var given []string
	for _, k := range keyFlags() {
		if v := f.Opts.KeyFlags[k.Name]; v != nil && *v != "" {
			given = append(given, k.Name)
		}
	}
	switch {
	case len(given) == 0:
		return nil
	case len(given) > 1:
		return &usageError{fmt.Errorf("%s name different owners: pass one of them", webhook.And(flagNames(given)))}
	}
	key := given[0]
	d, err := dialect.Lookup(p.Dialect)
	if err != nil {
		return err
	}
	if k, ok := d.Key(key); !ok || k.Flag == "" {
		return &usageError{fmt.Errorf("%s is only for profiles that name %s (%s); profile %s is %s",
			flagNames(given)[0], webhook.A(keyNoun(key)), strings.Join(dialectsWithKeyFlag(key), ", "), p.Name, p.Dialect)}
	}
	if p.Origin == nil {
		p.Origin = map[string]string{}
	}
	for _, k := range d.Keys {
		if k.Flag != "" {
			_ = p.Set(k.Name, "")
			delete(p.Origin, k.Name)
		}
	}
	p.Origin[key] = "flag --" + key
	return p.Set(key, *f.Opts.KeyFlags[key])
}

// keyFlags are the dialects' profile keys that a global flag sets, each
// once, in the registry's order.
func keyFlags() []spec.Key {
	var out []spec.Key
	for _, d := range dialect.Builtin() {
		for _, k := range d.Keys {
			if k.Flag != "" && !slices.ContainsFunc(out, func(o spec.Key) bool { return o.Name == k.Name }) {
				out = append(out, k)
			}
		}
	}
	return out
}

// keyNoun says what a flag key names, from its dialects' labels
// ("repository or project").
func keyNoun(key string) string {
	var nouns []string
	for _, d := range dialect.Builtin() {
		if k, ok := d.Key(key); ok && k.Flag != "" {
			noun, _, _ := strings.Cut(k.Label, " (")
			if noun = strings.ToLower(noun); !slices.Contains(nouns, noun) {
				nouns = append(nouns, noun)
			}
		}
	}
	return strings.Join(nouns, " or ")
}

// dialectsWithKeyFlag names the dialects whose key has a flag.
func dialectsWithKeyFlag(key string) []string {
	var out []string
	for _, d := range dialect.Builtin() {
		if k, ok := d.Key(key); ok && k.Flag != "" {
			out = append(out, d.Name)
		}
	}
	return out
}

// flagNames are the flags of keys, as help writes them ("-R/--repo").
func flagNames(keys []string) []string {
	out := make([]string, len(keys))
	for i, name := range keys {
		for _, k := range keyFlags() {
			if k.Name == name {
				out[i] = "--" + k.Flag
				if k.Short != "" {
					out[i] = "-" + k.Short + "/--" + k.Flag
				}
			}
		}
	}
	return out
}
