#!/usr/bin/env bash
# bench/bulk.sh [BIN] — the bulk-rate target of issue 9: delete N (1000)
# webhooks through `hookctl delete -` against `hookctl sandbox --rate-limit
# 100/10s`, and report the achieved rate against the allowed one and the
# 429s the sandbox answered. It takes about N/10 seconds, so `make bench`
# does not run it.
set -euo pipefail

cd "$(dirname "$0")/.."
N=${N:-1000}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hookctl-bulk.XXXXXX")
SB=""
cleanup() {
	[ -n "$SB" ] && { kill "$SB" 2>/dev/null || true; wait "$SB" 2>/dev/null || true; }
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

BIN=${1:-}
if [ -z "$BIN" ]; then
	BIN=$WORK/hookctl
	go build -trimpath -ldflags '-s -w' -o "$BIN" ./cmd/hookctl
fi
go build -trimpath -o "$WORK/seed" ./bench/seed
"$WORK/seed" -n "$N" -o "$WORK/state.json"

export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_CACHE_HOME=$WORK/home/.cache XDG_STATE_HOME=$WORK/home/.state
mkdir -p "$HOME"
"$BIN" sandbox --addr 127.0.0.1:0 --dialect trello --state "$WORK/state.json" --rate-limit 100/10s \
	>"$WORK/sb.out" 2>"$WORK/sb.log" &
SB=$!
for _ in $(seq 100); do grep -q base-url "$WORK/sb.out" 2>/dev/null && break; sleep 0.05; done
cp "$WORK/sb.out" "$WORK/config.yaml" # a whole config: "profile: local-trello" and the profile
chmod 600 "$WORK/config.yaml"
export HOOKCTL_CONFIG=$WORK/config.yaml

"$BIN" list -q >"$WORK/ids"
# A fresh window: the list above counts against the same token.
sleep 11
start=$(date +%s.%N)
"$BIN" delete - --yes <"$WORK/ids"
end=$(date +%s.%N)
# Count before the check below: its list would be the 101st request of the
# delete's last window, and the sandbox would rightly answer it 429.
n429=$(grep -c ' 429 ' "$WORK/sb.log" || true)
sleep 11
left=$("$BIN" list -q | wc -l)
awk -v n="$N" -v s="$start" -v e="$end" -v q="$n429" -v left="$left" 'BEGIN {
	t = e - s; rate = n / t
	printf "deleted %d webhooks in %.1f s: %.2f requests/s, %.0f %% of the allowed 10/s; %d answered 429; %d left\n", n, t, rate, rate * 10, q, left
}'
