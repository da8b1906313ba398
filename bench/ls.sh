#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Benchmarks "cns ls" against util-linux lsns and against the floor (bench/floor.c), a minimal
# program that makes only the system calls the same output needs. The script starts SETS sets
# of new namespaces with PER_SET sleeping processes each, measures at half the sets and then at
# all of them, ends every process it started and prints a Markdown summary.
#
# Usage: sudo bench/ls.sh
#
# Environment (defaults in brackets):
#   SETS           sets of new pid, mnt, uts, ipc, net and cgroup namespaces [500]
#   PER_SET        sleeping processes in each set [20]
#   WARMUP         hyperfine warmup runs of each command [2]
#   MIN_RUNS       minimum hyperfine runs of each command; fast commands get more runs, up to
#                  hyperfine's 3-second budget per command [10]
#   MEM_RUNS       runs of each command under GNU time for the peak RSS; the median is shown [3]
#   SLEEP_SECONDS  lifetime of the sleeping processes, a bound in case cleanup fails [3600]
#   OUT            file that receives the Markdown summary [build/bench/ls.md]
#
# Needs root (to create namespaces and to read every process), hyperfine, lsns, unshare,
# GNU time (/usr/bin/time), jq and cc: "make deps" installs them.
set -eu -o pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
SETS=${SETS:-500}
PER_SET=${PER_SET:-20}
WARMUP=${WARMUP:-2}
MIN_RUNS=${MIN_RUNS:-10}
MEM_RUNS=${MEM_RUNS:-3}
SLEEP_SECONDS=${SLEEP_SECONDS:-3600}
OUT=${OUT:-$root/build/bench/ls.md}

cns=$root/build/cns
floor=$root/build/bench/floor
lsns=$(command -v lsns || true)
gnu_time=/usr/bin/time

leaders=()   # pids of the unshare processes, one per set
fg_pid=      # pid of the hyperfine or GNU time run in progress
commit=      # git describe output of the tree that build/cns was built from
tmp=

log() {
	printf 'bench/ls.sh: %s\n' "$*" >&2
}

die() {
	log "$*"
	exit 1
}

# ---------------------------------------------------------------------------------------------
# Checks and build

check_number() {
	case $2 in
	'' | *[!0-9]*) die "invalid $1 '$2'; expected a positive integer" ;;
	esac
	[ "$2" -gt 0 ] || die "invalid $1 '$2'; expected a positive integer"
}

check_tools() {
	local tool

	[ "$(id -u)" -eq 0 ] ||
		die "root is required to create namespaces and to read every process; run it with sudo"
	for tool in hyperfine unshare jq cc make; do
		command -v "$tool" >/dev/null || die "$tool not found; 'make deps' installs it"
	done
	[ -n "$lsns" ] || die "lsns not found; 'make deps' installs util-linux"
	"$gnu_time" -f %M true >/dev/null 2>&1 ||
		die "GNU time not found at $gnu_time; 'make deps' installs the package time"
}

# The processes of the benchmark, plus those already running, must fit below pid_max and
# threads-max, and the namespaces below the user.max_*_namespaces sysctls.
check_limits() {
	local needed=$((SETS * (PER_SET + 2))) running limit name procs

	procs=(/proc/[0-9]*)
	running=${#procs[@]}
	limit=$(cat /proc/sys/kernel/pid_max)
	[ $((running + needed)) -lt "$limit" ] ||
		die "$needed processes do not fit below kernel.pid_max=$limit; lower SETS or PER_SET"
	limit=$(cat /proc/sys/kernel/threads-max)
	[ $((running + needed)) -lt "$limit" ] ||
		die "$needed processes do not fit below kernel.threads-max=$limit"
	for name in pid mnt uts ipc net cgroup; do
		limit=$(cat "/proc/sys/user/max_${name}_namespaces")
		[ "$SETS" -lt "$limit" ] ||
			die "$SETS $name namespaces exceed user.max_${name}_namespaces=$limit"
	done

	# Raise the soft limit to the hard limit when it is below the number of processes needed.
	limit=$(ulimit -u)
	if [ "$limit" != unlimited ] && [ "$limit" -lt $((running + needed)) ]; then
		ulimit -S -u "$(ulimit -H -u)" || die "ulimit -u is $limit; raise it above $needed"
	fi
}

build() {
	make -C "$root" --no-print-directory build/cns >&2
	# Recorded now, because the tree may change while the benchmark runs.
	commit=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)
	mkdir -p "$root/build/bench"
	cc -O2 -o "$floor" "$root/bench/floor.c"
}

# ---------------------------------------------------------------------------------------------
# Processes

# Starts $1 more sets. Each unshare forks sh as pid 1 of a new pid namespace, and sh starts
# PER_SET sleeps. --kill-child makes the kernel kill sh when unshare dies.
start_sets() {
	local script='' i

	for ((i = 0; i < PER_SET; i++)); do
		script+="sleep $SLEEP_SECONDS & "
	done
	script+='wait'
	for ((i = 0; i < $1; i++)); do
		unshare --fork --kill-child --pid --mount --uts --ipc --net --cgroup \
			sh -c "$script" </dev/null >/dev/null 2>&1 &
		leaders+=("$!")
	done
}

# Prints the pids listed in the children file of each pid given, one per line.
list_children() {
	local pid kids

	for pid in "$@"; do
		kids=()
		read -r -a kids <"/proc/$pid/task/$pid/children" 2>/dev/null || true
		[ "${#kids[@]}" -eq 0 ] || printf '%s\n' "${kids[@]}"
	done
}

# Waits until every set runs PER_SET processes that have executed sleep.
wait_ready() {
	local expected=$((${#leaders[@]} * PER_SET)) deadline=$((SECONDS + 60 + ${#leaders[@]}))
	local inits sleeps ready=0

	while [ "$SECONDS" -lt "$deadline" ]; do
		mapfile -t inits < <(list_children "${leaders[@]}")
		mapfile -t sleeps < <(list_children "${inits[@]}")
		if [ "${#sleeps[@]}" -eq "$expected" ]; then
			ready=$(printf '/proc/%s/comm\n' "${sleeps[@]}" | xargs cat 2>/dev/null |
				grep -cx sleep || true)
			[ "$ready" -lt "$expected" ] || return 0
		fi
		sleep 0.5
	done
	die "timed out: ${#sleeps[@]} of $expected processes started and $ready run sleep; check dmesg"
}

count_processes() {
	local procs=(/proc/[0-9]*)

	echo "${#procs[@]}"
}

# Succeeds if pid $1 is a child of this shell, running or not yet reaped. A pid that was reaped
# and reused by another process fails the check, so it is never signalled.
is_child() {
	local line fields

	read -r line <"/proc/$1/stat" 2>/dev/null || return 1
	read -r -a fields <<<"${line##*) }"
	[ "${fields[1]}" = "$$" ]
}

# Ends every process that the script started: hyperfine or GNU time if one runs, the pid 1 of
# each set (the kernel then kills the rest of its pid namespace), and the unshare leaders.
# Leaders are children of this shell, so their pids stay reserved until "wait" reaps them.
# A set whose unshare dies between fork and PR_SET_PDEATHSIG can outlive the script, but
# its sleeps end after SLEEP_SECONDS and then its sh exits.
stop_all() {
	local mine=() inits=() nsids=() pid left i

	if [ -n "$fg_pid" ] && is_child "$fg_pid"; then
		mapfile -t inits < <(list_children "$fg_pid")
		kill -KILL "${inits[@]}" "$fg_pid" 2>/dev/null || true
		wait "$fg_pid" 2>/dev/null || true
	fi

	# jobs -p also lists a leader that a signal interrupted before its pid was recorded.
	jobs -p >"$tmp/jobs"
	mapfile -t -O "${#leaders[@]}" leaders <"$tmp/jobs"
	mapfile -t leaders < <(printf '%s\n' "${leaders[@]}" | sort -nu)
	for pid in "${leaders[@]}"; do
		! is_child "$pid" || mine+=("$pid")
	done
	[ "${#mine[@]}" -gt 0 ] || return 0
	mapfile -t inits < <(list_children "${mine[@]}")
	if [ "${#inits[@]}" -gt 0 ]; then
		mapfile -t nsids < <(printf '/proc/%s/ns/pid\n' "${inits[@]}" |
			xargs stat -L -c %i 2>/dev/null || true)
		kill -KILL "${inits[@]}" 2>/dev/null || true
	fi
	kill -KILL "${mine[@]}" 2>/dev/null || true
	wait "${mine[@]}" 2>/dev/null || true
	log "stopped ${#mine[@]} unshare processes and ${#inits[@]} pid namespaces"

	# A killed unshare is reaped while its sh may still be killing and reaping the sleeps, so
	# the check allows them 10 seconds to go. NOTE: a pid namespace that someone else makes
	# later may reuse the inode number of one of ours, and then shows up here.
	[ "${#nsids[@]}" -gt 0 ] || return 0
	for ((i = 0; i < 20; i++)); do
		left=$(stat -L -c '%i %n' /proc/[0-9]*/ns/pid 2>/dev/null |
			grep -F -f <(printf '%s \n' "${nsids[@]}") || true)
		[ -n "$left" ] || break
		sleep 0.5
	done
	if [ -n "$left" ]; then
		log "processes left in the benchmark's pid namespaces:"
		printf '%s\n' "$left" >&2
		return 1
	fi
	log "no process is left in the benchmark's pid namespaces"
}

cleanup() {
	local status=$?

	trap '' INT TERM
	trap - EXIT
	stop_all || status=1
	rm -rf "$tmp"
	exit "$status"
}

# Runs a command in the background and waits, so that a signal reaches the trap at once.
run() {
	local status=0

	"$@" &
	fg_pid=$!
	wait "$fg_pid" || status=$?
	fg_pid=
	return "$status"
}

# ---------------------------------------------------------------------------------------------
# Measurements

# Times the three commands in one hyperfine invocation, so that their medians come from one run
# on the same process table, and writes $tmp/time-$1.json. lsns 2.38.1 exits with 1 and no
# message when a process exits during its scan, because stat of /proc/PID/ns/ipc then fails with
# ESRCH. So hyperfine goes on after a failed run (--ignore-failure), the statistics leave failed
# runs out, and a failure of cns ls or of the floor ends the script.
measure_time() {
	local name failed

	log "timing at $(count_processes) processes"
	run hyperfine -N --ignore-failure --output=null --warmup "$WARMUP" --min-runs "$MIN_RUNS" \
		--export-json "$tmp/time-$1.json" \
		-n floor "$floor" -n "cns ls" "$cns ls" -n lsns "$lsns" >&2
	for name in floor "cns ls"; do
		failed=$(statistic "$1" "$name" failed)
		[ "$failed" -eq 0 ] ||
			die "$name failed in $failed runs; run '$name' by hand to see the error"
	done
}

# Runs lsns, or a command that runs it, up to 5 times until it succeeds, because lsns 2.38.1
# fails when a process exits during its scan.
run_lsns() {
	local i

	for ((i = 0; i < 5; i++)); do
		! run "$@" || return 0
		log "lsns failed; running it again"
	done
	return 1
}

# Writes the median peak RSS in KiB of each command to $tmp/rss-$1-NAME.
measure_memory() {
	local i name

	for ((i = 0; i < MEM_RUNS; i++)); do
		run "$gnu_time" -f %M -o "$tmp/rss-$1-cns-$i" "$cns" ls >/dev/null
		run "$gnu_time" -f %M -o "$tmp/rss-$1-floor-$i" "$floor" >/dev/null
		run_lsns "$gnu_time" -q -f %M -o "$tmp/rss-$1-lsns-$i" "$lsns" >/dev/null
	done
	for name in cns lsns floor; do
		cat "$tmp/rss-$1-$name-"* | sort -n |
			awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }' >"$tmp/rss-$1-$name"
	done
}

# Writes the number of lines that each command prints: namespaces and a header line.
count_rows() {
	run "$cns" ls >"$tmp/output"
	wc -l <"$tmp/output" >"$tmp/rows-$1-cns"
	run_lsns "$lsns" >"$tmp/output"
	wc -l <"$tmp/output" >"$tmp/rows-$1-lsns"
	# The floor prints no header line.
	run "$floor" >"$tmp/output"
	echo $(($(wc -l <"$tmp/output") + 1)) >"$tmp/rows-$1-floor"
}

# Prints the share of CPU time, in percent, that all CPUs spent busy during the next 2 seconds.
cpu_busy() {
	local before after

	before=$(head -n 1 /proc/stat)
	sleep 2
	after=$(head -n 1 /proc/stat)
	# Fields after "cpu": user nice system idle iowait irq softirq steal, in clock ticks.
	awk -v a="$before" -v b="$after" 'BEGIN {
		n = split(a, x); split(b, y)
		for (i = 2; i <= n && i <= 9; i++) {
			d = y[i] - x[i]; total += d
			if (i == 5 || i == 6) idle += d
		}
		printf "%.0f", total ? 100 * (total - idle) / total : 0
	}'
}

# Waits up to 30 seconds for the CPUs to be idle (at most 10% busy), because starting the sets
# leaves kernel work behind, and other work on the machine skews the timings.
wait_quiet() {
	local busy i

	for ((i = 0; i < 15; i++)); do
		busy=$(cpu_busy)
		[ "$busy" -gt 10 ] || break
	done
	echo "$busy" >"$tmp/busy-$1"
	[ "$busy" -le 10 ] ||
		log "warning: the CPUs are $busy% busy before timing; other work skews the timings"
}

measure() {
	count_processes >"$tmp/procs-$1"
	wait_quiet "$1"
	count_rows "$1"
	measure_time "$1"
	measure_memory "$1"
}

# ---------------------------------------------------------------------------------------------
# Summary

# Prints statistic $3 of command $2 from $tmp/time-$1.json. median, mean and stddev are in
# seconds, over the runs that exited with 0. cpu is the mean user plus system time of all runs,
# in seconds. runs is the number of runs that exited with 0, and failed the number of others.
statistic() {
	jq -r --arg name "$2" --arg stat "$3" '
		def median: if length % 2 == 1 then .[length / 2 | floor]
			else (.[length / 2 - 1] + .[length / 2]) / 2 end;
		.results[] | select(.command == $name) | . as $result
		| [.times, .exit_codes] | transpose as $runs
		| ($runs | map(select(.[1] == 0) | .[0]) | sort) as $ok
		| ($ok | add / length) as $mean
		| if $stat == "failed" then ($runs | length) - ($ok | length)
		elif $stat == "runs" then $ok | length
		elif $stat == "median" then $ok | median
		elif $stat == "mean" then $mean
		elif $stat == "cpu" then $result.user + $result.system
		else ($ok | map(. - $mean | . * .) | add / (length - 1) | sqrt) end
	' "$tmp/time-$1.json"
}

format_ms() {
	awk -v s="$1" 'BEGIN { printf "%.1f ms", s * 1000 }'
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

# Prints "yes" if the awk condition $1 is true, else "no".
yes_if() {
	awk "BEGIN { print ($1) ? \"yes\" : \"no\" }"
}

format_mib() {
	awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'
}

# Prints one table row per command for size $1 ("half" or "full").
print_rows() {
	local size=$1 name label runs failed median mean stddev cpu

	for name in "cns ls" floor lsns; do
		label=${name%% *}
		runs=$(statistic "$size" "$name" runs)
		failed=$(statistic "$size" "$name" failed)
		[ "$failed" -eq 0 ] || runs="$runs (and $failed failed)"
		median=$(format_ms "$(statistic "$size" "$name" median)")
		mean=$(format_ms "$(statistic "$size" "$name" mean)")
		stddev=$(format_ms "$(statistic "$size" "$name" stddev)")
		cpu=$(format_ms "$(statistic "$size" "$name" cpu)")
		printf '| %s | %s | %s | %s ± %s | %s | %s | %s | %s |\n' \
			"$(cat "$tmp/procs-$size")" "\`$name\`" "$median" "$mean" "$stddev" "$cpu" \
			"$runs" "$(format_mib "$(cat "$tmp/rss-$size-$label")")" \
			"$(cat "$tmp/rows-$size-$label")"
	done
}

# Prints the largest growth of "cns ls" from the smaller to the larger size that still counts
# as linear: $1, the ratio of the process counts, raised by the noise of the two measurements.
# The noise is the relative standard deviation of the wall-clock times at each size, combined
# as for a quotient (the square root of the sum of their squares).
growth_limit() {
	local half_mean half_sd full_mean full_sd

	half_mean=$(statistic half "cns ls" mean)
	half_sd=$(statistic half "cns ls" stddev)
	full_mean=$(statistic full "cns ls" mean)
	full_sd=$(statistic full "cns ls" stddev)
	awk -v r="$1" -v hm="$half_mean" -v hs="$half_sd" -v fm="$full_mean" -v fs="$full_sd" \
		'BEGIN { printf "%.2f", r * (1 + sqrt((hs / hm) ^ 2 + (fs / fm) ^ 2)) }'
}

# Prints the Markdown summary. A target counts as met only if both the median wall-clock time
# and the CPU time (user plus system) meet it. Other work on the machine delays the wall-clock
# time of some runs, but it changes their CPU time much less.
summarize() {
	local procs_ratio floor_wall floor_cpu lsns_wall lsns_cpu scale_wall scale_cpu scale_limit
	local rss_cns rss_lsns

	procs_ratio=$(ratio "$(cat "$tmp/procs-full")" "$(cat "$tmp/procs-half")")
	floor_wall=$(ratio "$(statistic full "cns ls" median)" "$(statistic full floor median)")
	floor_cpu=$(ratio "$(statistic full "cns ls" cpu)" "$(statistic full floor cpu)")
	lsns_wall=$(ratio "$(statistic full lsns median)" "$(statistic full "cns ls" median)")
	lsns_cpu=$(ratio "$(statistic full lsns cpu)" "$(statistic full "cns ls" cpu)")
	scale_wall=$(ratio "$(statistic full "cns ls" median)" "$(statistic half "cns ls" median)")
	scale_cpu=$(ratio "$(statistic full "cns ls" cpu)" "$(statistic half "cns ls" cpu)")
	scale_limit=$(growth_limit "$procs_ratio")
	rss_cns=$(cat "$tmp/rss-full-cns")
	rss_lsns=$(cat "$tmp/rss-full-lsns")

	cat <<EOF
#### $(date -u "+%Y-%m-%d %H:%M UTC")

- Machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), \
$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, \
Linux $(uname -r), Debian $(cat /etc/debian_version 2>/dev/null || echo unknown)
- Versions: cns $commit ($("$cns" --version)), $("$lsns" --version), $(hyperfine --version), \
libproc2 $(pkg-config --modversion libproc2 2>/dev/null || echo unknown), \
libsmartcols $(pkg-config --modversion smartcols 2>/dev/null || echo unknown), \
floor built with $(cc --version | head -n 1)
- Command: \`SETS=$SETS PER_SET=$PER_SET WARMUP=$WARMUP MIN_RUNS=$MIN_RUNS MEM_RUNS=$MEM_RUNS \
bench/ls.sh\`
- CPU busy in the 2 seconds before timing: $(cat "$tmp/busy-half")% at the smaller size and \
$(cat "$tmp/busy-full")% at the larger

| Processes | Command | Median | Mean ± σ | CPU | Runs | Peak RSS | Lines |
|----------:|---------|-------:|---------:|----:|-----:|---------:|------:|
$(print_rows half)
$(print_rows full)

| Target | Wall-clock median | CPU time | Met |
|--------|------------------:|---------:|-----|
| \`cns ls\` within 1.3× the floor | ${floor_wall}× | ${floor_cpu}× | \
$(yes_if "$floor_wall <= 1.3 && $floor_cpu <= 1.3") |
| \`cns ls\` at least 5× faster than lsns | ${lsns_wall}× | ${lsns_cpu}× | \
$(yes_if "$lsns_wall >= 5 && $lsns_cpu >= 5") |
| \`cns ls\` at most ${procs_ratio}× the time for ${procs_ratio}× the processes, within \
noise (${scale_limit}×) | ${scale_wall}× | ${scale_cpu}× | \
$(yes_if "$scale_wall <= $scale_limit && $scale_cpu <= $scale_limit") |
| Peak RSS of \`cns ls\` no higher than lsns's | \
$(format_mib "$rss_cns") vs $(format_mib "$rss_lsns") | | $(yes_if "$rss_cns <= $rss_lsns") |

From the smaller to the larger size, the floor took \
$(ratio "$(statistic full floor median)" "$(statistic half floor median)")× the time \
(CPU time $(ratio "$(statistic full floor cpu)" "$(statistic half floor cpu)")×) and lsns \
$(ratio "$(statistic full lsns median)" "$(statistic half lsns median)")× \
(CPU time $(ratio "$(statistic full lsns cpu)" "$(statistic half lsns cpu)")×).
EOF
}

# ---------------------------------------------------------------------------------------------

main() {
	for var in SETS PER_SET MIN_RUNS MEM_RUNS SLEEP_SECONDS; do
		check_number "$var" "${!var}"
	done
	case $WARMUP in
	'' | *[!0-9]*) die "invalid WARMUP '$WARMUP'; expected a number" ;;
	esac
	[ "$SETS" -ge 2 ] || die "invalid SETS '$SETS'; at least 2 are needed to measure scaling"
	check_tools
	check_limits
	build

	tmp=$(mktemp -d)
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM

	log "starting $((SETS / 2)) sets of $PER_SET processes"
	start_sets $((SETS / 2))
	wait_ready
	measure half

	log "starting $((SETS - SETS / 2)) more sets"
	start_sets $((SETS - SETS / 2))
	wait_ready
	measure full

	mkdir -p "$(dirname "$OUT")"
	summarize >"$OUT"
	cat "$OUT"
	log "summary written to $OUT"
}

main "$@"
