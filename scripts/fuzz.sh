#!/usr/bin/env bash
# Runs every fuzz target of the module, one after another, each for
# $FUZZTIME (default 20s). Targets are found with `go test -list`, so a new
# Fuzz function is picked up without editing this file. New interesting
# inputs stay in the Go build cache; failing inputs are written under the
# package's testdata/fuzz/ and should be committed with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME="${FUZZTIME:-20s}"
status=0
ran=0
for pkg in $(go list ./...); do
	dir=$(go list -f '{{.Dir}}' "$pkg")
	ls "$dir"/*_test.go >/dev/null 2>&1 || continue
	grep -qs '^func Fuzz' "$dir"/*_test.go || continue
	for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		echo "== $pkg $target ($FUZZTIME)"
		ran=$((ran + 1))
		if ! go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$FUZZTIME"; then
			status=1
			echo "FAIL: $pkg $target" >&2
		fi
	done
done
echo "fuzz: $ran targets run for $FUZZTIME each"
exit $status
