#!/usr/bin/env bash
# Gzips docs/man/*.1 into bin/release/man/ for the .deb and .rpm packages,
# which install man pages compressed (Debian policy; man reads them as they
# are). -n leaves the name and time out of the gzip header, so the packages
# stay reproducible. goreleaser runs this as a before hook.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bin/release/man
rm -rf "$out"
mkdir -p "$out"
for page in docs/man/*.1; do
	gzip -9 -n -c "$page" >"$out/$(basename "$page").gz"
done
