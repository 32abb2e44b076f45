package cli

import (
	"strings"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Help text that differs by dialect is made here from the descriptors, so
// that a new dialect appears in every command's help without an edit.

// helpWidth is the width help text is wrapped to.
const helpWidth = 78

// dialectTable lists one entry per dialect, in the registry's order, each
// under its name and wrapped, then the extra rows (name, text) given:
//
//	trello      X-Trello-Webhook, HMAC-SHA1 of the body and the
//	            callback URL, keyed with the Trello app secret
func dialectTable(entry func(d *spec.Descriptor) string, extra ...string) string {
	var names, texts []string
	for _, d := range dialect.Descriptors {
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
	titles := make([]string, len(dialect.Descriptors))
	for i, d := range dialect.Descriptors {
		titles[i] = d.Title
	}
	return webhook.And(titles)
}

// dialectNameList names every dialect, as profiles write them:
// "trello, supportbee, …".
func dialectNameList() string { return strings.Join(dialect.Names, ", ") }

// paragraph wraps text to helpWidth columns, for help made of parts that
// come from the registry.
func paragraph(text string) string { return strings.Join(wrapWords(text, helpWidth), "\n") }

// dialectsWhere names the dialects for which ok holds, as "a, b and c".
func dialectsWhere(ok func(d *spec.Descriptor) bool) string {
	var names []string
	for _, d := range dialect.Descriptors {
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

// writeOnlySecret: create and update take a signing secret the backend
// never shows back.
func writeOnlySecret(d *spec.Descriptor) bool { return d.Schema.WriteOnlySecret }

// nativeNames says what the dialects that call a common field otherwise
// call it: " (entrust: name)", or "" when all use the common name.
func nativeNames(field string) string {
	var parts []string
	for _, d := range dialect.Descriptors {
		if f, ok := d.Schema.Field(field); ok && !strings.EqualFold(f.Native, field) {
			parts = append(parts, d.Name+": "+f.Native)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}
