#!/usr/bin/env bash
# Installs what the real-shell completion tests need beyond Go: bash-completion,
# zsh and fish (Debian packages). Idempotent and quiet: when everything is
# there it returns at once. Without root or apt-get it prints a note and
# carries on; the shell tests then skip (or fail, when CI=true).
set -euo pipefail

missing=()
[ -r /usr/share/bash-completion/bash_completion ] || missing+=(bash-completion)
command -v zsh >/dev/null 2>&1 || missing+=(zsh)
command -v fish >/dev/null 2>&1 || missing+=(fish)

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

note() { echo "install-test-deps: $*" >&2; }

if ! command -v apt-get >/dev/null 2>&1; then
	note "apt-get not found; not installing ${missing[*]} (the real-shell completion tests will skip)"
	exit 0
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo=(sudo -n)
	else
		note "not root; not installing ${missing[*]} (the real-shell completion tests will skip)"
		exit 0
	fi
fi

note "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >/dev/null
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
