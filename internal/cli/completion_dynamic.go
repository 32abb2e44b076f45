package cli

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/internal/output"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// liveLookupDeadline bounds the backend lookup a completion makes when the
// id cache is cold: better no candidates than a hung TAB.
const liveLookupDeadline = time.Second

// noFileComp is the directive of every dynamic completion: never fall back
// to file names.
const noFileComp = cobra.ShellCompDirectiveNoFileComp

// registerCompletions wires dynamic completion into the tree: webhook ids,
// field names and values, profiles, formats, dialects and events.
func registerCompletions(f *Factory, root *cobra.Command) {
	for _, c := range root.Commands() {
		if fn := argCompletion(f, c); fn != nil && c.ValidArgsFunction == nil {
			c.ValidArgsFunction = fn
		}
	}
	if p, _, err := root.Find([]string{"profile"}); err == nil && p != root {
		for _, c := range p.Commands() {
			if c.ValidArgsFunction == nil {
				c.ValidArgsFunction = profileArgCompletion(f, c.Name())
			}
		}
	}
	walk(root, func(c *cobra.Command) { registerFlagCompletions(f, c) })
}

func walk(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, sub := range c.Commands() {
		walk(sub, fn)
	}
}

// argCompletion is the positional-argument completion of a top-level
// command, nil to leave cobra's default (subcommand names).
func argCompletion(f *Factory, c *cobra.Command) cobra.CompletionFunc {
	switch c.Name() {
	case "get":
		return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			switch len(args) {
			case 0:
				return f.completeIDs(cmd, nil, toComplete)
			case 1:
				return f.completeFields(false, toComplete)
			}
			return nil, noFileComp
		}
	case "set-field":
		return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			switch len(args) {
			case 0:
				return f.completeIDs(cmd, nil, toComplete)
			case 1:
				return f.completeFields(true, toComplete)
			case 2:
				return f.completeFieldValues(args[1], toComplete)
			}
			return nil, noFileComp
		}
	case "deliveries":
		return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if s, err := f.Schema(); err == nil && s.AccountLog {
				// The account's log (Stripe's events): [DELIVERY] alone.
				if len(args) == 0 {
					return f.completeDeliveryIDs(cmd, "", toComplete)
				}
				return nil, noFileComp
			}
			switch len(args) {
			case 0:
				return f.completeIDs(cmd, nil, toComplete)
			case 1:
				return f.completeDeliveryIDs(cmd, args[0], toComplete)
			}
			return nil, noFileComp
		}
	case "update", "test":
		return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return f.completeIDs(cmd, nil, toComplete)
			}
			return nil, noFileComp
		}
	case "delete":
		return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			return f.completeIDs(cmd, args, toComplete)
		}
	case "completion":
		return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, noFileComp
			}
			return filterPrefix(completionShells, toComplete), noFileComp
		}
	case "list", "create", "export", "apply", "diff", "listen", "sandbox", "version":
		if !c.HasSubCommands() {
			return cobra.NoFileCompletions
		}
	}
	return nil
}

// profileArgCompletion completes `profile use|show|remove|check NAME`.
func profileArgCompletion(f *Factory, name string) cobra.CompletionFunc {
	switch name {
	case "use", "show", "remove", "rm", "check":
		return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, noFileComp
			}
			return f.completeProfiles(cmd, args, toComplete)
		}
	}
	return cobra.NoFileCompletions
}

// fileFlags take a path: cobra's default file completion suits them.
var fileFlags = map[string]bool{"file": true, "state": true, "ca-file": true}

// registerFlagCompletions gives every value-taking flag of c a completion:
// the finite values where there are some, and no file names otherwise.
func registerFlagCompletions(f *Factory, c *cobra.Command) {
	c.LocalFlags().VisitAll(func(fl *pflag.Flag) {
		if fl.Value.Type() == "bool" || fileFlags[fl.Name] {
			return
		}
		if _, ok := c.GetFlagCompletionFunc(fl.Name); ok {
			return
		}
		var fn cobra.CompletionFunc
		switch fl.Name {
		case "profile":
			fn = f.completeProfiles
		case "output":
			if c.HasParent() {
				// A command's own -o (e.g. export's yaml|json) is not the
				// global format list.
				fn = cobra.NoFileCompletions
			} else {
				fn = completeFormats
			}
		case "config":
			fn = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
				return []string{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
			}
		case "dialect":
			fn = completeDialects
		case "event":
			fn = f.completeEvents
		case "active":
			fn = cobra.FixedCompletions([]string{"true", "false"}, noFileComp)
		default:
			fn = cobra.NoFileCompletions
		}
		_ = c.RegisterFlagCompletionFunc(fl.Name, fn)
	})
}

// completeIDs offers the profile's webhook ids starting with toComplete,
// each described by its URL, leaving out those already on the command line;
// at most maxIDCandidates of them.
func (f *Factory) completeIDs(cmd *cobra.Command, given []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	p, err := f.Profile()
	if err != nil {
		return nil, noFileComp
	}
	m := newIDMatcher(toComplete, given, maxIDCandidates)
	if r, file, ok := f.cachedIDs(p, time.Now()); ok {
		defer file.Close()
		m.scan(r)
		return m.result(), noFileComp
	}
	ws, ok := f.lookupIDs(cmd.Context())
	if !ok {
		return nil, noFileComp
	}
	for _, w := range ws {
		m.add([]byte(w.ID), []byte(flatURL(w.URL)))
	}
	return m.result(), noFileComp
}

// lookupIDs lists the webhooks from the backend under a hard deadline and
// refreshes the cache with them.
func (f *Factory) lookupIDs(ctx context.Context) ([]webhook.Webhook, bool) {
	ctx, cancel, b, err := f.liveBackend(ctx)
	defer cancel()
	if err != nil {
		return nil, false
	}
	ws, err := b.List(ctx)
	if err != nil {
		return nil, false
	}
	f.rememberIDs(ws)
	return ws, true
}

// liveBackend is the profile's backend for a TAB that asks it, with ctx
// (the command's, else a fresh one) under the live lookup's deadline.
func (f *Factory) liveBackend(ctx context.Context) (context.Context, context.CancelFunc, webhook.Backend, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, liveLookupDeadline)
	b, err := f.Backend()
	return ctx, cancel, b, err
}

// completeFields offers the dialect's field names, common and native;
// settable leaves out the read-only ones (set-field).
func (f *Factory) completeFields(settable bool, toComplete string) ([]string, cobra.ShellCompDirective) {
	s, err := f.Schema()
	if err != nil {
		return nil, noFileComp
	}
	var out []string
	for _, fl := range s.Fields {
		if settable && fl.ReadOnly {
			continue
		}
		names := []string{fl.Name}
		if fl.Native != "" && fl.Native != fl.Name {
			names = append(names, fl.Native)
		}
		for i, n := range names {
			if !strings.HasPrefix(strings.ToLower(n), strings.ToLower(toComplete)) {
				continue
			}
			desc := fl.Help
			if i > 0 {
				desc = s.Dialect + "'s name for " + fl.Name
			}
			out = append(out, cobra.CompletionWithDesc(n, desc))
		}
	}
	return out, noFileComp
}

// completeFieldValues offers a field's finite values: true/false, or the
// dialect's event names (after any comma-separated ones already typed).
func (f *Factory) completeFieldValues(field, toComplete string) ([]string, cobra.ShellCompDirective) {
	s, err := f.Schema()
	if err != nil {
		return nil, noFileComp
	}
	fl, ok := s.Field(field)
	if !ok || fl.ReadOnly {
		return nil, noFileComp
	}
	values := fl.Values(s)
	if fl.Kind != webhook.KindEvents {
		return filterPrefix(values, toComplete), noFileComp
	}
	i := strings.LastIndex(toComplete, ",")
	head, tail := toComplete[:i+1], toComplete[i+1:]
	typed := strings.Split(head, ",")
	var out []string
	for _, v := range values {
		if strings.HasPrefix(v, tail) && !slices.Contains(typed, v) {
			out = append(out, head+v)
		}
	}
	return out, noFileComp
}

// completeEvents completes --event with the profile dialect's event names.
// After a comma (--event push,pu) it completes the last name, keeping the
// ones before it and leaving out those already given.
func (f *Factory) completeEvents(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	s, err := f.Schema()
	if err != nil {
		return nil, noFileComp
	}
	return completeList(s.Events, toComplete), noFileComp
}

// completeList completes the last item of a comma-separated list: each
// candidate is the whole word so far (the items before the last comma,
// then a value), so that every shell inserts it as it is.
func completeList(values []string, toComplete string) []string {
	i := strings.LastIndexByte(toComplete, ',')
	if i < 0 {
		return filterPrefix(values, toComplete)
	}
	head, last := toComplete[:i+1], toComplete[i+1:]
	given := map[string]bool{}
	for _, v := range strings.Split(toComplete[:i], ",") {
		given[strings.TrimSpace(v)] = true
	}
	var out []string
	for _, v := range filterPrefix(values, last) {
		if !given[v] {
			out = append(out, head+v)
		}
	}
	return out
}

// completeDeliveryIDs offers a webhook's recent delivery ids, each
// described by its event and status, where the dialect keeps a delivery
// log; nothing elsewhere. One page, under the live lookup's deadline.
func (f *Factory) completeDeliveryIDs(cmd *cobra.Command, id, toComplete string) ([]string, cobra.ShellCompDirective) {
	ctx, cancel, b, err := f.liveBackend(cmd.Context())
	defer cancel()
	if err != nil {
		return nil, noFileComp
	}
	log, ok := b.(webhook.DeliveryLogger)
	if !ok {
		return nil, noFileComp
	}
	ds, _, err := log.Deliveries(ctx, id, maxIDCandidates, "")
	if err != nil {
		return nil, noFileComp
	}
	var out []string
	for _, d := range ds {
		if strings.HasPrefix(d.ID, toComplete) && !strings.ContainsAny(d.ID, "\t\n\r") {
			out = append(out, d.ID+"\t"+webhook.Escape(strings.TrimSpace(d.Event+" "+d.Status)))
		}
	}
	return out, noFileComp
}

// completeProfiles completes profile names (the config file's and the
// built-in ones), each described by its dialect. The profile commands use
// it for their NAME argument.
func (f *Factory) completeProfiles(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	cfg, err := f.Config()
	if err != nil {
		return nil, noFileComp
	}
	var out []string
	for _, n := range cfg.Names() {
		if !strings.HasPrefix(n, toComplete) {
			continue
		}
		desc := ""
		if keys, ok := cfg.Profiles[n]; ok {
			desc = keys["dialect"]
		} else {
			names, dialects := config.BuiltinNames()
			if i := slices.Index(names, n); i >= 0 {
				desc = dialects[i] + ", built-in sandbox"
			}
		}
		out = append(out, cobra.CompletionWithDesc(n, desc))
	}
	return out, noFileComp
}

// completeDialects completes dialect names (profile add --dialect, sandbox
// --dialect).
func completeDialects(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	return filterPrefix(dialect.Names(), toComplete), noFileComp
}

// formatHelp describes the -o formats in completion menus.
var formatHelp = map[string]string{
	"table": "aligned columns with a header",
	"tsv":   "tab-separated rows, no header",
	"json":  "a JSON array or object",
	"jsonl": "one JSON object a line",
	"yaml":  "YAML",
	"csv":   "comma-separated with a header",
}

// completeFormats completes -o/--output.
func completeFormats(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	var out []string
	for _, v := range filterPrefix(output.Formats, toComplete) {
		out = append(out, cobra.CompletionWithDesc(v, formatHelp[v]))
	}
	return out, noFileComp
}

func filterPrefix(values []string, prefix string) []string {
	var out []string
	for _, v := range values {
		if strings.HasPrefix(v, prefix) {
			out = append(out, v)
		}
	}
	return out
}
