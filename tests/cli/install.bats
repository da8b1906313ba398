#!/usr/bin/env bats
# "make install" and "make uninstall" of the source tree, into a cns-test-* directory given as
# DESTDIR: the files installed are exactly the tools, the man pages and the completions of the
# tree, with their modes, the tools run from there, and uninstall removes every file that
# install put there and nothing else. Directories stay after uninstall, as the Makefile says,
# because other packages may share them.

load helpers

ROOT=$(realpath "$BATS_TEST_DIRNAME/../..")

# The VM guests (tests/vm) have no source tree and no make, so they skip this file, which the
# host suite runs.
setup() {
	[ -z "$CNS_IN_VM" ] ||
		skip "needs the source tree and make, which the VM guests lack; the host suite runs it"
	command -v make >/dev/null || fail "make not found; run 'make deps'"
	[ -x "$CNS_BUILD_DIR/cns" ] || fail "$CNS_BUILD_DIR/cns not found; run 'make' first"
	# The Makefile's B names the build directory, relative to the tree as the Makefile's own.
	BUILD=$(realpath --relative-to="$ROOT" "$CNS_BUILD_DIR")
	WORK=$(mktemp -d /tmp/cns-test-install.XXXXXX)
	# DESTDIR of the tests.
	DEST=$WORK/dest
	mkdir "$DEST"
	# make install builds what is out of date, without the flags of a sanitized build, so the
	# tests run only on a build that is up to date.
	run tree_make -q all
	[ "$status" -eq 0 ] || fail "the build in $CNS_BUILD_DIR is not up to date; run 'make' first"
}

teardown() {
	[ -z "${WORK:-}" ] || rm -rf "$WORK"
}

# Runs make in the tree, installing from the build directory under test. The variables of an
# outer make and of the environment are left out, so that only the arguments set PREFIX and
# the other directories.
tree_make() {
	env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u PREFIX -u BINDIR -u MANDIR -u BASHCOMPDIR \
		-u ZSHCOMPDIR -u FISHCOMPDIR -u DESTDIR \
		make -C "${TREE:-$ROOT}" --no-print-directory B="$BUILD" "$@"
}

# Prints the tools of the tree, one a line: each directory under tools/ builds one.
tree_tools() {
	local dir

	for dir in "${TREE:-$ROOT}"/tools/*/; do
		dir=${dir%/}
		echo "${dir##*/}"
	done
}

# completion_files EXT DIR [PREFIX [SUFFIX]]: prints "644 DIR/PREFIX NAME SUFFIX", without the
# spaces, for each completions/NAME.EXT of the tree.
completion_files() {
	local file name

	for file in "${TREE:-$ROOT}"/completions/*."$1"; do
		[ -e "$file" ] || continue
		name=${file##*/}
		echo "644 $2/${3:-}${name%."$1"}${4:-}"
	done
}

# Prints the files that an install with PREFIX $1 must make, sorted, each as
# "MODE PATH": the tools, the man pages of sections 1 and 7, and each completion.
expected_files() {
	local prefix=$1 tree=${TREE:-$ROOT} tool file

	(
		shopt -s nullglob
		for tool in $(tree_tools); do
			echo "755 $prefix/bin/$tool"
		done
		for file in "$tree"/man/*.1; do
			echo "644 $prefix/share/man/man1/${file##*/}"
		done
		for file in "$tree"/man/*.7; do
			echo "644 $prefix/share/man/man7/${file##*/}"
		done
		completion_files bash "$prefix/share/bash-completion/completions"
		completion_files zsh "$prefix/share/zsh/site-functions" _
		completion_files fish "$prefix/share/fish/vendor_completions.d" "" .fish
	) | LC_ALL=C sort -k 2
}

# Prints every entry under $DEST that is not a directory, as "MODE PATH", sorted by path.
installed_files() {
	(cd "$DEST" && find . ! -type d -printf '%m /%P\n') | LC_ALL=C sort -k 2
}

# assert_same_files WHAT EXPECTED ACTUAL: two lists of lines are equal, or the difference is
# printed.
assert_same_files() {
	if [ "$2" != "$3" ]; then
		echo "$1 differ (- expected, + actual):" >&2
		diff -u <(echo "$2") <(echo "$3") | tail -n +3 >&2
		return 1
	fi
}

# Installs with PREFIX $1, or with the Makefile's default when $1 is empty, and checks the files.
install_and_check() {
	local prefix=${1:-/usr/local} args=(DESTDIR="$DEST")

	[ -z "$1" ] || args+=(PREFIX="$1")
	run tree_make install "${args[@]}"
	[ "$status" -eq 0 ] || fail "make install ${args[*]} exited with $status: $output"
	assert_same_files "files installed with PREFIX=$prefix" "$(expected_files "$prefix")" \
		"$(installed_files)"
}

# Uninstalls with the arguments of install_and_check for PREFIX $1 and checks that no file is left.
uninstall_and_check() {
	local args=(DESTDIR="$DEST")

	[ -z "$1" ] || args+=(PREFIX="$1")
	run tree_make uninstall "${args[@]}"
	[ "$status" -eq 0 ] || fail "make uninstall ${args[*]} exited with $status: $output"
	assert_same_files "files left after make uninstall" "" "$(installed_files)"
}

# Prints the modification time and path of each tool of the build directory under test.
tool_mtimes() {
	local tool

	for tool in $(tree_tools); do
		stat -c '%y %n' "$ROOT/$BUILD/$tool"
	done
}

@test "install with PREFIX=/usr copies every file" {
	install_and_check /usr
}

@test "install with default PREFIX copies every file" {
	install_and_check ""
}

@test "installed tools run" {
	local tool

	install_and_check /usr
	for tool in $(tree_tools); do
		run "$DEST/usr/bin/$tool" --version
		[ "$status" -eq 0 ] || fail "installed $tool --version exited with $status: $output"
		assert_contains "$output" "cns " "output of installed $tool --version"
	done
}

@test "uninstall with PREFIX=/usr removes every file" {
	install_and_check /usr
	uninstall_and_check /usr
}

@test "uninstall with default PREFIX removes every file" {
	install_and_check ""
	uninstall_and_check ""
}

@test "uninstall keeps files it did not install" {
	local others

	mkdir -p "$DEST/usr/bin" "$DEST/usr/share/man/man1" "$DEST/usr/share/man/man7" \
		"$DEST/usr/share/bash-completion/completions"
	touch "$DEST/usr/bin/cns-test-other" "$DEST/usr/share/man/man1/cns-test-other.1" \
		"$DEST/usr/share/man/man7/cns-test-other.7" \
		"$DEST/usr/share/bash-completion/completions/cns-test-other"
	others=$(installed_files)

	run tree_make install DESTDIR="$DEST" PREFIX=/usr
	[ "$status" -eq 0 ] || fail "make install exited with $status: $output"
	run tree_make uninstall DESTDIR="$DEST" PREFIX=/usr
	[ "$status" -eq 0 ] || fail "make uninstall exited with $status: $output"
	assert_same_files "files left after make uninstall" "$others" "$(installed_files)"
}

@test "install does not rebuild a built tree" {
	local before

	before=$(tool_mtimes)

	install_and_check /usr
	assert_same_files "modification times of the tools in $CNS_BUILD_DIR" "$before" "$(tool_mtimes)"
	[[ $output != *" -c -o "* ]] || fail "make install compiled: $output"
}

@test "install copies zsh and fish completions" {
	local tree tool

	# A copy of the tree, where a zsh and a fish completion are made up for each tool.
	tree=$WORK/tree
	mkdir -p "$tree"
	cp -a "$ROOT/Makefile" "$ROOT/common" "$ROOT/tools" "$ROOT/man" "$ROOT/completions" "$tree/"
	mkdir -p "$tree/$BUILD"
	cp -a "$CNS_BUILD_DIR/." "$tree/$BUILD/"
	for tool in $(TREE=$tree tree_tools); do
		[ -e "$tree/completions/$tool.zsh" ] || echo "#compdef $tool" >"$tree/completions/$tool.zsh"
		[ -e "$tree/completions/$tool.fish" ] ||
			echo "complete -c $tool -l help" >"$tree/completions/$tool.fish"
	done
	TREE=$tree

	install_and_check /usr
	[ -f "$DEST/usr/share/zsh/site-functions/_cgget" ] || fail "_cgget was not installed for zsh"
	[ -f "$DEST/usr/share/fish/vendor_completions.d/cgget.fish" ] ||
		fail "cgget.fish was not installed for fish"
	uninstall_and_check /usr
}
