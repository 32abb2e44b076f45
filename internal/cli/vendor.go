package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/vendorfile"
	"github.com/hookctl/hookctl/pkg/vendorfile/openapicheck"
	"github.com/hookctl/hookctl/pkg/webhook"
)

func newCmdVendor(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:         "vendor",
		Annotations: prints(outNone),
		Short:       "List, show and check vendor files (APIs described in YAML)",
		Long: `A vendor file describes a REST webhook API in YAML: its base URL, profile
keys, authentication, each call's method and path, where the common fields
are in its JSON, how its deliveries are signed. Some dialects are built in
as vendor files; your own go in $XDG_CONFIG_HOME/hookctl/vendors/NAME.yaml
(or --vendor-file FILE for one run) and work in every command and in
hookctl sandbox. hookctl vendor show NAME prints a complete one to start
from.

A bad vendor file of yours is reported once, on stderr, and skipped: the
other dialects keep working. Every *.yaml file of that directory is read as
a vendor file: keep a vendor's OpenAPI description there as .json, or
elsewhere.`,
		Args: subcommandArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newCmdVendorList(f), newCmdVendorShow(f), newCmdVendorCheck(f))
	return cmd
}

// vendorRecord is one row of `vendor list` in json and yaml.
type vendorRecord struct {
	Name   string `json:"name" yaml:"name"`
	Title  string `json:"title" yaml:"title"`
	Source string `json:"source" yaml:"source"`
}

// vendorSource says where a dialect comes from, for people.
func vendorSource(source string) string {
	switch {
	case source == "":
		return "built in (Go)"
	case strings.HasPrefix(source, "built-in "):
		return "built in"
	}
	return source
}

func newCmdVendorList(f *Factory) *cobra.Command {
	var quiet bool
	cmd := &cobra.Command{
		Use:         "list",
		Aliases:     []string{"ls"},
		Annotations: prints(outRecords),
		Short:       "List every dialect and where it comes from",
		Long: `List every dialect: those written in Go ("built in (Go)"), the built-in
vendor files ("built in") and your own vendor files (their path).`,
		Example: `  hookctl vendor list
  hookctl vendor list -o json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var rows [][]string
			var data []vendorRecord
			for _, d := range dialect.All() {
				r := vendorRecord{Name: d.Name, Title: d.Title, Source: vendorSource(d.Source)}
				rows = append(rows, []string{r.Name, r.Title, r.Source})
				data = append(data, r)
			}
			p, err := f.Printer(nil, quiet)
			if err != nil {
				return err
			}
			return p.Records([]string{"name", "title", "source"}, rows, data)
		},
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print dialect names only")
	return cmd
}

func newCmdVendorShow(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:         "show NAME",
		Annotations: prints(outNone),
		Short:       "Print a dialect's vendor file",
		Long: `Print the vendor file of the dialect NAME as hookctl reads it: the copy
built into hookctl, or your own file. A good start for a vendor file of
your own: hookctl vendor show NAME > ~/.config/hookctl/vendors/mine.yaml,
then change name: and the rest.

Dialects made from a vendor file: ` + later("vendor-files", vendorFileNames) + `.
A dialect written in Go has no vendor file (exit 2).`,
		Example: `  hookctl vendor show ` + later("vendor-file-example", firstVendorFile) + `
  hookctl vendor show ` + later("vendor-file-example", firstVendorFile) + ` > mine.yaml`,
		Args: exactArgs(1, "NAME"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, noFileComp
			}
			var out []string
			for _, d := range dialect.All() {
				if d.Source != "" && strings.HasPrefix(d.Name, toComplete) {
					out = append(out, d.Name+"\t"+d.Title)
				}
			}
			return out, noFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[0]
			data, _, ok, err := dialect.VendorFile(name)
			if err != nil {
				return err
			}
			if !ok {
				return webhook.Invalid("", "%s is written in Go, not a vendor file: there is no file to show (hookctl vendor list says where each dialect comes from)", name)
			}
			_, err = f.IO.Out.Write(data)
			return err
		},
	}
}

func newCmdVendorCheck(f *Factory) *cobra.Command {
	var spec string
	cmd := &cobra.Command{
		Use:         "check FILE",
		Annotations: prints(outNone),
		Short:       "Check a vendor file, also against the vendor's OpenAPI description",
		Long: `Check that FILE is a well-formed vendor file: each problem is one line on
stderr with the file, line and key (exit 2).

With an OpenAPI description (--openapi SPEC, else the file's openapi: key,
a path beside the file; for a built-in vendor, beside its file in a
checkout of hookctl's source), also prove the file against it: every call's
method and path exist (a path parameter's name does not matter), every
request member the file writes is in that call's request schema, every
answer path it reads is in the answer's schema, and at least one of
errors.message is in the error answers the description gives a body.
Each mismatch is one line on stdout, FILE:LINE: KEY: what (exit 1); a file
that agrees exits 0.

FILE may also be the name of a dialect made from a vendor file.`,
		Example: `  hookctl vendor check ` + later("vendor-file-example", firstVendorFile) + `
  # a vendor file of your own, against the vendor's published description:
  #   hookctl vendor check ~/.config/hookctl/vendors/mine.yaml --openapi their-openapi.json`,
		Args: exactArgs(1, "FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return vendorCheck(f, args[0], spec)
		},
	}
	cmd.Flags().StringVar(&spec, "openapi", "", "the vendor's OpenAPI description (JSON or YAML) to prove the file against (default: the file's openapi: key)")
	_ = cmd.MarkFlagFilename("openapi", "json", "yaml", "yml")
	return cmd
}

// vendorCheck is `vendor check FILE [--openapi SPEC]`.
func vendorCheck(f *Factory, file, spec string) error {
	source := file
	data, err := os.ReadFile(file)
	builtin := false
	if errors.Is(err, os.ErrNotExist) && !strings.ContainsAny(file, `/\.`) {
		// Not a file: the name of a dialect made from one?
		var ok bool
		var derr error
		data, source, ok, derr = dialect.VendorFile(file)
		switch {
		case derr != nil || !ok:
			return &usageError{fmt.Errorf("vendor check %s: no such file, nor a dialect made from a vendor file", file)}
		}
		builtin, err = strings.HasPrefix(source, "built-in "), nil
	}
	if err != nil {
		return &usageError{&vendorfile.Error{File: file, Msg: plainFileError(err)}}
	}
	vf, err := vendorfile.Parse(source, data)
	if err != nil {
		var probs vendorfile.Problems
		if errors.As(err, &probs) && len(probs) > 1 {
			for _, p := range probs {
				fmt.Fprintln(f.IO.ErrOut, f.Redactor.String("hookctl: "+oneLine(p.Error())))
			}
			return &silentError{code: ExitUsage}
		}
		return err
	}
	fromKey := spec == ""
	switch {
	case spec != "":
	case builtin:
		spec = inCheckout(vf.OpenAPI)
	default:
		spec = openapicheck.OpenAPIPath(vf)
	}
	if spec == "" {
		why := "it names no openapi:"
		if builtin {
			why = "its OpenAPI description is not built into hookctl, and this is no checkout of its source"
		}
		fmt.Fprintf(f.IO.Out, "%s: a well-formed vendor file for %s; not proven against an OpenAPI description (%s; give --openapi SPEC)\n", source, vf.Title, why)
		return nil
	}
	probs, err := openapicheck.CheckFile(vf, spec)
	if err != nil {
		if fromKey {
			return withHint(err, fmt.Sprintf("the file's openapi: (line %d) names it, relative to the file; --openapi SPEC names another", vf.Line("openapi")))
		}
		return err
	}
	for _, p := range probs {
		fmt.Fprintln(f.IO.Out, f.Redactor.String(oneLine(p.Error())))
	}
	if n := len(probs); n > 0 {
		things := "mismatches"
		if n == 1 {
			things = "mismatch"
		}
		return fmt.Errorf("vendor check %s: %d %s with %s", source, n, things, spec)
	}
	fmt.Fprintf(f.IO.Out, "%s: agrees with %s\n", source, spec)
	return nil
}

// vendorsDir is where the built-in vendor files are in hookctl's source.
const vendorsDir = "pkg/dialect/vendors"

// inCheckout finds a built-in vendor file's OpenAPI description (name,
// relative to the file) in a checkout of hookctl's source that holds the
// working directory; "" when there is none.
func inCheckout(name string) string {
	wd, err := os.Getwd()
	if name == "" || filepath.IsAbs(name) || err != nil {
		return ""
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		p := filepath.Join(dir, filepath.FromSlash(vendorsDir), filepath.FromSlash(name))
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			if rel, err := filepath.Rel(wd, p); err == nil {
				return rel
			}
			return p
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}

// firstVendorFile is the first dialect made from a vendor file, for
// examples.
func firstVendorFile() string {
	for _, d := range dialect.All() {
		if d.Source != "" {
			return d.Name
		}
	}
	return "NAME"
}

// vendorFileNames names the dialects made from a vendor file, for help.
func vendorFileNames() string {
	var names []string
	for _, d := range dialect.All() {
		if d.Source != "" {
			names = append(names, d.Name)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return webhook.And(names)
}

// plainFileError says why a file cannot be read, without Go's words.
func plainFileError(err error) string {
	var pe *os.PathError
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "no such file"
	case errors.Is(err, os.ErrPermission):
		return "permission denied"
	case errors.As(err, &pe):
		return pe.Err.Error()
	}
	return err.Error()
}
