#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Benchmarks "cgtop -b -n 3 -d 0.1" against "systemd-cgtop -b -n 3 -d 0.1 --depth=5" in CPU
# seconds (user plus system). The script makes SMALL_COUNT and then GROUP_COUNT cgroups named
# /cns-test-bench-PID/gNNNN in every cgroup hierarchy, with a sleeping process in every
# PROC_EVERY-th of them, and times both commands in one hyperfine run at each size. It removes
# everything it made and prints a Markdown summary. The growth from SMALL_COUNT to GROUP_COUNT
# groups shows whether the cost is linear in the number of groups. The same run times the floor
# (bench/cgtop_floor.c), which only opens the files that cgtop reads in each group and reads
# each of them three times. At GROUP_COUNT groups, it also times both commands with 1 and with
# 10 iterations, which gives the cost of each iteration after the first.
#
# Usage: sudo bench/cgtop.sh
#
# Environment (defaults in brackets):
#   GROUP_COUNT  the larger number of groups [1000]
#   SMALL_COUNT  the smaller number of groups [250]
#   PROC_EVERY   a sleeping process in every PROC_EVERY-th group [10]
#   RUNS         runs of each command at each size [10]
#   OUT          file that receives the Markdown summary [build/bench/cgtop.md]
#
# Needs root (to make cgroups), systemd-cgtop, hyperfine, jq, cc and build/cgtop.
set -eu -o pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
GROUP_COUNT=${GROUP_COUNT:-1000}
SMALL_COUNT=${SMALL_COUNT:-250}
PROC_EVERY=${PROC_EVERY:-10}
RUNS=${RUNS:-10}
OUT=${OUT:-$root/build/bench/cgtop.md}

cgtop=$root/build/cgtop
floor=$root/build/bench/cgtop_floor
top=cns-test-bench-$$
sleepers=() # pids of the sleeping processes
mounts=()   # the mount point of every cgroup hierarchy

log() {
	printf 'bench/cgtop.sh: %s\n' "$*" >&2
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

	[ "$(id -u)" -eq 0 ] || die "root is required to make cgroups; run it with sudo"
	command -v systemd-cgtop >/dev/null || die "systemd-cgtop not found; it is in the package systemd"
	for tool in hyperfine jq; do
		command -v "$tool" >/dev/null || die "$tool not found; 'make deps' installs it"
	done
	make -C "$root" -s "$cgtop" >&2 || die "cannot build $cgtop"
	mkdir -p "$(dirname "$floor")"
	cc -O2 -o "$floor" "$root/bench/cgtop_floor.c" -lm || die "cannot build $floor"
}

# Lists the mount point of the root of every cgroup and cgroup2 hierarchy.
find_mounts() {
	mapfile -t mounts < <(awk '{
		for (i = 7; i < NF && $i != "-"; i++)
			;
		if (($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") && $4 == "/")
			print $5
	}' /proc/self/mountinfo)
	[ ${#mounts[@]} -gt 0 ] || die "no cgroup hierarchy is mounted"
}

# Makes group $1 (a path below the root) in every hierarchy. A v1 cpuset group gets the CPUs and
# memory nodes of the root, because without them no process can join it.
make_group() {
	local mount

	for mount in "${mounts[@]}"; do
		mkdir -p "$mount$1"
		if [ -f "$mount$1/cpuset.cpus" ] && [ -z "$(cat "$mount$1/cpuset.cpus")" ]; then
			cat "$mount/cpuset.cpus" >"$mount$1/cpuset.cpus"
			cat "$mount/cpuset.mems" >"$mount$1/cpuset.mems"
		fi
	done
}

# Starts a sleeping process in group $1 of every hierarchy.
start_sleeper() {
	local mount pid

	# The sleeper gets no stdout, so that it does not keep a pipe of the caller open.
	sleep 3600 </dev/null >/dev/null 2>&1 &
	pid=$!
	sleepers+=("$pid")
	for mount in "${mounts[@]}"; do
		echo "$pid" >"$mount$1/cgroup.procs"
	done
}

# Makes groups up to number $1, from the number that exist, $2.
make_groups() {
	local i

	make_group "/$top"
	for ((i = $2 + 1; i <= $1; i++)); do
		make_group "/$top/g$i"
		((i % PROC_EVERY == 0)) && start_sleeper "/$top/g$i"
	done
	return 0
}

cleanup() {
	local mount pid

	for pid in "${sleepers[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${sleepers[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	for mount in "${mounts[@]}"; do
		[ -d "$mount/$top" ] || continue
		find "$mount/$top" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null || true
		rmdir "$mount/$top" 2>/dev/null || log "cannot remove $mount/$top; remove it with rmdir"
	done
}

# Prints the control files of group /$top that cgtop reads, one path a line: the files directly
# below /$top that a running cgtop keeps open, which it opened for the top group itself.
find_floor_files() {
	local pid fd file mount i

	"$cgtop" -b -n 2 -d 60 "/$top" >"$tmp/first" &
	pid=$!
	# cgtop prints its first iteration once it has opened and read every file.
	for ((i = 0; i < 600; i++)); do
		[ -s "$tmp/first" ] && break
		sleep 0.1
	done
	for fd in /proc/"$pid"/fd/*; do
		file=$(readlink "$fd") || continue
		for mount in "${mounts[@]}"; do
			[[ $file == "$mount/$top/"* && $file != "$mount/$top/"*/* && -f $file ]] &&
				echo "$file"
		done
	done
	kill "$pid"
	wait "$pid" 2>/dev/null || true
}

# Times both commands and the floor in one hyperfine run, with their output sent to /dev/null
# and no shell in between. Prints one table row: the groups, the mean CPU seconds (user plus
# system) of each command, their ratio, and the median wall-clock seconds of each. hyperfine
# reports CPU time only as a mean per run.
measure() {
	local groups=$1 json=$tmp/$1.json

	hyperfine -N --style none --output=null --warmup 1 --runs "$RUNS" --export-json "$json" \
		"$cgtop -b -n 3 -d 0.1" "systemd-cgtop -b -n 3 -d 0.1 --depth=5" \
		"$floor 3 0.1 ${floor_files[*]}" >/dev/null ||
		die "hyperfine failed at $groups groups"
	jq -r --arg groups "$groups" '.results | map(.user + .system) as $cpu |
		"| \($groups) | \($cpu[0] * 1000 | round / 1000) | \($cpu[1] * 1000 | round / 1000) | " +
		"\($cpu[0] / $cpu[1] * 100 | round / 100) | \(.[0].median * 1000 | round / 1000) | " +
		"\(.[1].median * 1000 | round / 1000) |"' "$json"
	jq -r '.results[0] | .user + .system' "$json" >"$tmp/$groups"
	jq -r '.results[2] | .user + .system' "$json" >"$tmp/floor-$groups"
}

# Times both commands with 1 and with 10 iterations, 0.1 seconds apart, in one hyperfine run at
# the current number of groups. Prints a sentence with the mean CPU seconds of each iteration
# after the first, (CPU time at 10 - CPU time at 1) / 9, of each command and their ratio.
measure_iterations() {
	local json=$tmp/iterations.json

	hyperfine -N --style none --output=null --warmup 1 --runs "$RUNS" --export-json "$json" \
		"$cgtop -b -n 1 -d 0.1" "$cgtop -b -n 10 -d 0.1" \
		"systemd-cgtop -b -n 1 -d 0.1 --depth=5" "systemd-cgtop -b -n 10 -d 0.1 --depth=5" \
		>/dev/null || die "hyperfine failed with 1 and 10 iterations"
	jq -r '.results | map(.user + .system) as $cpu |
		(($cpu[1] - $cpu[0]) / 9) as $cgtop | (($cpu[3] - $cpu[2]) / 9) as $systemd |
		"With 1 and 10 iterations, cgtop took \($cpu[0] * 1000 | round / 1000) and " +
		"\($cpu[1] * 1000 | round / 1000) CPU s and systemd-cgtop " +
		"\($cpu[2] * 1000 | round / 1000) and \($cpu[3] * 1000 | round / 1000): " +
		"each iteration after the first cost cgtop \($cgtop * 1000 | round / 1000) CPU s and " +
		"systemd-cgtop \($systemd * 1000 | round / 1000), a ratio of " +
		"\($cgtop / $systemd * 100 | round / 100)."' "$json"
}

# Appends its arguments as a line to the summary and to the output.
emit() {
	printf '%s\n' "$*" | tee -a "$OUT.tmp"
}

check_number GROUP_COUNT "$GROUP_COUNT"
check_number SMALL_COUNT "$SMALL_COUNT"
check_number PROC_EVERY "$PROC_EVERY"
check_number RUNS "$RUNS"
[ "$SMALL_COUNT" -lt "$GROUP_COUNT" ] ||
	die "invalid SMALL_COUNT $SMALL_COUNT; expected less than GROUP_COUNT ($GROUP_COUNT)"
check_tools
find_mounts
tmp=$(mktemp -d)
trap 'cleanup; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$(dirname "$OUT")"

layout=$("$cgtop" -J -n 1 --depth 0 / | jq -r .layout)
: >"$OUT.tmp"
emit "### $(date -u +%Y-%m-%d), Linux $(uname -r), $(nproc) CPUs, $layout layout"
emit ""
emit "CPU: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)." \
	"$("$cgtop" --version), $(systemd-cgtop --version | head -n 1)." \
	"Load before the run: $(cut -d' ' -f1-3 /proc/loadavg). $RUNS runs of each command."
emit ""
emit "| groups | cgtop CPU s | systemd-cgtop CPU s | ratio | cgtop wall s | systemd-cgtop wall s |"
emit "|---:|---:|---:|---:|---:|---:|"
log "making $SMALL_COUNT groups in ${#mounts[@]} hierarchies"
make_groups "$SMALL_COUNT" 0
mapfile -t floor_files < <(find_floor_files)
[ ${#floor_files[@]} -gt 0 ] || die "cannot find the files that cgtop reads below /$top"
emit "$(measure "$SMALL_COUNT")"
log "making $GROUP_COUNT groups"
make_groups "$GROUP_COUNT" "$SMALL_COUNT"
emit "$(measure "$GROUP_COUNT")"
emit ""
emit "$(awk -v small="$SMALL_COUNT" -v large="$GROUP_COUNT" -v a="$(cat "$tmp/$SMALL_COUNT")" \
	-v b="$(cat "$tmp/$GROUP_COUNT")" 'BEGIN {
		printf "The CPU time of cgtop grows %.2f times from %d to %d groups, %.2f times as many.\n",
			b / a, small, large, large / small
	}')"
emit ""
emit "$(awk -v small="$SMALL_COUNT" -v large="$GROUP_COUNT" -v a="$(cat "$tmp/floor-$SMALL_COUNT")" \
	-v b="$(cat "$tmp/floor-$GROUP_COUNT")" -v files=${#floor_files[@]} \
	-v cgtop="$(cat "$tmp/$GROUP_COUNT")" 'BEGIN {
		printf "The floor, which opens and reads the %d files of each group that cgtop reads, " \
			"took %.3f CPU s at %d groups and %.3f at %d: cgtop took %.2f times as much.\n",
			files, a, small, b, large, cgtop / b
	}')"
emit ""
log "timing 1 and 10 iterations at $GROUP_COUNT groups"
emit "$(measure_iterations)"
mv "$OUT.tmp" "$OUT"
log "summary written to $OUT"
