#!/usr/bin/env bash
# Checks the release configuration end to end, publishing nothing:
#   1. `goreleaser check` (fails on an error or a deprecated property);
#   2. a snapshot build of every target into dist/ (archives, .deb, .rpm,
#      the Homebrew cask, checksums.txt, an SBOM per archive);
#   3. a smoke test of what was built: the linux/amd64 .deb unpacked with
#      dpkg-deb -x and every file checked at its path, `hookctl version` and a
#      sandbox command run from it, the completions and man pages compared
#      with the repository's, every man page rendered by `man -l`, checksums,
#      SBOMs, archive contents and the cask checked.
# goreleaser and syft (which makes the SBOMs) are built from the Go module
# proxy into bin/tools/ on first use; man-db is installed with apt-get when
# `man` is missing. Slow (minutes; the first run much longer): not part of
# `make test`. `scripts/release-check.sh --smoke` re-runs step 3 on dist/.
set -euo pipefail

GORELEASER_VERSION=v2.15.1
SYFT_VERSION=v1.57.1
cd "$(dirname "$0")/.."
repo=$PWD
tools="$repo/bin/tools"
start=$SECONDS

note() { echo "release-check: $*" >&2; }
fail() {
	echo "release-check: FAIL: $*" >&2
	exit 1
}

# install_go_tool BIN PACKAGE VERSION: bin/tools/BIN-VERSION/BIN, built once.
install_go_tool() {
	local dir="$tools/$1-$3"
	if [ ! -x "$dir/$1" ]; then
		[ ! -f "$dir" ] || rm -f "$dir" # an older script kept the binary there
		note "building $1 $3 into bin/tools/ (once; several minutes)"
		mkdir -p "$dir"
		GOBIN="$dir" GOFLAGS= go install "$2@$3"
	fi
	echo "$dir"
}

# need_man makes sure `man -l` can render a page (man-db and groff).
need_man() {
	command -v man >/dev/null 2>&1 && command -v nroff >/dev/null 2>&1 && return
	command -v apt-get >/dev/null 2>&1 || fail "man is missing and apt-get is not here to install man-db"
	local sudo=()
	[ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
	note "installing man-db"
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends man-db >/dev/null ||
		{ "${sudo[@]}" apt-get update -qq >/dev/null &&
			DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends man-db >/dev/null; }
}

build() {
	local gr sy
	gr="$(install_go_tool goreleaser github.com/goreleaser/goreleaser/v2 "$GORELEASER_VERSION")/goreleaser"
	sy="$(install_go_tool syft github.com/anchore/syft/cmd/syft "$SYFT_VERSION")"
	export PATH="$sy:$PATH"
	# goreleaser reads the commit, its date and the tag from git, but only
	# when the repository has a remote; without one (a local checkout that
	# was never pushed) it builds a snapshot of commit "none" dated now. Such
	# a checkout is shown to goreleaser as its own origin, for this run only.
	if ! git remote get-url origin >/dev/null 2>&1; then
		note "no git remote: goreleaser sees this checkout as origin"
		export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=remote.origin.url GIT_CONFIG_VALUE_0="$repo"
	fi
	local t=$SECONDS
	"$gr" check
	note "goreleaser check passed ($((SECONDS - t))s)"
	t=$SECONDS
	"$gr" release --snapshot --clean --skip=publish
	note "snapshot build done ($((SECONDS - t))s)"
}

# json_field KEY prints a top-level field of the JSON object on stdin.
json_field() {
	if command -v jq >/dev/null 2>&1; then
		jq -r --arg k "$1" '.[$k]'
	else
		python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
	fi
}

# expected_files deb|rpm lists, sorted, every file the package must hold
# (paths without the leading /).
expected_files() {
	local page
	{
		echo usr/bin/hookctl
		echo usr/share/bash-completion/completions/hookctl
		echo usr/share/fish/vendor_completions.d/hookctl.fish
		echo usr/share/doc/hookctl/LICENSE
		for page in docs/man/*.1; do echo "usr/share/man/man1/$(basename "$page").gz"; done
		if [ "$1" = deb ]; then
			echo usr/share/zsh/vendor-completions/_hookctl
			echo usr/share/doc/hookctl/copyright
		else
			echo usr/share/zsh/site-functions/_hookctl
		fi
	} | sort
}

smoke() {
	need_man
	command -v dpkg-deb >/dev/null 2>&1 || fail "dpkg-deb is needed to unpack the .deb"
	[ -f dist/metadata.json ] || fail "no dist/metadata.json: run the snapshot build first"
	local version commit ctime
	version=$(json_field version <dist/metadata.json)
	commit=$(json_field commit <dist/metadata.json)
	ctime=$(git log -1 --format=%ct "$commit")

	local tmp
	tmp=$(mktemp -d)
	trap "rm -rf '$tmp'" EXIT # expanded now: tmp is local

	# The .deb, unpacked: exactly the expected files, each at its path.
	local debs=(dist/*_amd64.deb)
	[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "want one linux/amd64 .deb in dist/, have: ${debs[*]}"
	local deb=${debs[0]} root="$tmp/root"
	dpkg-deb -x "$deb" "$root"
	[ "$(dpkg-deb -f "$deb" Package)" = hookctl ] || fail "$deb: package name is not hookctl"
	expected_files deb >"$tmp/want"
	(cd "$root" && find . ! -type d | sed 's|^\./||' | sort) >"$tmp/have"
	diff -u "$tmp/want" "$tmp/have" >&2 || fail "$deb: files differ from the expected list (- missing, + unexpected)"
	# Owned by root, binary 0755, the rest 0644, dated at the commit.
	dpkg-deb -c "$deb" | awk '$1 !~ /^d/ && $2 != "root/root" { print; bad=1 } END { exit bad }' >&2 ||
		fail "$deb: files not owned by root/root"
	[ "$(stat -c %a "$root/usr/bin/hookctl")" = 755 ] || fail "usr/bin/hookctl is not mode 0755"
	local f
	while read -r f; do
		[ "$f" = usr/bin/hookctl ] && continue
		[ "$(stat -c %a "$root/$f")" = 644 ] || fail "$f is mode $(stat -c %a "$root/$f"), want 0644"
	done <"$tmp/want"
	while read -r f; do
		[ "$(stat -c %Y "$root/$f")" = "$ctime" ] || fail "$f is not dated at the commit ($ctime): not reproducible"
	done <"$tmp/want"
	note "$deb: $(wc -l <"$tmp/want") files at their paths, root-owned, dated at the commit"

	# The same bytes as the repository's files.
	cmp completions/hookctl.bash "$root/usr/share/bash-completion/completions/hookctl"
	cmp completions/hookctl.zsh "$root/usr/share/zsh/vendor-completions/_hookctl"
	cmp completions/hookctl.fish "$root/usr/share/fish/vendor_completions.d/hookctl.fish"
	cmp LICENSE "$root/usr/share/doc/hookctl/LICENSE"
	local page
	for page in docs/man/*.1; do
		gzip -dc "$root/usr/share/man/man1/$(basename "$page").gz" | cmp - "$page" ||
			fail "man page $(basename "$page") differs from $page"
	done

	# The binary runs and says what it is.
	local bin="$root/usr/bin/hookctl" line
	line=$("$bin" version)
	[[ "$line" =~ ^"hookctl version $version (commit "([0-9a-f]+)", built "[0-9TZ:+-]+")"$ ]] ||
		fail "hookctl version printed: $line (want version $version)"
	[[ "$commit" == "${BASH_REMATCH[1]}"* ]] || fail "hookctl version names commit ${BASH_REMATCH[1]}, the build was $commit"
	[ "$("$bin" --version)" = "$line" ] || fail "--version and version differ"
	[ "$("$bin" version -o json | json_field version)" = "$version" ] || fail "version -o json: wrong version"
	note "$line"
	# A real command on the built-in sandbox, in a private home.
	local home="$tmp/home" id
	mkdir -p "$home"
	id=$(env -i PATH="$PATH" HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_STATE_HOME="$home/.state" \
		XDG_CACHE_HOME="$home/.cache" HOOKCTL_KEYRING=off \
		"$bin" create -q --url https://example.com/hook --model 4d5ea62fd76aa1136000000c 2>/dev/null) ||
		fail "hookctl create on the sandbox failed"
	env -i PATH="$PATH" HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_STATE_HOME="$home/.state" \
		XDG_CACHE_HOME="$home/.cache" HOOKCTL_KEYRING=off "$bin" list -q 2>/dev/null | grep -qx "$id" ||
		fail "hookctl list on the sandbox does not show the webhook just created"

	# Completions load in their shells (those installed here).
	bash -c 'source "$1" && complete -p hookctl' _ "$root/usr/share/bash-completion/completions/hookctl" >/dev/null ||
		fail "bash completion does not load"
	if command -v zsh >/dev/null 2>&1; then
		zsh -n "$root/usr/share/zsh/vendor-completions/_hookctl" || fail "zsh completion has a syntax error"
	fi
	if command -v fish >/dev/null 2>&1; then
		fish --no-execute "$root/usr/share/fish/vendor_completions.d/hookctl.fish" || fail "fish completion has a syntax error"
	fi

	# Every man page renders, without a warning.
	for f in "$root"/usr/share/man/man1/*.1.gz; do
		MANWIDTH=80 MANPAGER=cat man -l "$f" >"$tmp/man.txt" 2>"$tmp/man.err" || fail "man -l $(basename "$f") failed"
		[ ! -s "$tmp/man.err" ] || { cat "$tmp/man.err" >&2; fail "man -l $(basename "$f") warned"; }
		grep -q '^NAME' "$tmp/man.txt" || fail "man -l $(basename "$f"): no NAME section"
	done
	# (man justifies lines, so spaces are squeezed before matching)
	MANWIDTH=80 MANPAGER=cat man -l "$root/usr/share/man/man1/hookctl.1.gz" | tr -s ' ' | grep -q 'hookctl - Manage webhooks' ||
		fail "man -l hookctl.1.gz does not show the page's NAME line"
	note "man -l renders all $(ls "$root"/usr/share/man/man1 | wc -l) pages"

	# The .rpm packages: the same files, zsh's in Fedora's directory (listed
	# with rpm where it is installed).
	local arch rpmf
	expected_files rpm | sed 's|^|/|' >"$tmp/want-rpm"
	for arch in x86_64 aarch64; do
		rpmf=$(ls dist/hookctl-*."$arch".rpm 2>/dev/null) || fail "no $arch .rpm in dist/"
		if command -v rpm >/dev/null 2>&1; then
			rpm -qlp "$rpmf" 2>/dev/null | sort >"$tmp/have-rpm"
			diff -u "$tmp/want-rpm" "$tmp/have-rpm" >&2 || fail "$rpmf: files differ from the expected list"
		fi
	done
	if command -v rpm >/dev/null 2>&1; then
		note "the .rpm packages hold the expected files"
	else
		note "rpm is not installed: the .rpm packages exist, their contents are not checked"
	fi

	# Archives: six targets, each with the binary, completions, man pages
	# and an SBOM naming hookctl's modules; checksums.txt covers them.
	local a n=0 listing
	for a in dist/hookctl_*.tar.gz dist/hookctl_*.zip; do
		n=$((n + 1))
		case $a in
		*.zip) listing=$(unzip -Z1 "$a") ;;
		*) listing=$(tar -tzf "$a") ;;
		esac
		for f in README.md LICENSE completions/hookctl.bash completions/hookctl.zsh completions/hookctl.fish \
			completions/hookctl.ps1 docs/man/hookctl.1 docs/man/hookctl-list.1; do
			grep -qx "$f" <<<"$listing" || fail "$a: no $f"
		done
		grep -qxE 'hookctl(\.exe)?' <<<"$listing" || fail "$a: no hookctl binary"
		[ -s "$a.sbom.json" ] || fail "$a: no SBOM ($a.sbom.json)"
		grep -q '"spdxVersion"' "$a.sbom.json" || fail "$a.sbom.json is not an SPDX document"
		grep -q 'github.com/spf13/cobra' "$a.sbom.json" || fail "$a.sbom.json does not list hookctl's modules"
	done
	[ "$n" -eq 6 ] || fail "want 6 archives (linux/darwin/windows × amd64/arm64), have $n"
	(cd dist && sha256sum --quiet -c checksums.txt) || fail "checksums.txt does not match dist/"
	for f in "${debs[0]}" dist/*.rpm dist/hookctl_*.tar.gz dist/hookctl_*.zip dist/*.sbom.json; do
		grep -q " $(basename "$f")\$" dist/checksums.txt || fail "checksums.txt does not cover $(basename "$f")"
	done
	note "$n archives with completions, man pages and an SBOM each; checksums.txt verifies"

	# The Homebrew cask.
	local cask=dist/homebrew/Casks/hookctl.rb
	[ -f "$cask" ] || fail "no $cask"
	for f in 'binary "hookctl"' 'manpage "docs/man/hookctl.1"' 'bash_completion "completions/hookctl.bash"' \
		'zsh_completion "completions/hookctl.zsh"' 'fish_completion "completions/hookctl.fish"' "version \"$version\""; do
		grep -qF "$f" "$cask" || fail "$cask: no $f"
	done
	note "$cask: binary, man pages and completions"
}

case "${1:-}" in
--smoke) ;;
"") build ;;
*) fail "usage: scripts/release-check.sh [--smoke]" ;;
esac
smoke
note "all checks passed in $((SECONDS - start))s"
