#!/usr/bin/env bats
# cgtop in batch mode against known loads in cns-test-* cgroups: a busy loop, a process that
# allocates 64 MiB, three sleeping processes and a limit that cgset wrote. The JSON and
# OpenMetrics forms are parsed and compared with the table, groups come and go while cgtop
# runs, and bad command lines fail with a message.

load helpers
load cg-helpers
load cgtop-helpers

setup() {
	require_cgtop
}

teardown() {
	cg_teardown
}

# ------------------------------------------------------------------------------------------
# Figures of known loads

# Prints the CPU time of process $1 in clock ticks: utime plus stime of /proc/PID/stat, the
# 14th and 15th fields, counted after the command name, which may contain spaces.
cpu_ticks() {
	sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

@test "cgtop busy loop uses about one CPU" {
	local attempt cpu before after start end oracle
	new_test_cgroup busy
	make_test_cgroup "$CG"
	start_in_cgroup "$CG" bash -c 'while :; do :; done'

	# The host is shared: other work may leave the loop less than a CPU. So each attempt also
	# measures the CPU time the loop got, from /proc, over a window around cgtop's interval.
	for attempt in 1 2 3; do
		before=$(cpu_ticks "$STARTED_PID")
		start=$(date +%s.%N)
		run_cgtop_json -n 2 -d 2 "$CG"
		end=$(date +%s.%N)
		after=$(cpu_ticks "$STARTED_PID")
		cpu=$(json_field "$CG" cpu "$JSON")
		awk -v cpu="$cpu" 'BEGIN { exit !(cpu >= 70 && cpu <= 130) }' && return 0
		oracle=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v s="$start" \
			-v e="$end" 'BEGIN { printf "%.1f", 100 * t / hz / (e - s) }')
		echo "attempt $attempt: cgtop %CPU $cpu, /proc $oracle" >&2
	done
	# The loop got less than 70% of a CPU all three times: cgtop must still agree with /proc.
	awk -v cpu="$cpu" -v oracle="$oracle" 'BEGIN { exit !(oracle < 70 && cpu > oracle - 20 &&
		cpu < oracle + 20) }' ||
		fail "%CPU of the busy loop is $cpu, expected 70 to 130 or near the $oracle of /proc"
}

@test "cgtop allocator shows at least 64 MiB" {
	local memory
	require_controller memory
	new_test_cgroup alloc
	make_test_cgroup "$CG"
	start_allocator "$CG"

	run_cgtop_json -n 1 -d 0.2 "$CG"
	memory=$(json_field "$CG" memory "$JSON")
	[ "$memory" -ge 67108864 ] || fail "MEM of the allocator is $memory, expected at least 64 MiB"
}

@test "cgtop counts three sleepers" {
	new_test_cgroup sleepers
	make_test_cgroup "$CG"
	start_in_cgroup "$CG" sleep 1000
	start_in_cgroup "$CG" sleep 1000
	start_in_cgroup "$CG" sleep 1000

	run_cgtop_json -n 1 -d 0.1 "$CG"
	assert_equal "$(json_field "$CG" tasks "$JSON")" 3 "TASKS"
}

@test "cgtop shows the limit cgset wrote" {
	local table
	require_controller memory
	new_test_cgroup limit
	make_test_cgroup "$CG"
	"$CGSET" -g "$CG" memory.max=100M

	run_cgtop_json -n 1 -d 0.1 "$CG"
	assert_equal "$(json_field "$CG" limit "$JSON")" 104857600 "JSON limit"
	run --separate-stderr "$CGTOP" -b -n 1 -d 0.1 --flat "$CG"
	assert_success_quiet
	table=$output
	assert_equal "$(table_cell "$CG" LIMIT "$table")" 100.0M "LIMIT in the table"
}

@test "cgtop TASKS adds up the groups below" {
	new_test_cgroup tree
	make_test_cgroup "$CG/a"
	make_test_cgroup "$CG/b"
	start_in_cgroup "$CG/a" sleep 1000
	start_in_cgroup "$CG/b" sleep 1000
	start_in_cgroup "$CG/b" sleep 1000

	run_cgtop_json -n 1 -d 0.1 "$CG"
	assert_equal "$(json_field "$CG" tasks "$JSON")" 3 "TASKS of the parent"
	assert_equal "$(json_field "$CG/a" tasks "$JSON")" 1 "TASKS of a"
	assert_equal "$(json_field "$CG/b" tasks "$JSON")" 2 "TASKS of b"
}

# ------------------------------------------------------------------------------------------
# Output forms

@test "cgtop JSON agrees with the table" {
	local table path tasks limit
	new_test_cgroup agree
	make_test_cgroup "$CG/a"
	make_test_cgroup "$CG/b"
	start_in_cgroup "$CG/a" sleep 1000
	[ -z "$(controller_version memory)" ] || "$CGSET" -g "$CG/b" memory.max=50M

	run_cgtop_json -n 1 -d 0.1 --flat "$CG"
	run --separate-stderr "$CGTOP" -b -n 1 -d 0.1 --flat "$CG"
	assert_success_quiet
	table=$output
	assert_equal "$(jq -s -r '.[-1].cgroups[].path' <<<"$JSON" | sort)" \
		"$(printf '%s\n' "$CG" "$CG/a" "$CG/b" | sort)" "paths in JSON"
	for path in "$CG" "$CG/a" "$CG/b"; do
		tasks=$(json_field "$path" tasks "$JSON")
		assert_equal "$(table_cell "$path" TASKS "$table")" "$tasks" "TASKS of $path"
	done
	if [ -n "$(controller_version memory)" ]; then
		limit=$(json_field "$CG/b" limit "$JSON")
		assert_equal "$limit" 52428800 "JSON limit of b"
		assert_equal "$(table_cell "$CG/b" LIMIT "$table")" 50.0M "LIMIT of b"
	fi
}

@test "cgtop JSON has one document per iteration" {
	run_cgtop_json -n 3 -d 0.05 --depth 0 /
	assert_equal "$(jq -s length <<<"$JSON")" 3 "documents"
	assert_equal "$(jq -s -r '.[0].layout' <<<"$JSON")" "$(cgroup_layout)" "layout"
	assert_equal "$(jq -s -r '.[0].cpus' <<<"$JSON")" "$(getconf _NPROCESSORS_ONLN)" "cpus"
	assert_equal "$(jq -s -r '.[0].sort' <<<"$JSON")" cpu "sort"
	# Rates start from the second sample.
	assert_equal "$(jq -s -r '.[0].cgroups[0].cpu' <<<"$JSON")" null "%CPU of the first sample"
	[ "$(jq -s -r '.[1].cgroups[0].cpu' <<<"$JSON")" != null ] ||
		fail "the second document has no %CPU for the root: $JSON"
}

# Checks every line of an OpenMetrics exposition: metadata, samples with a cgroup label, and
# "# EOF" as its last line.
check_openmetrics_lines() {
	local line n=0 name='[a-zA-Z_:][a-zA-Z0-9_:]*' value='(-?[0-9.e+-]+|[+-]Inf|NaN)'
	local label='[a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*"'

	[ "$(tail -n 1 <<<"$1")" = "# EOF" ] || fail "the exposition does not end with # EOF"
	[ "$(grep -c '^# EOF$' <<<"$1")" -eq 1 ] || fail "more than one # EOF"
	while IFS= read -r line; do
		n=$((n + 1))
		[[ $line == "# EOF" ]] && continue
		[[ $line =~ ^"# TYPE "$name" "(gauge|counter)$ ]] && continue
		[[ $line =~ ^"# UNIT "$name" "[a-z]+$ ]] && continue
		[[ $line =~ ^"# HELP "$name" ".+$ ]] && continue
		[[ $line =~ ^$name"{"$label(","$label)*"} "$value$ ]] && continue
		fail "line $n is not OpenMetrics: $line"
	done <<<"$1"
}

@test "cgtop OpenMetrics is well formed and agrees with JSON" {
	local metrics family
	new_test_cgroup metrics
	make_test_cgroup "$CG"
	start_in_cgroup "$CG" sleep 1000
	start_in_cgroup "$CG" sleep 1000
	[ -z "$(controller_version memory)" ] || "$CGSET" -g "$CG" memory.max=64M

	run --separate-stderr "$CGTOP" --openmetrics -n 2 -d 0.1 "$CG"
	assert_success_quiet
	# The second exposition, which has the rates.
	metrics=$(awk 'second; /^# EOF$/ { second = 1 }' <<<"$output")
	check_openmetrics_lines "$metrics"
	assert_contains "$metrics" "cgtop_tasks{cgroup=\"$CG\"} 2"
	assert_contains "$metrics" "cgtop_cpu_usage_ratio{cgroup=\"$CG\"} "
	if [ -n "$(controller_version memory)" ]; then
		assert_contains "$metrics" "cgtop_memory_limit_bytes{cgroup=\"$CG\"} 67108864"
	fi
	# Each family is declared once, before its samples.
	for family in $(awk '$1 == "#" && $2 == "TYPE" { print $3 }' <<<"$metrics"); do
		[ "$(grep -c "^# TYPE $family " <<<"$metrics")" -eq 1 ] ||
			fail "family $family is declared more than once"
	done
}

# Fails unless number $2 of field $1 has at most $3 decimal places: no noise of binary fractions
# such as 0.47200000000000003. Small numbers may be written with an exponent, such as 5e-05.
assert_decimals() {
	local field=$1 number=$2 places=$3 fraction

	[[ $number =~ ^-?[0-9]+(\.[0-9]+)?(e-[0-9]+)?$ ]] || fail "$field is not a number: $number"
	fraction=${number%%e*}
	[[ $fraction == *.* ]] || return 0
	fraction=${fraction#*.}
	[ "${#fraction}" -le "$places" ] ||
		fail "$field has ${#fraction} decimal places, more than $places: $number"
}

@test "cgtop figures carry no float noise" {
	local metrics line name places field number
	new_test_cgroup noise
	make_test_cgroup "$CG"
	start_in_cgroup "$CG" bash -c 'while :; do :; done'

	run --separate-stderr "$CGTOP" --openmetrics -n 2 -d 0.3 "$CG"
	assert_success_quiet
	metrics=$(awk 'second; /^# EOF$/ { second = 1 }' <<<"$output")
	assert_contains "$metrics" "cgtop_cpu_usage_ratio{cgroup=\"$CG\"} "
	while IFS= read -r line; do
		name=${line%%\{*}
		number=${line##* }
		[ "$number" != +Inf ] || continue
		case $name in
		cgtop_pressure_*) places=4 ;;
		*_ratio) places=6 ;;
		*) places=0 ;;
		esac
		assert_decimals "$name" "$number" "$places"
	done < <(grep -v '^#' <<<"$metrics")

	run_cgtop_json -n 2 -d 0.3 "$CG"
	# cJSON prints each number after a tab, and a comma unless it is last in its object.
	while IFS=$'\t' read -r field number; do
		field=${field//[\":]/}
		number=${number%,}
		case $field in
		cpu | memory_percent | throttled_percent) places=4 ;;
		psi_*) places=2 ;;
		tasks | memory | limit | read_rate | write_rate | oom_kills) places=0 ;;
		*) continue ;;
		esac
		[ "$number" != null ] && [ "$number" != '"max"' ] || continue
		assert_decimals "$field" "$number" "$places"
	done < <(sed -n '/"cgroups":/,$p' <<<"$JSON" | sed 's/^\t*//')
	[ "$(json_field "$CG" cpu "$JSON")" != null ] || fail "the JSON row of $CG has no cpu"
}

@test "cgtop prints one exposition per iteration" {
	run --separate-stderr "$CGTOP" --openmetrics -n 2 -d 0.05 --depth 0 /
	assert_success_quiet
	assert_equal "$(grep -c '^# EOF$' <<<"$output")" 2 "# EOF lines"
}

@test "cgtop header names the layout, CPUs, interval and sort" {
	run --separate-stderr "$CGTOP" -b -n 1 -d 0.25 -o mem --depth 0 /
	assert_success_quiet
	assert_contains "${lines[0]}" "$(getconf _NPROCESSORS_ONLN) CPUs"
	assert_contains "${lines[0]}" "layout $(cgroup_layout)"
	assert_contains "${lines[0]}" "load "
	assert_contains "${lines[0]}" "memory "
	assert_contains "${lines[1]}" "interval 0.25s"
	assert_contains "${lines[1]}" "sort mem"
}

@test "cgtop hides the columns the host lacks" {
	local headings
	run --separate-stderr "$CGTOP" -b -n 1 -d 0.05 --depth 0 /
	assert_success_quiet
	headings=$(grep '^CGROUP' <<<"$output")
	if [ -n "$(cgroup_v2_root)" ] && [ -r /proc/pressure/cpu ]; then
		assert_contains "$headings" PSI-CPU
	else
		[[ $headings != *PSI* ]] || fail "PSI columns shown without cgroup v2 pressure files"
	fi
	if [ -n "$(controller_version memory)" ]; then
		assert_contains "$headings" MEM
		assert_contains "$headings" LIMIT
	else
		[[ $headings != *LIMIT* ]] || fail "LIMIT shown without a memory controller"
	fi
}

# Sets READS to how many times cgtop, run with arguments $2..., read the file $1 of cgroup v2
# group $CG, counted from strace's pread64 calls, whose -y shows the path of each descriptor.
# LeakSanitizer cannot run under ptrace, so a sanitized build runs without it here.
count_reads() {
	local file=$1
	shift
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 strace -f -qq -y \
		-e trace=pread64 -o "$BATS_TEST_TMPDIR/strace" "$CGTOP" -b "$@" "$CG" >/dev/null ||
		fail "cgtop $* failed under strace"
	READS=$(grep -c -F "$CG/$file>" "$BATS_TEST_TMPDIR/strace" || true)
}

@test "cgtop reads pressure once per kernel period" {
	[ -n "$(cgroup_v2_root)" ] && [ -r /proc/pressure/cpu ] || skip "needs cgroup v2 pressure files"
	command -v strace >/dev/null || skip "needs strace"
	new_test_cgroup pressure
	make_test_cgroup "$CG"

	# The kernel updates the averages every 2 seconds, so samples 0.1 s apart read them once.
	count_reads cpu.pressure -n 3 -d 0.1
	assert_equal "$READS" 1 "reads of cpu.pressure in 0.2 s"
	count_reads io.pressure -n 2 -d 2.1
	assert_equal "$READS" 2 "reads of io.pressure in 2.1 s"
	# The other files are read at every sample.
	count_reads cgroup.procs -n 3 -d 0.1
	assert_equal "$READS" 3 "reads of cgroup.procs"
}

@test "cgtop shows - where a group lacks the file" {
	local v2 table
	[ "$(cgroup_layout)" = hybrid ] || skip "only a hybrid host has groups in cgroup v2 alone"
	require_v1_controller memory
	v2=$(cgroup_v2_root)
	T=$(test_name v2only)
	make_cgroup "$v2" "$T"

	run --separate-stderr "$CGTOP" -b -n 2 -d 0.1 --flat "/$T"
	assert_success_quiet
	table=$output
	assert_equal "$(table_cell "/$T" MEM "$table")" - "MEM of a group in cgroup v2 alone"
	assert_equal "$(table_cell "/$T" TASKS "$table")" 0 "TASKS"
	[ "$(table_cell "/$T" %CPU "$table")" != - ] ||
		fail "%CPU of a group in cgroup v2 alone is -, but cpu.stat has it: $table"
}

@test "cgtop subtree, depth, flat order" {
	local paths
	new_test_cgroup order
	make_test_cgroup "$CG/a/deep"
	make_test_cgroup "$CG/b"
	start_in_cgroup "$CG/b" sleep 1000
	start_in_cgroup "$CG/b" sleep 1000
	# In the leaf: on cgroup v2, a group that passes controllers to its children holds no
	# processes (the no-internal-processes rule).
	start_in_cgroup "$CG/a/deep" sleep 1000

	run_cgtop_json -n 1 -d 0.05 --depth 1 --flat -o tasks "$CG"
	paths=$(jq -s -r '.[-1].cgroups[].path' <<<"$JSON")
	assert_equal "$paths" "$(printf '%s\n' "$CG" "$CG/b" "$CG/a")" "rows sorted by tasks"
	run_cgtop_json -n 1 -d 0.05 -o path "$CG"
	paths=$(jq -s -r '.[-1].cgroups[].path' <<<"$JSON")
	assert_equal "$paths" "$(printf '%s\n' "$CG" "$CG/a" "$CG/a/deep" "$CG/b")" "tree by path"
}

@test "cgtop names container groups engine:name" {
	local id=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
	new_test_cgroup ct
	make_test_cgroup "$CG/docker/$id"

	run_cgtop_json -n 1 -d 0.05 "$CG"
	assert_equal "$(json_field "$CG/docker/$id" container "$JSON")" docker:0123456789ab \
		"container"
	run --separate-stderr "$CGTOP" -b -n 1 -d 0.05 "$CG"
	assert_contains "$output" "docker:0123456789ab"
}

# ------------------------------------------------------------------------------------------
# Churn

@test "cgtop runs while groups come and go" {
	local loop
	new_test_cgroup churn
	make_test_cgroup "$CG"
	# Groups come and go in every hierarchy, one hierarchy after the other, so that cgtop
	# also sees groups that exist in some hierarchies only.
	# shellcheck disable=SC2016,SC2046 # The inner bash expands them; mounts have no spaces.
	start_background bash -c 'for ((i = 0; i < $0; i++)); do
		for root in "$@"; do
			mkdir -p "$root/g$((i % 7))/x"
		done
		for root in "$@"; do
			rmdir "$root/g$((i % 7))/x" "$root/g$((i % 7))"
		done
	done' "$(scaled_count 500)" $(cgroup_mounts | sed "s|\$|$CG|")
	loop=$STARTED_PID

	run --separate-stderr "$CGTOP" -b -n "$(scaled_count 40)" -d 0.02 -J "$CG"
	assert_success_quiet
	jq -s length <<<"$output" >/dev/null || fail "cgtop printed invalid JSON during churn"
	wait "$loop" 2>/dev/null || true
}

# Runs cgtop -J on $CG, run by COMMAND... (such as setpriv) if given, calls function CHANGE
# after its first iteration, waits for two more complete iterations, then ends cgtop and sets
# JSON to its complete documents. The second iteration after the change starts after the
# change ended, however slowly the change ran. Usage: run_cgtop_across CHANGE [COMMAND...]
run_cgtop_across() {
	local change=$1 out=$BATS_TEST_TMPDIR/cgtop.json pid i done_before code=0
	shift

	"$@" "$CGTOP" -J -n 1000 -d 0.5 "$CG" >"$out" 2>"$out.err" &
	pid=$!
	for ((i = 0; i < 300; i++)); do
		[ "$(complete_documents "$out")" -ge 1 ] && break
		sleep 0.1
	done
	if [ "$(complete_documents "$out")" -lt 1 ]; then
		kill "$pid" 2>/dev/null || code=$?
		fail "cgtop printed no iteration within 30 seconds" \
			"($([ "$code" -eq 0 ] && echo "still running" || echo "had exited")); its" \
			"stderr: $(cat "$out.err")"
	fi
	"$change"
	done_before=$(complete_documents "$out")
	for ((i = 0; i < 600; i++)); do
		[ "$(complete_documents "$out")" -ge $((done_before + 2)) ] && break
		sleep 0.1
	done
	kill -TERM "$pid"
	wait "$pid" || code=$?
	[ "$code" -eq 143 ] || fail "cgtop exited with $code, not by SIGTERM: $(cat "$out.err")"
	[ ! -s "$out.err" ] || fail "cgtop wrote to stderr: $(cat "$out.err")"
	[ "$(complete_documents "$out")" -ge $((done_before + 2)) ] ||
		fail "cgtop printed no two iterations within 60 seconds after the change"
	# The document that cgtop was writing when it ended is cut off: keep the complete ones.
	JSON=$(last_complete "$out")
}

# Prints how many complete JSON documents file $1 holds: each ends with a line "}".
complete_documents() {
	grep -c '^}$' "$1" || true
}

# Prints file $1 up to the end of its last complete JSON document.
last_complete() {
	local n

	n=$(grep -n '^}$' "$1" | tail -n 1 | cut -d: -f1)
	head -n "$n" "$1"
}

# Makes the groups new and leaf/child below $CG, and removes old.
change_groups() {
	local mount

	make_test_cgroup "$CG/new"
	make_test_cgroup "$CG/leaf/child"
	for mount in $(cgroup_mounts); do
		rmdir "$mount$CG/old"
	done
}

# Checks that cgtop, run by COMMAND..., shows the groups that change_groups made and removed.
check_changed_groups() {
	local paths
	make_test_cgroup "$CG/old"
	make_test_cgroup "$CG/leaf"

	run_cgtop_across change_groups "$@"
	paths=$(jq -s -r '.[-1].cgroups[].path' <<<"$JSON")
	assert_equal "$paths" "$(printf '%s\n' "$CG" "$CG/leaf" "$CG/leaf/child" "$CG/new")" \
		"groups of the last iteration"
}

@test "cgtop finds groups made between iterations" {
	new_test_cgroup between
	make_test_cgroup "$CG"
	check_changed_groups
}

@test "cgtop finds new groups without CAP_SYS_ADMIN" {
	command -v setpriv >/dev/null || skip "setpriv of util-linux is not installed"
	new_test_cgroup nocap
	make_test_cgroup "$CG"
	# Without CAP_SYS_ADMIN, cgtop cannot watch the hierarchies and walks them at every
	# iteration.
	check_changed_groups setpriv --bounding-set=-sys_admin
}

change_limit() {
	"$CGSET" -g "$CG" memory.max=100M
}

@test "cgtop shows a newly written limit" {
	require_controller memory
	new_test_cgroup newlimit
	make_test_cgroup "$CG"

	run_cgtop_across change_limit
	assert_equal "$(jq -s -r '.[0].cgroups[0].limit' <<<"$JSON")" max "limit before"
	assert_equal "$(json_field "$CG" limit "$JSON")" 104857600 "limit after"
	if command -v setpriv >/dev/null; then
		"$CGSET" -g "$CG" memory.max=max
		# Without CAP_SYS_ADMIN, cgtop reads every limit at every iteration.
		run_cgtop_across change_limit setpriv --bounding-set=-sys_admin
		assert_equal "$(json_field "$CG" limit "$JSON")" 104857600 \
			"limit after, without CAP_SYS_ADMIN"
	fi
}

# ------------------------------------------------------------------------------------------
# Bad command lines

@test "cgtop bad invocations" {
	local case args message
	while IFS='|' read -r args message; do
		# shellcheck disable=SC2086 # The arguments are split on purpose.
		run --separate-stderr "$CGTOP" $args
		[ "$status" -eq 1 ] || fail "cgtop $args exited with $status, expected 1"
		assert_contains "$stderr" "cgtop: $message" "stderr of cgtop $args"
	done <<'EOF'
-b -n 0|invalid number of iterations '0'; expected a positive integer
-b -n x|invalid number of iterations 'x'
-b -d 0|invalid delay '0'; expected a number of seconds above 0
-b -d -1|invalid delay '-1'
-b -d abc|invalid delay 'abc'
-b -d inf|invalid delay 'inf'
-b -d 1e3|invalid delay '1e3'
-b -d 100000|delay '100000' is too long
-b --depth x|invalid depth 'x'
-b -o nosuch|unknown column 'nosuch' for --order; expected one of: path, tasks, cpu
-J --openmetrics|-J/--json and --openmetrics cannot be combined
-b / /a|unexpected argument '/a'
-b /cns-test-no-such-group|cgroup '/cns-test-no-such-group' not found
-b /a/../b|invalid cgroup path '/a/../b'
EOF
	run --separate-stderr "$CGTOP" -b ""
	[ "$status" -eq 1 ] || fail "cgtop -b '' exited with $status, expected 1"
	assert_contains "$stderr" "cgtop: empty cgroup path; use '/' for the root cgroup"
	run --separate-stderr "$CGTOP" --no-such-option
	[ "$status" -eq 1 ] || fail "cgtop --no-such-option exited with $status, expected 1"
	assert_contains "$stderr" "unrecognized option '--no-such-option'"
	assert_contains "$stderr" "Try 'cgtop --help' for more information."
}

@test "cgtop --help lists every option and column" {
	local key
	run --separate-stderr "$CGTOP" --help
	assert_success_quiet
	for key in -b --batch -n --iterations -d --delay --depth -o --order --flat -J --json \
		--openmetrics path tasks cpu mem limit mem% read write psi-cpu psi-mem psi-io oom \
		throttled io; do
		assert_contains "$output" " $key"
	done
}
