package cli

import (
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Help text that differs by dialect is made here from the descriptors, so
// that a new dialect appears in every command's help without an edit. It
// is made late (see later): the registry reads the vendor files when asked
// for every dialect, and a run that shows no help must not pay for that.

// laterTexts are the texts of later's markers, by key.
var laterTexts sync.Map

// later returns a marker that stands for fn's text in a command's help or
// a flag's description until resolveHelp replaces it, when help is shown
// (or docs, or a flag's description in a TAB). key names the text; one key
// is one text.
func later(key string, fn func() string) string {
	laterTexts.LoadOrStore(key, fn)
	return laterMark + key + laterMark
}

// laterMark brackets later's markers; no help text has it.
const laterMark = "\x00"

// resolveHelp replaces later's markers in the help and flag descriptions
// of cmd and every command under it.
func resolveHelp(cmd *cobra.Command) {
	cmd.Short = resolveText(cmd.Short)
	cmd.Long = resolveText(cmd.Long)
	cmd.Example = resolveText(cmd.Example)
	resolveFlags := func(f *pflag.Flag) { f.Usage = resolveText(f.Usage) }
	cmd.Flags().VisitAll(resolveFlags)
	cmd.PersistentFlags().VisitAll(resolveFlags)
	for _, c := range cmd.Commands() {
		resolveHelp(c)
	}
}

func resolveText(s string) string {
	for {
		i := strings.Index(s, laterMark)
		if i < 0 {
			return s
		}
		j := strings.Index(s[i+1:], laterMark)
		if j < 0 {
			return s
		}
		key := s[i+1 : i+1+j]
		text := ""
		if fn, ok := laterTexts.Load(key); ok {
			text = fn.(func() string)()
		}
		s = s[:i] + text + s[i+1+j+1:]
	}
}

// helpWidth is the width help text is wrapped to.
const helpWidth = 78

// dialectTable lists one entry per dialect, in the registry's order, each
// under its name and wrapped, then the extra rows (name, text) given:
//
//	trello      X-Trello-Webhook, HMAC-SHA1 of the body and the
//	            callback URL, keyed with the Trello app secret
func dialectTable(entry func(d *spec.Descriptor) string, extra ...string) string {
	var names, texts []string
	for _, d := range dialect.All() {
		names, texts = append(names, d.Name), append(texts, entry(d))
	}
	for i := 0; i+1 < len(extra); i += 2 {
		names, texts = append(names, extra[i]), append(texts, extra[i+1])
	}
	col := 0
	for _, n := range names {
		col = max(col, len(n))
	}
	col += 4 // two spaces before the name, two after
	var b strings.Builder
	for i, n := range names {
		for j, line := range wrapWords(texts[i], helpWidth-col) {
			lead := strings.Repeat(" ", col)
			if j == 0 {
				lead = "  " + n + strings.Repeat(" ", col-2-len(n))
			}
			b.WriteString(lead + line + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// wrapWords breaks text into lines of at most width columns (a longer word
// gets a line of its own).
func wrapWords(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	return append(lines, line)
}

// dialectTitles names every dialect's vendor, in the registry's order, as
// "Trello, SupportBee, … and GitHub".
func dialectTitles() string {
	var titles []string
	for _, d := range dialect.All() {
		titles = append(titles, d.Title)
	}
	return webhook.And(titles)
}

// dialectNameList names every dialect, as profiles write them:
// "trello, supportbee, …".
func dialectNameList() string { return strings.Join(dialect.Names(), ", ") }

// paragraph wraps text to helpWidth columns, for help made of parts that
// come from the registry.
func paragraph(text string) string { return strings.Join(wrapWords(text, helpWidth), "\n") }

// dialectsWhere names the dialects for which ok holds, as "a, b and c".
func dialectsWhere(ok func(d *spec.Descriptor) bool) string {
	var names []string
	for _, d := range dialect.All() {
		if ok(d) {
			names = append(names, d.Name)
		}
	}
	return webhook.And(names)
}

// dialectsWithField names the dialects whose schema has the common field.
func dialectsWithField(field string) string {
	return dialectsWhere(func(d *spec.Descriptor) bool { return d.Schema.Has(field) })
}

// signingHelp says how a dialect signs its deliveries and with what secret.
func signingHelp(d *spec.Descriptor) string {
	s := d.Signing
	if s.Signer == nil {
		return "deliveries are not signed"
	}
	return s.Schemes + ": " + s.Method + ", keyed with the " + s.Secret
}

// requiredFlags lists the flags create needs for d, as create's
// validation names them (webhook.Schema.Validate): "--url and --model".
func requiredFlags(d *spec.Descriptor) string {
	var flags []string
	for _, f := range d.Schema.Fields {
		if f.Required {
			flags = append(flags, "--"+webhook.FlagName(f.Name))
		}
	}
	return webhook.And(flags)
}

// naturalKey names the fields that identify a webhook of d: "url and model".
func naturalKey(d *spec.Descriptor) string { return webhook.And(d.Schema.KeyFields) }

// oneTimeSecret: create's answer carries a signing secret that the
// backend shows only then.
func oneTimeSecret(d *spec.Descriptor) bool { return d.Schema.OneTimeSecret }

// writeOnlySecret: create and update take a signing secret the backend
// never shows back.
func writeOnlySecret(d *spec.Descriptor) bool { return d.Schema.WriteOnlySecret }

// nativeNames says what the dialects that call a common field otherwise
// call it: " (entrust: name)", or "" when all use the common name.
func nativeNames(field string) string {
	var parts []string
	for _, d := range dialect.All() {
		if f, ok := d.Schema.Field(field); ok && !strings.EqualFold(f.Native, field) {
			parts = append(parts, d.Name+": "+f.Native)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}
