#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Benchmarks the start of a container: "cns spawn" of /bin/true in a BusyBox root filesystem,
# with its full setup. That is new namespaces, a cgroup with limits, mounts and masked paths,
# and a network namespace with only loopback. Two peers start /bin/true with less:
#
#   unshare --fork --pid --mount --uts --ipc --net true         (no new root, no cgroup)
#   bwrap --unshare-all --bind ROOTFS / /bin/true               (a new root, no cgroup)
#
# hyperfine times the three commands in one invocation, so that their medians come from one
# run on the same machine. The script prints a Markdown summary with the medians and the ratio
# of cns spawn to bwrap, whose target is at most 2.
#
# Usage: sudo bench/spawn.sh
#
# Environment (defaults in brackets):
#   WARMUP    hyperfine warmup runs of each command [5]
#   RUNS      hyperfine runs of each command [200]
#   OUT       file that receives the Markdown summary [build/bench/spawn.md]
#
# Needs root (cns spawn makes cgroups and mounts), hyperfine, unshare, bwrap (package
# bubblewrap), busybox (package busybox-static) and jq: "make deps" installs them.
set -eu -o pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
WARMUP=${WARMUP:-5}
RUNS=${RUNS:-200}
OUT=${OUT:-$root/build/bench/spawn.md}

cns=$root/build/cns
rootfs=

log() {
	printf 'bench/spawn.sh: %s\n' "$*" >&2
}

die() {
	log "$*"
	exit 1
}

check_number() {
	case $2 in
	'' | *[!0-9]*) die "invalid $1 '$2'; expected a positive integer" ;;
	esac
	[ "$2" -gt 0 ] || die "invalid $1 '$2'; expected a positive integer"
}

check_tools() {
	local tool

	[ "$(id -u)" -eq 0 ] || die "root is required to make cgroups and mounts; run it with sudo"
	for tool in hyperfine unshare bwrap busybox jq make; do
		command -v "$tool" >/dev/null || die "$tool not found; 'make deps' installs it"
	done
	check_number WARMUP "$WARMUP"
	check_number RUNS "$RUNS"
}

# Makes the BusyBox root filesystem: the static busybox and a relative link for each applet.
make_rootfs() {
	local busybox applet

	busybox=$(command -v busybox)
	rootfs=$(mktemp -d /tmp/cns-bench-rootfs-XXXXXX)
	mkdir -p "$rootfs/bin"
	cp "$busybox" "$rootfs/bin/busybox"
	for applet in $("$busybox" --list); do
		[ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"
	done
}

cleanup() {
	[ -z "$rootfs" ] || rm -rf "$rootfs"
}

# Prints the median of command $1 in milliseconds from the hyperfine JSON in $2.
median_ms() {
	jq -r --arg name "$1" '.results[] | select(.command == $name) | .median * 1000' "$2"
}

# Prints the table row of command $1, shown as $2, from the hyperfine JSON in $3: the median,
# the mean and standard deviation, and the CPU time (user plus system, of the command and its
# children), in milliseconds.
table_row() {
	jq -r --arg name "$1" --arg shown "$2" '.results[] | select(.command == $name) |
		"| `\($shown)` | \(.median * 1000 | . * 10 | round / 10) ms | " +
		"\(.mean * 1000 | . * 10 | round / 10) ± \(.stddev * 1000 | . * 10 | round / 10) ms | " +
		"\((.user + .system) * 1000 | . * 10 | round / 10) ms |"' "$3"
}

# Prints a command as the summary shows it: with build/cns and ROOTFS for the paths of this run.
display() {
	local text=${1//$cns/build\/cns}

	echo "${text//$rootfs/ROOTFS}"
}

summarize() {
	local json=$1 cns_ms unshare_ms bwrap_ms cpu cns_name unshare_name bwrap_name

	cns_ms=$(median_ms "$2" "$json")
	unshare_ms=$(median_ms "$3" "$json")
	bwrap_ms=$(median_ms "$4" "$json")
	cns_name=$(display "$2")
	unshare_name=$(display "$3")
	bwrap_name=$(display "$4")
	cpu=$(grep -m 1 'model name' /proc/cpuinfo | sed 's/.*: //')
	cat <<EOF
### $(date -u +%Y-%m-%d): \`cns spawn\` next to unshare and bwrap

Machine: $(nproc) CPUs ($cpu), Linux $(uname -r), cgroup layout:
$(findmnt -rn -t cgroup2 -o TARGET | head -n 1 | sed 's/^/cgroup2 at /')$(findmnt -rn -t cgroup -o TARGET | head -n 1 | sed 's/^/, v1 controllers such as /').
cns $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown), $(bwrap --version),
$(unshare --version).
Command: \`sudo bench/spawn.sh\` (hyperfine -N, $WARMUP warmup runs, $RUNS runs of each command).

| command | median | mean ± σ | CPU |
|---|---|---|---|
$(table_row "$2" "$cns_name" "$json")
$(table_row "$3" "$unshare_name" "$json")
$(table_row "$4" "$bwrap_name" "$json")

cns spawn / bwrap: $(awk -v a="$cns_ms" -v b="$bwrap_ms" 'BEGIN { printf "%.2f", a / b }') (target: at most 2).
cns spawn / unshare: $(awk -v a="$cns_ms" -v b="$unshare_ms" 'BEGIN { printf "%.2f", a / b }').
EOF
}

main() {
	local json cns_cmd unshare_cmd bwrap_cmd

	check_tools
	make -C "$root" -s build/cns
	trap cleanup EXIT
	make_rootfs
	mkdir -p "$(dirname "$OUT")"
	json=$(dirname "$OUT")/spawn.json

	cns_cmd="$cns spawn --rootfs $rootfs --memory 256M --pids 100 --cpus 1 -- /bin/true"
	unshare_cmd="unshare --fork --pid --mount --uts --ipc --net true"
	bwrap_cmd="bwrap --unshare-all --bind $rootfs / /bin/true"
	log "timing $RUNS runs of each command"
	hyperfine -N --output=null --warmup "$WARMUP" --runs "$RUNS" --export-json "$json" \
		"$cns_cmd" "$unshare_cmd" "$bwrap_cmd" >&2

	summarize "$json" "$cns_cmd" "$unshare_cmd" "$bwrap_cmd" | tee "$OUT"
}

main "$@"
