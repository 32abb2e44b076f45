#!/usr/bin/env bash
# bench/stripe.sh: `hookctl list` of N Stripe webhook endpoints (a vendor
# file's dialect: form-encoded API, pages of 100 by starting_after) beside
# the shell's way of reading the same pages, side by side in one run:
#
#   curl          every page with curl, the page URLs known in advance
#   curl | jq     a bash loop that walks the pages as a script must (jq reads
#                 has_more and the last id) and prints the same TSV rows
#   hookctl list -o tsv
#
# Targets (docs/performance.md): hookctl ≤ 0.8× curl | jq, ≤ 2× curl.
#
#   bash bench/stripe.sh [BIN]      (N=10000 RUNS=15 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-10000}
RUNS=${RUNS:-15}
note() { echo "bench/stripe: $*" >&2; }
for t in curl jq; do command -v "$t" >/dev/null || { note "$t is required"; exit 1; }; done

WORK=$(mktemp -d)
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
	rm -rf "$WORK"
}
trap cleanup EXIT

BIN=${1:-}
if [ -z "$BIN" ]; then
	BIN=$WORK/hookctl
	CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$BIN" ./cmd/hookctl
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
go build -trimpath -o "$WORK/seed" ./bench/seed
go build -trimpath -o "$WORK/interleave" ./bench/interleave
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_CACHE_HOME=$WORK/home/.cache XDG_STATE_HOME=$WORK/home/.state NO_COLOR=1
mkdir -p "$HOME"

"$WORK/seed" -stripe -n "$N" -o "$WORK/state.json"
"$BIN" sandbox --addr 127.0.0.1:0 --dialect stripe --state "$WORK/state.json" >"$WORK/sb.yaml" 2>"$WORK/sb.log" &
PIDS+=($!)
base=""
for _ in $(seq 100); do
	base=$(sed -n 's/^ *base-url: *//p' "$WORK/sb.yaml" 2>/dev/null | head -n1)
	[ -n "$base" ] && break
	sleep 0.05
done
[ -n "$base" ] || { note "the sandbox did not start"; cat "$WORK/sb.log" >&2; exit 1; }
chmod 600 "$WORK/sb.yaml"
export HOOKCTL_CONFIG=$WORK/sb.yaml

# The page URLs, as the listing reads them (curl alone fetches just these).
echo 'header = "Authorization: Bearer sk_test_sandbox"' >"$WORK/urls"
after=""
for ((i = 0; i < N; i += 100)); do
	echo "url = \"$base/v1/webhook_endpoints?limit=100${after:+&starting_after=$after}\"" >>"$WORK/urls"
	echo "output = /dev/null" >>"$WORK/urls"
	after=$(printf 'we_%024d' $((i + 99)))
done

cat >"$WORK/walk.sh" <<EOF
#!/usr/bin/env bash
# Walk every page as a script would, printing id, url, description, events, active.
set -euo pipefail
after=""
while :; do
	page=\$(curl -s -H 'Authorization: Bearer sk_test_sandbox' "$base/v1/webhook_endpoints?limit=100\${after:+&starting_after=\$after}")
	jq -r '.data[] | [.id, .url, .description, (.enabled_events | join(",")), (.status == "enabled")] | @tsv' <<<"\$page"
	[ "\$(jq -r .has_more <<<"\$page")" = true ] || break
	after=\$(jq -r '.data[-1].id' <<<"\$page")
done
EOF
chmod +x "$WORK/walk.sh"

# Sanity: the same rows, and all of them.
"$BIN" list -o tsv >"$WORK/a.tsv"
"$WORK/walk.sh" >"$WORK/b.tsv"
[ "$(wc -l <"$WORK/a.tsv")" = "$N" ] || { note "hookctl list did not print $N rows"; exit 1; }
cmp -s "$WORK/a.tsv" "$WORK/b.tsv" || note "warning: hookctl list -o tsv and the curl | jq walk differ"

note "list of $N Stripe endpoints in pages of 100, $RUNS runs each, taking turns"
"$WORK/interleave" -n "$RUNS" -warmup 2 \
	"curl=curl -s --config $WORK/urls" \
	"curl_jq=$WORK/walk.sh" \
	"hookctl=$BIN list -o tsv"
