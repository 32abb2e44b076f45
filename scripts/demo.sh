#!/usr/bin/env bash
# demo.sh BIN — a narrated tour of hookctl on the built-in sandbox.
#
# Everything happens under a fresh temporary directory (HOME, XDG_* and a
# config path that does not exist, so the built-in sandbox profile is used);
# the receiver it starts and the directory are removed on exit, however the
# script ends. No network, no account, no state left behind.
set -euo pipefail

if [[ $# -ne 1 ]]; then
	echo "usage: $0 path/to/hookctl" >&2
	exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[[ -x $BIN ]] || { echo "demo: $1 is not an executable; run make build" >&2; exit 2; }

DEMO_DIR=$(mktemp -d "${TMPDIR:-/tmp}/hookctl-demo.XXXXXX")
LISTEN_PID=""
cleanup() {
	if [[ -n $LISTEN_PID ]] && kill -0 "$LISTEN_PID" 2>/dev/null; then
		kill -INT "$LISTEN_PID" 2>/dev/null || true
		wait "$LISTEN_PID" 2>/dev/null || true
	fi
	rm -rf "$DEMO_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export HOME=$DEMO_DIR/home
export XDG_CONFIG_HOME=$HOME/.config XDG_STATE_HOME=$HOME/.local/state XDG_CACHE_HOME=$HOME/.cache
unset HOOKCTL_CONFIG # the default path, under XDG_CONFIG_HOME, is absent: the built-in sandbox
unset HOOKCTL_PROFILE HOOKCTL_TOKEN HOOKCTL_KEY HOOKCTL_SECRET HOOKCTL_BASE_URL HOOKCTL_WEBHOOK_SECRET HOOKCTL_FORCE_TTY
mkdir -p "$HOME"
cd "$DEMO_DIR"

# Narration: bold headings and dim commands on a terminal, plain text in a
# pipe or under NO_COLOR.
if [[ -t 1 && -z ${NO_COLOR:-} ]]; then
	B=$'\e[1m' D=$'\e[2m' C=$'\e[36m' R=$'\e[0m'
else
	B="" D="" C="" R=""
fi
STEP=0
step() {
	STEP=$((STEP + 1))
	printf '\n%s%d. %s%s\n' "$B" "$STEP" "$1" "$R"
	shift
	for line in "$@"; do printf '   %s%s%s\n' "$D" "$line" "$R"; done
}
# show prints a command the way a user would type it, then runs it.
show() {
	local words=() w
	for w in "$@"; do
		if [[ $w =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then words+=("$w"); else words+=("'${w//\'/\'\\\'\'}'"); fi
	done
	printf '%s$ %s%s\n' "$C" "${words[*]}" "$R"
	"$@"
}
hookctl() { "$BIN" "$@"; }

# wait_for FILE REGEX SECONDS: poll until FILE has a line matching REGEX.
wait_for() {
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		grep -qE "$2" "$1" 2>/dev/null && return 0
		if [[ -n $LISTEN_PID ]] && ! kill -0 "$LISTEN_PID" 2>/dev/null; then
			echo "demo: hookctl listen stopped early:" >&2
			cat "$DEMO_DIR/listen.err" >&2
			return 1
		fi
		sleep 0.1
	done
	echo "demo: timed out waiting for $2 in $1" >&2
	return 1
}

printf '%shookctl demo%s: one set of commands for the webhooks of Trello, SupportBee, Entrust, GitHub, Stripe and more,\n' "$B" "$R"
printf 'run here against the built-in sandbox (in-process, no account, no network).\n'
printf '%sworking in %s; removed at the end%s\n' "$D" "$DEMO_DIR" "$R"

step "Which version, and which profile?" \
	"There is no config file, so hookctl uses the built-in 'sandbox' profile (Trello) and says so on stderr."
show hookctl version
show hookctl list
show hookctl profile list -o table
export HOOKCTL_PROFILE=sandbox
printf '%s$ export HOOKCTL_PROFILE=sandbox   # choose it explicitly: no more notice%s\n' "$C" "$R"

step "Start a local receiver in the background" \
	"hookctl listen answers Trello's HEAD check, verifies each delivery's signature and prints it." \
	"Port 0 lets the system pick a free port; the address is read back from its log."
printf '%s$ hookctl listen --addr 127.0.0.1:0 > listen.out 2> listen.err &%s\n' "$C" "$R"
listen_color=""
[[ -t 1 && -z ${NO_COLOR:-} ]] || listen_color=1
HOOKCTL_FORCE_TTY=100 NO_COLOR=$listen_color "$BIN" listen --addr 127.0.0.1:0 >"$DEMO_DIR/listen.out" 2>"$DEMO_DIR/listen.err" </dev/null &
LISTEN_PID=$!
# stderr is not a terminal here, so the readiness line is JSON:
# {"addr":…,"listening":"http://127.0.0.1:PORT/",…}
wait_for "$DEMO_DIR/listen.err" '"listening":"http://' 10
URL=$(sed -n 's|.*"listening":"\(http://[^"]*\)/".*|\1|p' "$DEMO_DIR/listen.err" | head -n1)
sed 's/^/   /' "$DEMO_DIR/listen.err"

step "Create a webhook pointing at it" \
	"-q prints the new id alone, so it can be captured. The sandbox checks the callback with HEAD first, as Trello does."
printf '%s$ id=$(hookctl create --url %s/hook --model 4d5ea62fd76aa1136000000c --description "demo board" -q)%s\n' "$C" "$URL" "$R"
id=$(hookctl create --url "$URL/hook" --model 4d5ea62fd76aa1136000000c --description "demo board" -q)
echo "$id"
wait_for "$DEMO_DIR/listen.err" 'callback check' 5
grep 'callback check' "$DEMO_DIR/listen.err" | sed 's/^/   listen: /'
show hookctl create --url "$URL/other" --model 5abbe4b7ddc1b351ef961415 --description "second board" -q

step "List them (a table; in a pipe the default is TSV for scripts)"
show hookctl list -o table

step "Get one field, bare, for scripts"
show hookctl get "$id" url

step "Change one field"
show hookctl set-field "$id" description "renamed by the demo" -o table

step "Send a test delivery" \
	"Trello has no test endpoint: hookctl HEADs the callback, then POSTs a sample action signed with the profile's secret."
show hookctl test "$id" -o table
wait_for "$DEMO_DIR/listen.out" 'POST' 10
printf '   %sthe receiver printed:%s\n' "$D" "$R"
sed 's/^/   /' "$DEMO_DIR/listen.out"

step "Script with JSON, filtered by the built-in --jq (no jq needed)"
show hookctl list -o json --jq '.[] | select(.description | startswith("renamed")) | .id'
show hookctl list --jq '.[] | "\(.id) -> \(.url)"'
if command -v jq >/dev/null 2>&1; then
	printf '%s$ hookctl list -o json | jq -r '"'"'length'"'"'%s\n' "$C" "$R"
	hookctl list -o json | jq -r 'length'
fi

step "The same commands on the other dialects' built-in profiles"
show hookctl -p sandbox-supportbee create --url "$URL/helpdesk" -q
show hookctl -p sandbox-entrust create --url https://idaas.example/hook --description audit --event user.created -o table
show hookctl -p sandbox-supportbee list -o table
show hookctl -p sandbox-github create --url "$URL/github" --event push --event pull_request -o table

step "Vendors as data: Stripe, PagerDuty and Square are YAML vendor files, and so can yours be" \
	"A signing secret the vendor shows once (Stripe's whsec_...) is saved with --secret-out, never lost."
show hookctl vendor list -o table
show hookctl -p sandbox-stripe create --url "$URL/stripe" --event charge.succeeded --event invoice.paid --secret-out "$DEMO_DIR/whsec.txt" -o table
show hookctl -p sandbox-stripe list -o table
printf '%s$ hookctl vendor show stripe | head -n 24%s\n' "$C" "$R"
hookctl vendor show stripe | head -n 24

step "Delete everything (ids from a pipe) and stop the receiver"
printf '%s$ hookctl list -q | hookctl delete - --yes%s\n' "$C" "$R"
hookctl list -q | hookctl delete - --yes
printf '%s$ hookctl -p sandbox-supportbee list -q | hookctl -p sandbox-supportbee delete - --yes%s\n' "$C" "$R"
hookctl -p sandbox-supportbee list -q | hookctl -p sandbox-supportbee delete - --yes
printf '%s$ hookctl -p sandbox-entrust list -q | hookctl -p sandbox-entrust delete - --yes%s\n' "$C" "$R"
hookctl -p sandbox-entrust list -q | hookctl -p sandbox-entrust delete - --yes
printf '%s$ hookctl -p sandbox-github list -q | hookctl -p sandbox-github delete - --yes%s\n' "$C" "$R"
hookctl -p sandbox-github list -q | hookctl -p sandbox-github delete - --yes
printf '%s$ hookctl -p sandbox-stripe list -q | hookctl -p sandbox-stripe delete - --yes%s\n' "$C" "$R"
hookctl -p sandbox-stripe list -q | hookctl -p sandbox-stripe delete - --yes
show hookctl list -o table
printf '%s(no webhooks left)%s\n' "$D" "$R"
printf '%s$ kill -INT %%1%s\n' "$C" "$R"
kill -INT "$LISTEN_PID"
wait "$LISTEN_PID" || [ $? -eq 130 ] # Ctrl-C ends listen with 130, as any interrupted command
LISTEN_PID=""
tail -n1 "$DEMO_DIR/listen.err" | sed 's/^/   /'

printf '\n%sDone.%s Next: `hookctl profile add NAME` for a real account of any dialect (hookctl vendor list),\n' "$B" "$R"
printf 'or `hookctl sandbox` for the emulator over HTTP. State of this tour lived in %s, now removed.\n' "$DEMO_DIR"
