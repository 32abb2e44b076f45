#!/usr/bin/env bash
# Checks the release configuration: `goreleaser check`, then a snapshot
# build of every target into dist/ (nothing is published). goreleaser v2 is
# installed into bin/tools/ on first use. Slow: not part of `make test`.
set -euo pipefail

GORELEASER_VERSION=v2.15.1
cd "$(dirname "$0")/.."
tools="$PWD/bin/tools"
bin="$tools/goreleaser-$GORELEASER_VERSION"

if [ ! -x "$bin" ]; then
	echo "release-check: installing goreleaser $GORELEASER_VERSION into bin/tools/" >&2
	mkdir -p "$tools"
	GOBIN="$tools" go install "github.com/goreleaser/goreleaser/v2@$GORELEASER_VERSION"
	mv "$tools/goreleaser" "$bin"
fi

"$bin" check
"$bin" release --snapshot --clean --skip=publish
echo "release-check: archives in dist/:" >&2
ls dist/*.tar.gz dist/*.zip >&2
