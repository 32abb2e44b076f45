package gojq_test

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	fork "github.com/hookctl/hookctl/internal/third_party/gojq"
	upstream "github.com/itchyny/gojq"
)

// The fork must answer every query as the upstream release it was copied
// from does: each builtin by name and arity, and a set of whole queries.

var sample = map[string]any{
	"id":     "5f1e",
	"url":    "https://example.com/hook?a=1",
	"active": true,
	"events": []any{"card.created", "card.deleted"},
	"n":      3,
	"nested": map[string]any{"k": []any{1, 2.5, nil, "x"}},
}

// nondeterministic builtins: their answers depend on the clock, the
// environment or input streams, not on the table.
var nondeterministic = map[string]bool{
	"now/0": true, "input/0": true, "inputs/0": true, "debug/0": true, "debug/1": true,
	"stderr/0": true, "env/0": true, "input_filename/0": true, "input_line_number/0": true,
	"halt/0": true, "halt_error/0": true, "halt_error/1": true, "localtime/0": true,
	"mktime/0": true, "gmtime/0": true, "todate/0": true, "dateadd/2": true, "datesub/2": true,
	"date/0": true,
}

func TestForkHasUpstreamBuiltins(t *testing.T) {
	got := run(t, "fork", forkRun, "[builtins] | sort", nil)
	want := run(t, "upstream", upstreamRun, "[builtins] | sort", nil)
	if !same(got, want) {
		t.Fatalf("builtins differ:\nfork     %v\nupstream %v", got, want)
	}
}

func TestForkAnswersEachBuiltinAsUpstream(t *testing.T) {
	var names []string
	for _, v := range run(t, "upstream", upstreamRun, "builtins[]", nil) {
		names = append(names, v.(string))
	}
	sort.Strings(names)
	if len(names) < 150 {
		t.Fatalf("upstream lists %d builtins, want the full set", len(names))
	}
	for _, name := range names {
		if nondeterministic[name] {
			continue
		}
		fn, n, _ := strings.Cut(name, "/")
		arity, err := strconv.Atoi(n)
		if err != nil {
			t.Fatalf("builtin %q: no arity", name)
		}
		call := fn
		if arity > 0 {
			call += "(."
			for range arity - 1 {
				call += "; ."
			}
			call += ")"
		}
		q := fmt.Sprintf(`[limit(5; try (%s) catch "error")]`, call)
		got := run(t, "fork", forkRun, q, sample)
		want := run(t, "upstream", upstreamRun, q, sample)
		if !same(got, want) {
			t.Errorf("%s: fork %v, upstream %v", q, got, want)
		}
	}
}

func TestForkAnswersQueriesAsUpstream(t *testing.T) {
	for _, q := range []string{
		`.events | map(ascii_upcase) | join(",")`,
		`[.events[] | select(startswith("card.")) | sub("card\\."; "")]`,
		`to_entries | map(select(.value | type == "string")) | from_entries`,
		`[paths(type == "number")]`,
		`.nested.k | map(tostring) | @tsv`,
		`[.id, .url] | @csv, @sh, @base64, @uri, @html, @json`,
		`.url | test("^https://") and (capture("(?<host>[a-z.]+)/") | .host == "example.com")`,
		`[range(10)] | group_by(. % 3) | map(add)`,
		`reduce .nested.k[] as $x (0; . + ($x | numbers? // 0))`,
		`walk(if type == "string" then ascii_downcase else . end) | keys`,
		`[.events[] | splits("\\.")] | unique`,
		`del(.nested) | with_entries(.key |= "x_" + .) | length`,
		`[limit(3; repeat(.n))], first(range(5; 10)), [.[] | numbers] | min_by(.)`,
		`"2026-11-23T09:00:00Z" | fromdate | strftime("%Y %j")`,
		`tostream | select(length == 2) | .[0] | join("/")?`,
		`.nested | INDEX(.k[]; tostring) | keys`,
		`ltrimstr("x") | tojson | fromjson | .n * 2`,
	} {
		got := run(t, "fork", forkRun, q, sample)
		want := run(t, "upstream", upstreamRun, q, sample)
		if !same(got, want) {
			t.Errorf("%s:\nfork     %v\nupstream %v", q, got, want)
		}
	}
}

type runner func(ctx context.Context, query string, input any) ([]any, error)

func forkRun(ctx context.Context, query string, input any) ([]any, error) {
	q, err := fork.Parse(query)
	if err != nil {
		return nil, err
	}
	code, err := fork.Compile(q)
	if err != nil {
		return nil, err
	}
	return collect(ctx, code.RunWithContext(ctx, input))
}

func upstreamRun(ctx context.Context, query string, input any) ([]any, error) {
	q, err := upstream.Parse(query)
	if err != nil {
		return nil, err
	}
	code, err := upstream.Compile(q)
	if err != nil {
		return nil, err
	}
	return collect(ctx, code.RunWithContext(ctx, input))
}

// iter is what both packages' iterators have in common.
type iter interface{ Next() (any, bool) }

func collect(ctx context.Context, it iter) ([]any, error) {
	var out []any
	for ctx.Err() == nil {
		v, ok := it.Next()
		if !ok {
			return out, nil
		}
		if err, isErr := v.(error); isErr {
			out = append(out, "error: "+err.Error())
			continue
		}
		out = append(out, v)
	}
	return out, ctx.Err()
}

func run(t *testing.T, which string, r runner, query string, input any) []any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	out, err := r(ctx, query, input)
	if err != nil {
		return []any{"failed: " + err.Error()}
	}
	return out
}

// same compares answers as printed, so that NaN equals NaN.
func same(a, b []any) bool { return fmt.Sprint(a) == fmt.Sprint(b) }
