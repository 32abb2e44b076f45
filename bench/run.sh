#!/usr/bin/env bash
# bench/run.sh [BIN] — time hookctl side by side with its baselines (issue 9).
#
#   start-up   BIN --version, BIN completion bash, a bare cobra+viper+
#              tablewriter+survey program (bench/baseline: with hookctl's
#              library versions, and with the latest releases), gh --version
#   list       BIN list -o tsv|-q|jsonl|json beside curl alone and curl | jq,
#              all against one `hookctl sandbox` on loopback holding 10,000
#              Trello webhooks and taking about 90 ms to produce the list
#   memory     peak RSS of each list format (/usr/bin/time -v)
#   TAB        BIN __complete get '' with a warm id cache, and with a cold
#              one against a responsive sandbox
#
# Results (hyperfine markdown and JSON per round, summary.md with medians and
# ratios) go to bench/results/, which git ignores. Tools missing are installed with
# apt-get when running as root; a comparison whose tool cannot be had is
# skipped with a note. Everything started here is stopped on exit.
#
# The machine may be shared: every comparison runs side by side in ROUNDS
# rounds (each command RUNS times per round, the commands taking turns), and
# the summary reports the median of the round medians and the mean CPU time
# (user + system), which waiting on a busy machine inflates less.
#
# Environment: RUNS (default 10), ROUNDS (3), WARMUP (3), N (10000
# webhooks), SERVER_MS (90: the time the list takes to produce),
# SKIP_INSTALL=1.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-10}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-3}
N=${N:-10000}
SERVER_MS=${SERVER_MS:-90}
OUT=$ROOT/bench/results
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.md "$OUT"/*.txt
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hookctl-bench.XXXXXX")
PIDS=()

cleanup() {
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

note() { printf '%s\n' "bench: $*" >&2; }

# --- tools -----------------------------------------------------------------

need=()
for t in hyperfine jq curl gh; do
	command -v "$t" >/dev/null || need+=("$t")
done
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ] && [ -z "${SKIP_INSTALL:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	note "installing ${need[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null 2>&1; } ||
		note "could not install all of: ${need[*]}"
fi
command -v hyperfine >/dev/null || { note "hyperfine is required (apt-get install hyperfine)"; exit 1; }
command -v curl >/dev/null || { note "curl is required"; exit 1; }
HAVE_JQ=1 HAVE_GH=1 HAVE_TIME=1
command -v jq >/dev/null || { HAVE_JQ=0; note "jq missing: skipping the curl | jq comparison"; }
command -v gh >/dev/null || { HAVE_GH=0; note "gh missing: skipping the gh --version comparison (apt-cache policy gh)"; }
[ -x /usr/bin/time ] || { HAVE_TIME=0; note "/usr/bin/time missing: skipping peak memory"; }

# --- build -----------------------------------------------------------------

BIN=${1:-}
if [ -z "$BIN" ]; then
	BIN=$WORK/hookctl
	note "building hookctl"
	CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$BIN" ./cmd/hookctl  # as `make build` and releases
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
# The baseline is built twice, both times as hookctl is (static, stripped):
# with the library versions hookctl pins (go.mod), and as a new program
# gets it today, with the latest release of each of the four.
BASE=$WORK/baseline
BASE_LATEST=$WORK/baseline-latest
note "building the baseline programs and the seeder"
CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$BASE" ./bench/baseline
HAVE_LATEST=1
mkdir -p "$WORK/latest"
cp bench/baseline/main.go "$WORK/latest/"
(cd "$WORK/latest" && go mod init baseline && go get github.com/spf13/cobra@latest \
	github.com/spf13/viper@latest github.com/olekukonko/tablewriter@latest \
	github.com/AlecAivazis/survey/v2@latest && CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' \
	-o "$BASE_LATEST" .) >"$WORK/latest.log" 2>&1 ||
	{ HAVE_LATEST=0; note "could not build the baseline with the latest releases (no module proxy?): skipping it"; }
go build -trimpath -o "$WORK/seed" ./bench/seed
go build -trimpath -o "$WORK/interleave" ./bench/interleave

# Every run gets its own home: no user config, cache or keyring is touched.
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_CACHE_HOME=$WORK/home/.cache \
	XDG_STATE_HOME=$WORK/home/.state GH_CONFIG_DIR=$WORK/home/gh GH_NO_UPDATE_NOTIFIER=1 NO_COLOR=1
mkdir -p "$HOME"

# --- sandboxes -------------------------------------------------------------

# start_sandbox NAME STATE LATENCY: serve the trello dialect on a free port;
# sets URL_<NAME> (the list URL) and writes $WORK/NAME.yaml (a config).
start_sandbox() {
	local name=$1 state=$2 latency=$3
	"$BIN" sandbox --addr 127.0.0.1:0 --dialect trello --state "$state" --latency "$latency" \
		>"$WORK/$name.out" 2>"$WORK/$name.log" &
	PIDS+=($!)
	local base=""
	for _ in $(seq 100); do
		base=$(sed -n 's/^ *base-url: *//p' "$WORK/$name.out" 2>/dev/null | head -n1)
		[ -n "$base" ] && break
		sleep 0.05
	done
	[ -n "$base" ] || { note "sandbox $name did not start:"; cat "$WORK/$name.log" >&2; exit 1; }
	cp "$WORK/$name.out" "$WORK/$name.yaml" # a whole config: "profile: local-trello" and the profile
	chmod 600 "$WORK/$name.yaml"
	printf -v "URL_$name" '%s' "$base/tokens/sandbox-token/webhooks"
}
stop_last_sandbox() {
	local pid=${PIDS[-1]}
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	unset 'PIDS[-1]'
}

AUTH='Authorization: OAuth oauth_consumer_key="sandbox-key", oauth_token="sandbox-token"'

# median_curl URL: median seconds of 7 plain downloads.
median_curl() {
	for _ in $(seq 7); do
		curl -s -o /dev/null -w '%{time_total}\n' -H "$AUTH" "$1"
	done | sort -n | sed -n 4p
}

"$WORK/seed" -n "$N" -o "$WORK/big.json"
"$WORK/seed" -n 50 -o "$WORK/small.json"

# Calibrate: the sandbox's own work (reading its state, writing the JSON)
# plus --latency should come to SERVER_MS per list.
start_sandbox probe "$WORK/big.json" 0s
own=$(median_curl "$URL_probe")
stop_last_sandbox
latency_ms=$(awk -v own="$own" -v want="$SERVER_MS" 'BEGIN { l = want - own * 1000; print (l > 0 ? int(l) : 0) }')
note "sandbox produces $N webhooks in $(awk -v s="$own" 'BEGIN{printf "%.0f", s*1000}') ms by itself; adding --latency ${latency_ms}ms"

start_sandbox big "$WORK/big.json" "${latency_ms}ms"
start_sandbox small "$WORK/small.json" 0s
URL=$URL_big
served=$(median_curl "$URL")
note "list of $N served in $(awk -v s="$served" 'BEGIN{printf "%.0f", s*1000}') ms (median of 7 curl runs)"

# The jq filter prints the same columns, in the same order, as `list -o tsv`.
JQ_TSV='.[] | [.id, .callbackURL, .description, .idModel, .active, .consecutiveFailures] | @tsv'
CURL="curl -s -H '$AUTH' '$URL'"

export HOOKCTL_CONFIG=$WORK/big.yaml
# Sanity: hookctl and curl | jq print the same rows.
if [ "$HAVE_JQ" = 1 ]; then
	"$BIN" list -o tsv >"$WORK/a.tsv"
	eval "$CURL" | jq -r "$JQ_TSV" >"$WORK/b.tsv"
	cmp -s "$WORK/a.tsv" "$WORK/b.tsv" || note "warning: hookctl list -o tsv and curl | jq differ"
fi
[ "$("$BIN" list -q | wc -l)" = "$N" ] || { note "hookctl list did not print $N rows"; exit 1; }

# --- timing ----------------------------------------------------------------

hf() { # hf NAME COMMAND...: hyperfine side by side, ROUNDS times, into $OUT
	local name=$1 r
	shift
	rm -f "$OUT/$name".*.json "$OUT/$name".*.md
	for r in $(seq "$ROUNDS"); do
		hyperfine -N --style basic --warmup "$WARMUP" --runs "$RUNS" \
			--export-json "$OUT/$name.$r.json" --export-markdown "$OUT/$name.$r.md" "$@" >&2
	done
}

startup=(-n baseline "$BASE --version" -n "hookctl --version" "$BIN --version"
	-n "hookctl completion bash" "$BIN completion bash")
[ "$HAVE_LATEST" = 1 ] && startup+=(-n "baseline, latest releases" "$BASE_LATEST --version")
[ "$HAVE_GH" = 1 ] && startup+=(-n "gh --version" "gh --version")
note "start-up"
hf startup "${startup[@]}"

note "list of $N"
# Single commands run directly (hyperfine sends their output to /dev/null,
# so hookctl sees a pipe and prints TSV by default); the pipeline runs
# through bash -c, as a user's shell would run it.
list=(-n "curl" "$CURL -o /dev/null")
[ "$HAVE_JQ" = 1 ] && list+=(-n "curl | jq @tsv" "bash -c \"$CURL | jq -r '$JQ_TSV'\"")
list+=(-n "hookctl list -o tsv" "$BIN list -o tsv"
	-n "hookctl list -q" "$BIN list -q"
	-n "hookctl list -o jsonl" "$BIN list -o jsonl"
	-n "hookctl list -o json" "$BIN list -o json")
hf list "${list[@]}"

note "TAB"
CACHE=$XDG_CACHE_HOME/hookctl
"$BIN" list -q >/dev/null # fills the id cache
# The bare program's start runs in the same rounds, so the ratio is side by
# side (issue 13: a warm TAB within 2× of it).
BARE_START=$BASE
[ "$HAVE_LATEST" = 1 ] && BARE_START=$BASE_LATEST
hf tab-warm -n "bare start" "$BARE_START --version" -n "TAB, warm cache ($N ids)" "$BIN __complete get ''"
export HOOKCTL_CONFIG=$WORK/small.yaml
"$BIN" list -q >/dev/null
hf tab-warm-small -n "bare start" "$BARE_START --version" -n "TAB, warm cache (50 ids)" "$BIN __complete get ''"
hf tab-cold --prepare "rm -f $CACHE/ids-local-trello.json" \
	-n "TAB, cold cache (responsive sandbox, 50 webhooks)" "$BIN __complete get ''"
export HOOKCTL_CONFIG=$WORK/big.yaml
hf tab-cold-big --prepare "rm -f $CACHE/ids-local-trello.json" \
	-n "TAB, cold cache ($N webhooks, ${SERVER_MS} ms server)" "$BIN __complete get ''"

# Start-up ratios taking turns run by run (bench/interleave): hyperfine
# runs each command's runs back to back, and on a shared VM the drift
# between two blocks of runs is as large as the few milliseconds compared.
note "start-up, interleaved"
"$BIN" list -q >/dev/null # a fresh id cache of $N ids (HOOKCTL_CONFIG is big.yaml)
"$WORK/interleave" -n $((RUNS * ROUNDS * 3)) -warmup "$WARMUP" "bare start=$BARE_START --version" \
	"hookctl --version=$BIN --version" "hookctl completion bash=$BIN completion bash" \
	"TAB, warm cache ($N ids)=$BIN __complete get ''" >"$OUT/interleaved.md"

# --- memory ----------------------------------------------------------------

: >"$OUT/memory.txt"
if [ "$HAVE_TIME" = 1 ]; then
	note "peak memory"
	for args in "-o json" "-o tsv" "-o jsonl" "-q" "-o csv" "-o yaml" "-o table"; do
		for _ in 1 2 3; do
			/usr/bin/time -v "$BIN" list $args 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p'
		done | sort -n | sed -n 2p | awk -v a="$args" '{ printf "hookctl list %s\t%.1f MiB\n", a, $1/1024 }' >>"$OUT/memory.txt"
	done
	for _ in 1 2 3; do
		/usr/bin/time -v "$BASE" --version 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p'
	done | sort -n | sed -n 2p | awk '{ printf "baseline --version\t%.1f MiB\n", $1/1024 }' >>"$OUT/memory.txt"
fi

# --- init ------------------------------------------------------------------

# Median of each package's init time over 20 runs; the slowest ten.
for _ in $(seq 20); do GODEBUG=inittrace=1 "$BIN" --version 2>&1 >/dev/null; done |
	awk '$1 == "init" { print $2, $5 }' | sort -k1,1 -k2,2n |
	awk '{ v[$1, n[$1]++] = $2 } END { for (p in n) printf "%.3f ms\t%s\n", v[p, int((n[p] - 1) / 2)], p }' |
	sort -rn | head -n 10 >"$OUT/inittrace.txt"

# --- summary ---------------------------------------------------------------

median() { # median NAME COMMAND: median of the round medians, in seconds
	jq -rs --arg n "$2" '[.[].results[] | select(.command == $n) | .median] | sort |
		if length == 0 then "" else .[(length - 1) / 2 | floor] end' "$OUT/$1".*.json 2>/dev/null
}
cpu() { # cpu NAME COMMAND: mean user + system seconds over all rounds
	jq -rs --arg n "$2" '[.[].results[] | select(.command == $n) | .user + .system] |
		if length == 0 then "" else add / length end' "$OUT/$1".*.json 2>/dev/null
}
ms() { awk -v s="$1" 'BEGIN { if (s == "") print "n/a"; else printf "%.1f ms", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "") print "n/a"; else printf "%.2f×", a / b }'; }
row() { # row NAME COMMAND [REF-COMMAND REF-LABEL] [TARGET]
	local m c label=${2//|/\\|}
	m=$(median "$1" "$2") c=$(cpu "$1" "$2")
	if [ $# -ge 4 ]; then
		echo "| $label | $(ms "$m") | $(ratio "$m" "$(median "$1" "$3")") of $4 | $(ms "$c") | $(ratio "$c" "$(cpu "$1" "$3")") | ${5:-} |"
	else
		echo "| $label | $(ms "$m") | | $(ms "$c") | | ${3:-} |"
	fi
}

{
	echo "# hookctl benchmark — $(date -u +%Y-%m-%dT%H:%MZ)"
	echo
	echo "Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), $(go version | awk '{print $3}'), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
	echo "Median of $ROUNDS round medians ($RUNS runs a round after $WARMUP warm-up runs); CPU is the mean user + system time."
	echo "List server: hookctl sandbox, $N Trello webhooks, $(ms "$served") per list for curl alone."
	echo
	echo "| command | median | ratio | CPU | CPU ratio | target |"
	echo "|---|---|---|---|---|---|"
	row startup baseline
	row startup "hookctl --version" baseline baseline "(information)"
	row startup "hookctl completion bash" baseline baseline "(information)"
	if [ "$HAVE_LATEST" = 1 ]; then
		row startup "baseline, latest releases"
		row startup "hookctl --version" "baseline, latest releases" "baseline, latest" "≤ 1.5× baseline, latest"
		row startup "hookctl completion bash" "baseline, latest releases" "baseline, latest" "(information)"
	fi
	[ "$HAVE_GH" = 1 ] && row startup "gh --version" "hookctl --version" "hookctl --version" "≥ 3× hookctl --version"
	row list curl
	[ "$HAVE_JQ" = 1 ] && row list "curl | jq @tsv" curl curl
	[ "$HAVE_JQ" = 1 ] && row list "hookctl list -o tsv" "curl | jq @tsv" "curl \\| jq" "≤ 0.8× curl \\| jq"
	row list "hookctl list -o tsv" curl curl "≤ 2× curl"
	row list "hookctl list -q" curl curl
	row list "hookctl list -o jsonl" curl curl
	row list "hookctl list -o json" curl curl
	row tab-warm "bare start"
	row tab-warm "TAB, warm cache ($N ids)" "bare start" "bare start" "≤ 2× bare start"
	row tab-warm-small "bare start"
	row tab-warm-small "TAB, warm cache (50 ids)" "bare start" "bare start" "≤ 2× bare start"
	row tab-cold "TAB, cold cache (responsive sandbox, 50 webhooks)" "< 150 ms"
	row tab-cold-big "TAB, cold cache ($N webhooks, ${SERVER_MS} ms server)" "(information)"
	echo
	echo "Start-up taking turns run by run ($((RUNS * ROUNDS * 3)) runs each; bench/interleave), against the bare program"
	[ "$HAVE_LATEST" = 1 ] && echo "with the latest releases (targets: --version ≤ 1.5×, warm TAB ≤ 2×):" || echo "with hookctl's pinned versions:"
	echo
	cat "$OUT/interleaved.md"
	echo
	echo "Peak memory (median of 3, /usr/bin/time -v; target: ≤ 64 MiB for every format):"
	echo
	sed 's/^/    /' "$OUT/memory.txt"
	echo
	echo "Slowest package inits (median of 20, GODEBUG=inittrace=1 hookctl --version; target: none over 1 ms):"
	echo
	sed 's/^/    /' "$OUT/inittrace.txt"
} >"$OUT/summary.md"
cat "$OUT/summary.md"
