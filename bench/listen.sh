#!/usr/bin/env bash
# bench/listen.sh [BIN] — hookctl listen under load, beside a bare Go
# receiver, in one run (issue 27).
#
# 16 concurrent senders post signed GitHub push deliveries (each its own
# id and body) as fast as they are answered, N of them, to:
#   bare    bench/listenload bare: checks X-Hub-Signature-256 and relays
#           the delivery to the app, nothing else;
#   listen  BIN -p sandbox-github listen --secret-file S --record FILE
#           --forward-to APP, stdout to /dev/null (JSON lines: a pipe).
# Both forward to the same local app (listenload app, answers 200). The
# two take turns, ROUNDS rounds, each receiver started afresh per round;
# the memory of each is read at the 100,000th and 130,000th delivery and
# at its peak. bench/listenload compare prints the medians, the ratios and
# the targets (≥ 0.8× the bare rate, p99 ≤ 2× the bare p99, ≤ 5 % growth
# between the marks, under 64 MiB).
#
# Loopback only. Each load is bounded (N deliveries, and timeout LIMIT
# seconds); every process started here is stopped on exit, whatever ends
# the script. Results go to bench/results/listen-*.
#
# Environment: N (130000), C (16), ROUNDS (2), LIMIT (300), RECORD (1; 0
# leaves out --record), LISTEN_FLAGS (more listen flags, split on spaces:
# --quiet to leave out the JSON line per delivery, say).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
N=${N:-130000}
C=${C:-16}
ROUNDS=${ROUNDS:-2}
RECORD=${RECORD:-1}
LIMIT=${LIMIT:-300}
OUT=$ROOT/bench/results
mkdir -p "$OUT"
rm -f "$OUT"/listen-*
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hookctl-listen-bench.XXXXXX")
PIDS=()

cleanup() {
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$WORK" 2>/dev/null || { sleep 1; rm -rf "$WORK"; }
}
trap cleanup EXIT
trap 'exit 130' INT TERM

note() { printf '%s\n' "bench: $*" >&2; }

BIN=${1:-}
if [ -z "$BIN" ]; then
	BIN=$WORK/hookctl
	note "building hookctl"
	go build -o "$BIN" ./cmd/hookctl
fi
go build -o "$WORK/listenload" ./bench/listenload
LOAD=$WORK/listenload

SECRET=$(head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$SECRET" >"$WORK/secret"
chmod 600 "$WORK/secret"
export HOOKCTL_CONFIG= XDG_CONFIG_HOME=$WORK/config XDG_STATE_HOME=$WORK/state XDG_CACHE_HOME=$WORK/cache

# start NAME CMD...: runs CMD in the background, its stdout to
# $WORK/NAME.out; sets PID.
start() {
	local name=$1
	shift
	# Gone first: the background process opens them after this returns,
	# and a reader must not see an earlier round's.
	rm -f "$WORK/$name.out" "$WORK/$name.err"
	"$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
	PID=$!
	PIDS+=("$PID")
}

# waitline FILE: waits (at most 10 s) for FILE's first line, and prints it.
waitline() {
	for _ in $(seq 100); do
		if [ -s "$1" ] && head -n1 "$1" | grep -q .; then
			head -n1 "$1"
			return 0
		fi
		sleep 0.1
	done
	note "nothing in $1 after 10 s"
	cat "${1%.*}.err" >&2 || true
	return 1
}

stop() {
	kill -TERM "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

start app "$LOAD" app -addr 127.0.0.1:0
APP_PID=$PID
APP=http://$(waitline "$WORK/app.out")/hook

run_bare() {
	start bare "$LOAD" bare -addr 127.0.0.1:0 -secret "$SECRET" -forward-to "$APP"
	local pid=$PID addr
	addr=$(waitline "$WORK/bare.out")
	note "round $1: bare receiver, $N deliveries"
	timeout "$LIMIT" "$LOAD" load -url "http://$addr/hook" -secret "$SECRET" -n "$N" -c "$C" -pid "$pid" | tee -a "$OUT/listen-bare.jsonl" >&2
	stop "$pid"
}

run_listen() {
	rm -f "$WORK/record.jsonl"
	local record=(--record "$WORK/record.jsonl")
	[ "$RECORD" = 1 ] || record=()
	start listen "$BIN" -p sandbox-github listen --addr 127.0.0.1:0 --secret-file "$WORK/secret" \
		"${record[@]}" --forward-to "$APP" --stop-after "${LIMIT}s" ${LISTEN_FLAGS:-}
	local pid=$PID addr
	for _ in $(seq 100); do
		grep -q '"listening"' "$WORK/listen.err" 2>/dev/null && break
		sleep 0.1
	done
	addr=$(sed -n 's/.*"addr":"\([^"]*\)".*/\1/p' "$WORK/listen.err" | head -n1)
	[ -n "$addr" ] || { note "listen did not start"; cat "$WORK/listen.err" >&2; return 1; }
	note "round $1: hookctl listen --record --forward-to, $N deliveries"
	timeout "$LIMIT" "$LOAD" load -url "http://$addr/hook" -secret "$SECRET" -n "$N" -c "$C" -pid "$pid" | tee -a "$OUT/listen-hookctl.jsonl" >&2
	stop "$pid"
	[ "$RECORD" = 1 ] || return 0
	local lines
	lines=$(wc -l <"$WORK/record.jsonl")
	note "round $1: $lines deliveries recorded"
	[ "$lines" -eq "$N" ] || note "round $1: recorded $lines of $N"
}

for round in $(seq "$ROUNDS"); do
	if [ $((round % 2)) -eq 1 ]; then
		run_bare "$round"
		run_listen "$round"
	else
		run_listen "$round"
		run_bare "$round"
	fi
done
stop "$APP_PID"

{
	echo "N=$N C=$C ROUNDS=$ROUNDS RECORD=$RECORD LISTEN_FLAGS=${LISTEN_FLAGS:-} $(nproc) cores, $(uname -sr), $(go version | cut -d' ' -f3)"
	echo
	"$LOAD" compare "$OUT/listen-bare.jsonl" "$OUT/listen-hookctl.jsonl"
} | tee "$OUT/listen-summary.md"
