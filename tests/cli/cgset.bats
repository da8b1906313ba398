#!/usr/bin/env bats
# cgset against real cgroups: every value form of every setting this host has, read back from
# the v1 files and through cgget, rollback after invalid and rejected settings, --create,
# --remove, moves, freezing, killing, targets and usage errors.
#
# Every cgroup is a cns-test-* group that the test makes and teardown removes in every
# hierarchy. Only processes that the test starts are moved, frozen or killed.

load helpers
load cg-helpers

setup() {
	require_root
	require_cg_tools
}

teardown() {
	cg_teardown
}

# Runs cgset and checks that it succeeded quietly.
cgset_quiet() {
	run --separate-stderr "$CGSET" "$@"
	if [ "$status" -ne 0 ] || [ -n "$stderr" ] || [ -n "$output" ]; then
		printf 'cgset %s: status %s\nstdout: %s\nstderr: %s\n' "$*" "$status" "$output" \
			"$stderr" >&2
		return 1
	fi
}

# Prints the value of KEY ($2) of cgroup $1 as cgget --raw prints it alone.
cgget_raw() {
	"$CGGET" -g "$1" -n -v --raw "$2"
}

# Starts a process that allocates 32 MiB in cgroup $1 and keeps it, and waits until the group's
# memory usage shows it. Sets HOG_PID.
start_memory_hog() {
	local fifo=$BATS_TEST_TMPDIR/hog-fifo i usage

	mkfifo "$fifo"
	# The process waits on the fifo until it is in the group, so that the memory is charged
	# there. The shell keeps the 32 MiB string while it waits for its sleeping child.
	start_background bash -c 'read -r _ <"$0"
		x=$(head -c 33554432 /dev/zero | tr "\0" a)
		sleep 1000 &
		wait' "$fifo"
	HOG_PID=$STARTED_PID
	move_to_test_cgroup "$HOG_PID" "$1"
	echo go >"$fifo"
	for ((i = 0; i < 1000; i++)); do
		usage=$(setting_file "$1" memory.current memory.usage_in_bytes)
		[ "$usage" -ge 33554432 ] && break
		sleep 0.01
	done
	[ "$usage" -ge 33554432 ] || fail "the memory of cgroup $1 stayed at $usage bytes"
	# The usage may be reached before the shell has stored the string and started the sleep.
	# Teardown kills the process tree that it finds, and a sleep started after that outlives
	# the test and keeps the group.
	wait_for_child "$HOG_PID" sleep
}

# ------------------------------------------------------------------------------------------
# Value forms

@test "cgset memory.max size forms" {
	local case value expected file
	require_controller memory
	new_test_cgroup
	make_test_cgroup "$CG"

	for case in "2G 2147483648" "2GiB 2147483648" "2147483648 2147483648" "1.5G 1610612736" \
		"512M 536870912" "64m 67108864" "4096K 4194304" "max max" "unlimited max" "-1 max" \
		"MAX max"; do
		value=${case% *}
		expected=${case#* }
		cgset_quiet -g "$CG" "memory.max=$value"
		assert_equal "$(cgget_raw "$CG" memory.max)" "$expected" "memory.max after $value"
		# v1 has no "max": its largest limit is a number near 2^63.
		file=$(setting_file "$CG" memory.max memory.limit_in_bytes)
		if [ "$expected" = max ] && [ "$file" != max ]; then
			[ "$file" -gt 9223372036854000000 ] ||
				fail "the memory limit file is $file after memory.max=$value"
		else
			assert_equal "$file" "$expected" "the memory limit file after memory.max=$value"
		fi
	done
}

@test "cgset v1 memory names" {
	require_controller memory
	new_test_cgroup
	make_test_cgroup "$CG"

	cgset_quiet -g "$CG" memory.limit_in_bytes=1G
	assert_equal "$(setting_file "$CG" memory.max memory.limit_in_bytes)" 1073741824 \
		"limit after 1G"
	assert_equal "$(cgget_raw "$CG" memory.max)" 1073741824 "memory.max after 1G"
	assert_equal "$(cgget_raw "$CG" memory.limit_in_bytes)" 1073741824 "v1 name read back"

	cgset_quiet -g "$CG" memory.limit_in_bytes=-1
	assert_equal "$(cgget_raw "$CG" memory.max)" max "memory.max after -1"

	cgset_quiet -g "$CG" memory.soft_limit_in_bytes=256M
	assert_equal "$(cgget_raw "$CG" memory.high)" 268435456 "memory.high after the v1 name"
}

@test "cgset memory.swap.max forms" {
	require_v1_controller memory
	[ -e "$(cgroup_v1_root memory)/memory.memsw.limit_in_bytes" ] || skip "swap accounting is off"
	new_test_cgroup
	make_test_cgroup "$CG"

	cgset_quiet -g "$CG" memory.max=1G memory.swap.max=512M
	assert_equal "$(cgget_raw "$CG" memory.swap.max)" 536870912 "memory.swap.max"
	assert_equal "$(v1_file "$CG" memory.memsw.limit_in_bytes memory)" 1610612736 \
		"memory.memsw.limit_in_bytes (memory plus swap)"
	cgset_quiet -g "$CG" memory.swap.max=max
	assert_equal "$(cgget_raw "$CG" memory.swap.max)" max "memory.swap.max after max"
}

@test "cgset cpu.max forms" {
	require_controller cpu
	new_test_cgroup
	make_test_cgroup "$CG"

	cgset_quiet -g "$CG" "cpu.max=50000 100000"
	if on_v1 cpu; then
		assert_equal "$(v1_file "$CG" cpu.cfs_quota_us cpu)" 50000 "quota"
		assert_equal "$(v1_file "$CG" cpu.cfs_period_us cpu)" 100000 "period"
	else
		assert_equal "$(cat "$(cgroup_v2_root)$CG/cpu.max")" "50000 100000" "cpu.max file"
	fi
	assert_equal "$(cgget_raw "$CG" cpu.max)" "50000 100000" "cpu.max"

	cgset_quiet -g "$CG" "cpu.max=25000 50000"
	assert_equal "$(cgget_raw "$CG" cpu.max)" "25000 50000" "cpu.max with a new period"

	# The quota alone leaves the period as it is.
	cgset_quiet -g "$CG" cpu.max=30000
	assert_equal "$(cgget_raw "$CG" cpu.max)" "30000 50000" "cpu.max after the quota alone"

	cgset_quiet -g "$CG" cpu.max=max
	assert_equal "$(setting_file "$CG" cpu.max cpu.cfs_quota_us)" \
		"$(on_v1 cpu && echo -1 || echo "max 50000")" "quota after max"
	assert_equal "$(cgget_raw "$CG" cpu.max)" "max 50000" "cpu.max after max"

	cgset_quiet -g "$CG" "cpu.max=max 100000"
	assert_equal "$(cgget_raw "$CG" cpu.max)" "max 100000" "cpu.max after max 100000"

	cgset_quiet -g "$CG" cpu.cfs_quota_us=20000
	assert_equal "$(cgget_raw "$CG" cpu.max)" "20000 100000" "cpu.max after the v1 quota"
}

# Prints the cpu.weight of v1 cpu.shares $1 on the curve of runc 1.3.2 and crun 1.23, which takes
# shares 2, 1024 and 262144 to weights 1, 100 and 10000, rounded up.
shares_to_weight() {
	awk -v s="$1" 'BEGIN {
		l = log(s) / log(2)
		w = exp(log(10) * ((l * l + 125 * l) / 612 - 7 / 34))
		r = int(w)
		if (w - r > 1e-7)
			r++
		print r
	}'
}

@test "cgset cpu.weight and cpu.shares" {
	local case weight shares
	require_v1_controller cpu
	new_test_cgroup
	make_test_cgroup "$CG"

	for case in "1 2" "100 1024" "10000 262144"; do
		cgset_quiet -g "$CG" "cpu.weight=${case% *}"
		assert_equal "$(v1_file "$CG" cpu.shares cpu)" "${case#* }" "cpu.shares of weight ${case% *}"
	done
	for weight in 39 200 5000; do
		cgset_quiet -g "$CG" "cpu.weight=$weight"
		assert_equal "$(cgget_raw "$CG" cpu.weight)" "$weight" "cpu.weight after $weight"
		shares=$(v1_file "$CG" cpu.shares cpu)
		assert_equal "$(shares_to_weight "$shares")" "$weight" "weight of cpu.shares $shares"
	done

	cgset_quiet -g "$CG" cpu.shares=2048
	assert_equal "$(v1_file "$CG" cpu.shares cpu)" 2048 "cpu.shares after the v1 name"
	assert_equal "$(cgget_raw "$CG" cpu.weight)" "$(shares_to_weight 2048)" "cpu.weight of 2048"
	assert_equal "$(cgget_raw "$CG" cpu.shares)" 2048 "cpu.shares read by its name"
}

@test "cgset cpuset lists" {
	local last
	require_controller cpuset
	new_test_cgroup
	make_test_cgroup "$CG"

	cgset_quiet -g "$CG" cpuset.cpus=0
	assert_equal "$(setting_file "$CG" cpuset.cpus cpuset.cpus)" 0 "cpuset.cpus"
	assert_equal "$(cgget_raw "$CG" cpuset.cpus)" 0 "cpuset.cpus through cgget"

	last=$(($(nproc --all) - 1))
	if [ "$last" -ge 1 ]; then
		cgset_quiet -g "$CG" "cpuset.cpus=1,0"
		assert_equal "$(setting_file "$CG" cpuset.cpus cpuset.cpus)" 0-1 "cpuset.cpus after 1,0"
		cgset_quiet -g "$CG" "cpuset.cpus=0-$last"
		assert_equal "$(cgget_raw "$CG" cpuset.cpus)" "0-$last" "cpuset.cpus after a range"
	fi
	cgset_quiet -g "$CG" cpuset.mems=0
	assert_equal "$(cgget_raw "$CG" cpuset.mems)" 0 "cpuset.mems"
	assert_equal "$(cgget_raw "$CG" cpuset.cpus.effective)" \
		"$(setting_file "$CG" cpuset.cpus.effective cpuset.effective_cpus)" "cpuset.cpus.effective"
}

@test "cgset pids.max forms" {
	local case
	require_controller pids
	new_test_cgroup
	make_test_cgroup "$CG"

	for case in "100 100" "0 0" "max max" "unlimited max" "MAX max" "-1 max" " 7 7"; do
		cgset_quiet -g "$CG" "pids.max=${case% *}"
		assert_equal "$(setting_file "$CG" pids.max pids.max)" "${case##* }" "pids.max after '${case% *}'"
		assert_equal "$(cgget_raw "$CG" pids.max)" "${case##* }" "cgget pids.max"
	done
}

@test "cgset io.max on a real device" {
	local dev io_max
	on_v1 blkio || [ "$(controller_version io)" = 2 ] || skip "no hierarchy carries blkio or io"
	dev=$(block_device) || skip "no block device other than loop and ram devices"
	new_test_cgroup
	make_test_cgroup "$CG"
	io_max=$(cgroup_v2_root)$CG/io.max

	cgset_quiet -g "$CG" "io.max=$dev rbps=1048576 wbps=2M riops=100"
	if on_v1 blkio; then
		assert_equal "$(v1_file "$CG" blkio.throttle.read_bps_device blkio)" "$dev 1048576" \
			"read bps"
		assert_equal "$(v1_file "$CG" blkio.throttle.write_bps_device blkio)" "$dev 2097152" \
			"write bps"
		assert_equal "$(v1_file "$CG" blkio.throttle.read_iops_device blkio)" "$dev 100" \
			"read iops"
		assert_equal "$(v1_file "$CG" blkio.throttle.write_iops_device blkio)" "" "write iops"
	else
		assert_equal "$(cat "$io_max")" "$dev rbps=1048576 wbps=2097152 riops=100 wiops=max" \
			"the io.max file"
	fi
	assert_equal "$(cgget_raw "$CG" io.max)" "$dev rbps=1048576 wbps=2097152 riops=100 wiops=max" \
		"io.max"

	# A key left out keeps its limit.
	cgset_quiet -g "$CG" "io.max=$dev wiops=50"
	assert_equal "$(cgget_raw "$CG" io.max)" "$dev rbps=1048576 wbps=2097152 riops=100 wiops=50" \
		"io.max after wiops alone"

	cgset_quiet -g "$CG" "io.max=$dev rbps=max wbps=max riops=max wiops=max"
	assert_equal "$(cgget_raw "$CG" io.max)" "" "io.max after max"
	if on_v1 blkio; then
		assert_equal "$(v1_file "$CG" blkio.throttle.read_bps_device blkio)" "" \
			"read bps after max"
	else
		assert_equal "$(cat "$io_max")" "" "the io.max file after max"
	fi

	cgset_quiet -g "$CG" "blkio.throttle.read_bps_device=$dev 4096"
	assert_equal "$(cgget_raw "$CG" io.max)" "$dev rbps=4096 wbps=max riops=max wiops=max" \
		"io.max after the v1 file"
}

@test "cgset v1 file forms" {
	local dev controller
	for controller in memory cpu freezer; do
		require_v1_controller "$controller"
	done
	new_test_cgroup
	make_test_cgroup "$CG"

	# Each value is written in the form that the v1 file takes.
	cgset_quiet -g "$CG" memory.limit_in_bytes=64M
	assert_equal "$(setting_file "$CG" memory.max memory.limit_in_bytes)" 67108864 "limit after 64M"
	cgset_quiet -g "$CG" memory.limit_in_bytes=max
	assert_equal "$(cgget_raw "$CG" memory.max)" max "memory.max after max, written as -1"
	cgset_quiet -g "$CG" memory.soft_limit_in_bytes=256M
	cgset_quiet -g "$CG" memory.soft_limit_in_bytes=unlimited
	assert_equal "$(cgget_raw "$CG" memory.high)" max "memory.high after unlimited"

	cgset_quiet -g "$CG" cpu.cfs_period_us=50000
	assert_equal "$(v1_file "$CG" cpu.cfs_period_us cpu)" 50000 "cpu.cfs_period_us"
	cgset_quiet -g "$CG" cpu.cfs_quota_us=25000
	assert_equal "$(cgget_raw "$CG" cpu.max)" "25000 50000" "cpu.max after the v1 files"
	cgset_quiet -g "$CG" cpu.cfs_quota_us=-1
	assert_equal "$(cgget_raw "$CG" cpu.max)" "max 50000" "cpu.max after a quota of -1"

	# The kernel takes FROZEN and THAWED in capitals only.
	cgset_quiet -g "$CG" freezer.state=frozen
	assert_equal "$(v1_file "$CG" freezer.state freezer)" FROZEN "freezer.state after frozen"
	cgset_quiet -g "$CG" freezer.state=Thawed
	assert_equal "$(v1_file "$CG" freezer.state freezer)" THAWED "freezer.state after Thawed"

	[ -n "$(cgroup_v1_root blkio)" ] && dev=$(block_device) || return 0
	cgset_quiet -g "$CG" "blkio.throttle.write_iops_device=$dev 50"
	assert_equal "$(cgget_raw "$CG" io.max)" "$dev rbps=max wbps=max riops=max wiops=50" \
		"io.max after blkio.throttle.write_iops_device"
	# 0 removes the limit, and the file then lists no device, which is no change to print.
	cgset_quiet -g "$CG" "blkio.throttle.write_iops_device=$dev 0"
	assert_equal "$(cgget_raw "$CG" io.max)" "" "io.max after a limit of 0"
}

@test "cgset checks v1 file values before writing" {
	local shares
	require_v1_controller cpu
	require_v1_controller pids
	new_test_cgroup
	make_test_cgroup "$CG"
	shares=$(v1_file "$CG" cpu.shares cpu)

	# The kernel would take cpu.shares=1 and keep 2, its minimum, so only the check rejects it.
	run --separate-stderr "$CGSET" -g "$CG" pids.max=9 cpu.shares=1
	[ "$status" -eq 1 ] || fail "status $status"
	assert_contains "$stderr" "cpu.shares: invalid value '1'; expected a whole number from 2 to 262144"
	assert_equal "$output" "" "stdout"
	assert_equal "$(v1_file "$CG" cpu.shares cpu)" "$shares" "cpu.shares"
	assert_equal "$(setting_file "$CG" pids.max pids.max)" max "pids.max"
}

@test "cgset prints values the kernel changed" {
	local page
	require_controller memory
	page=$(getconf PAGESIZE)
	new_test_cgroup
	make_test_cgroup "$CG"

	# cgroup v1 rounds a memory limit down to whole pages.
	run --separate-stderr "$CGSET" -g "$CG" memory.max=10000
	assert_success_quiet
	assert_equal "$output" "memory.max=$((10000 / page * page))" "output of memory.max=10000"

	run --separate-stderr "$CGSET" -g "$CG" memory.limit_in_bytes=10000
	assert_success_quiet
	assert_equal "$output" "memory.limit_in_bytes=$((10000 / page * page))" "output of the v1 name"

	# Values the kernel keeps as given print nothing.
	cgset_quiet -g "$CG" memory.max=64M pids.max=5 "cpu.max=50000 100000" cpu.weight=200
	cgset_quiet -g "$CG" memory.limit_in_bytes=1G cpu.shares=512
}

# ------------------------------------------------------------------------------------------
# Invalid input changes nothing

# Each case: the expected part of the message, a tab, and the arguments after "cgset -g CG",
# separated by tabs. DEV is replaced with the major:minor of a real block device.
INVALID=(
	"memory.max: invalid size 'bogus'	memory.max=bogus"
	"memory.max: invalid size '-5'	memory.max=-5"
	"memory.max: invalid size '2X'	memory.max=2X"
	"memory.max: size '16E' is out of range	memory.max=16E"
	"memory.max: invalid size ''	memory.max="
	"memory.max: invalid size '1.5'	memory.max=1.5"
	"memory.max: invalid size '2 G'	memory.max=2 G"
	"memory.max: invalid size '0x10'	memory.max=0x10"
	"memory.high: invalid size 'lots'	memory.high=lots"
	"memory.swap.max: invalid size 'bogus'	memory.swap.max=bogus"
	"cpu.max: invalid value 'abc'	cpu.max=abc"
	"cpu.max: '50000 100' is out of range	cpu.max=50000 100"
	"cpu.max: '500 100000' is out of range	cpu.max=500 100000"
	"cpu.max: 'max 2000000' is out of range	cpu.max=max 2000000"
	"cpu.max: invalid value '50000 100000 5'	cpu.max=50000 100000 5"
	"cpu.max: invalid value 'max max'	cpu.max=max max"
	"cpu.weight: invalid weight '0'	cpu.weight=0"
	"cpu.weight: invalid weight '10001'	cpu.weight=10001"
	"cpu.weight: invalid weight 'abc'	cpu.weight=abc"
	"cpu.weight: invalid weight '-1'	cpu.weight=-1"
	"cpu.weight: invalid weight '1.5'	cpu.weight=1.5"
	"pids.max: invalid value 'bogus'	pids.max=bogus"
	"pids.max: invalid value '-2'	pids.max=-2"
	"pids.max: invalid value '1.5'	pids.max=1.5"
	"pids.max: invalid value '1e3'	pids.max=1e3"
	"cpuset.cpus: invalid list 'a-b'	cpuset.cpus=a-b"
	"cpuset.cpus: invalid list '3-1'	cpuset.cpus=3-1"
	"cpuset.cpus: invalid list '0,,1'	cpuset.cpus=0,,1"
	"cpuset.cpus: list '70000' is out of range	cpuset.cpus=70000"
	"cpuset.cpus: invalid list '0-'	cpuset.cpus=0-"
	"cpuset.mems: invalid list 'x'	cpuset.mems=x"
	"io.max: invalid line 'DEV'	io.max=DEV"
	"io.max: 'DEV rbps=0' is out of range	io.max=DEV rbps=0"
	"io.max: invalid line 'DEV foo=1'	io.max=DEV foo=1"
	"io.max: invalid line 'rbps=1'	io.max=rbps=1"
	"io.max: invalid line 'DEV rbps=1 rbps=2'	io.max=DEV rbps=1 rbps=2"
	"io.max: '99999:0 rbps=1' is out of range	io.max=99999:0 rbps=1"
	"cgroup.freeze: invalid value '2'	cgroup.freeze=2"
	"cgroup.freeze: invalid value 'maybe'	cgroup.freeze=maybe"
	"cgroup.kill: invalid value '0'	cgroup.kill=0"
	"cgroup.procs: invalid process ID 'abc'	cgroup.procs=abc"
	"cgroup.procs: invalid process ID '0'	cgroup.procs=0"
	"memory.current is read-only	memory.current=5"
	"pids.current is read-only	pids.current=1"
	"cpu.stat is read-only	cpu.stat=1"
	"unknown setting 'nosuch.file': no hierarchy on this host carries the nosuch controller	nosuch.file=1"
	"has no file memory.nosuchfile	memory.nosuchfile=1"
	"the key before '=' is missing	=5"
	"'../x' is not a control file name	../x=1"
	"pids.max: invalid value 'bogus'	memory.max=64M	pids.max=bogus"
	"cgroup.freeze: invalid value '2'	cpu.weight=300	io.max=DEV rbps=1M	cgroup.freeze=2"
	"memory.limit_in_bytes: invalid size 'bogus'	memory.max=64M	memory.limit_in_bytes=bogus"
	"cpu.shares: invalid value 'abc'	pids.max=9	cpu.shares=abc"
	"memory.limit_in_bytes: invalid size '2 G'	memory.limit_in_bytes=2 G"
	"memory.limit_in_bytes: size '16E' is out of range	memory.limit_in_bytes=16E"
	"memory.soft_limit_in_bytes: invalid size 'lots'	memory.soft_limit_in_bytes=lots"
	"cpu.shares: invalid value '1'	cpu.weight=300	cpu.shares=1"
	"cpu.shares: invalid value '300000'	cpu.shares=300000"
	"cpu.cfs_quota_us: invalid quota '500'	cpu.cfs_quota_us=500"
	"cpu.cfs_quota_us: invalid quota 'max'	cpu.cfs_quota_us=max"
	"cpu.cfs_period_us: invalid period '5000000'	cpu.cfs_period_us=5000000"
	"cpu.cfs_period_us: invalid period '999'	pids.max=4	cpu.cfs_period_us=999"
	"freezer.state: invalid state 'FREEZING'	freezer.state=FREEZING"
	"memory.oom_control: invalid value '2'	memory.oom_control=2"
	"memory.usage_in_bytes is read-only	memory.usage_in_bytes=0"
	"cpuset.effective_cpus is read-only	cpuset.effective_cpus=0"
	"must be a subset of the parent's	memory.max=32M	cpuset.cpus=63"
	"no block device 4095:0	pids.max=3	io.max=4095:0 rbps=1M"
	"expected KEY=VALUE	-r	pids.max"
)

# Cases of v1 files whose controllers have no such file on cgroup v2, where the key names no
# file (blkio.throttle.write_bps_device) or a setting of another form (cpuacct.usage).
INVALID_V1=(
	"memory.memsw.limit_in_bytes: invalid size 'x'	memory.memsw.limit_in_bytes=x"
	"blkio.throttle.write_bps_device: invalid line 'DEV'	blkio.throttle.write_bps_device=DEV"
	"blkio.throttle.read_iops_device: invalid line 'DEV 4294967295'	blkio.throttle.read_iops_device=DEV 4294967295"
	"blkio.throttle.write_iops_device: invalid line 'DEV 1k'	blkio.throttle.write_iops_device=DEV 1k"
	"cpuacct.usage: invalid value '1'	cpuacct.usage=1"
	"cpuacct.stat is read-only	cpuacct.stat=1"
)

# Runs cgset -g CG with the arguments of each case given after the cgroup $1, and checks the
# message of each, and that the settings of the cgroup are as they were after all of them. A
# change that one case made would stay, because no case is valid, and one snapshot at the end
# costs far less in the VM guests than one per case.
check_invalid_cases() {
	local cgroup=$1 dev case expected before
	local -a args
	shift
	dev=$(block_device) || dev=8:0
	before=$(snapshot_settings "$cgroup")

	for case in "$@"; do
		case=${case//DEV/$dev}
		IFS=$'\t' read -ra args <<<"$case"
		expected=${args[0]}
		args=("${args[@]:1}")
		run --separate-stderr "$CGSET" -g "$cgroup" "${args[@]}"
		[ "$status" -eq 1 ] || fail "cgset ${args[*]}: status $status, expected 1"
		assert_contains "$stderr" "$expected" "stderr of cgset ${args[*]}"
		assert_equal "$output" "" "stdout of cgset ${args[*]}"
	done
	assert_settings_unchanged "$cgroup" "$before" || fail "after the ${#@} invalid cases"
}

@test "cgset invalid input changes nothing" {
	local failcnt pressure
	require_controller memory
	new_test_cgroup
	make_test_cgroup "$CG"
	# Values that differ from the defaults, so that a restored default would show.
	cgset_quiet -g "$CG" memory.max=100M cpu.weight=50 pids.max=20 cpuset.cpus=0

	# memory.failcnt takes only 0 on v1, and on v2 names a count that nothing resets.
	if on_v1 memory; then
		failcnt="memory.failcnt: invalid value '7'	memory.failcnt=7"
	else
		failcnt="memory.failcnt is read-only	memory.failcnt=7"
	fi
	# Pressure files exist only in cgroup v2, which a pure v1 host lacks.
	if [ -n "$(cgroup_v2_root)" ]; then
		pressure="memory.pressure is read-only	memory.pressure=1"
	else
		pressure="memory.pressure is cgroup v2 only; this host has no cgroup v2 hierarchy	memory.pressure=1"
	fi
	[ "${#INVALID[@]}" -ge 39 ] || fail "only ${#INVALID[@]} cases"
	check_invalid_cases "$CG" "${INVALID[@]}" "$failcnt" "$pressure"
}

@test "cgset invalid v1 file values change nothing" {
	local controller
	for controller in memory cpuacct blkio; do
		require_v1_controller "$controller"
	done
	[ -e "$(cgroup_v1_root memory)/memory.memsw.limit_in_bytes" ] || skip "swap accounting is off"
	new_test_cgroup
	make_test_cgroup "$CG"
	cgset_quiet -g "$CG" memory.max=100M

	check_invalid_cases "$CG" "${INVALID_V1[@]}"
}

# ------------------------------------------------------------------------------------------
# Rollback

@test "cgset invalid setting writes nothing" {
	local shares pids limit
	require_controller memory
	new_test_cgroup
	make_test_cgroup "$CG"
	shares=$(setting_file "$CG" cpu.weight cpu.shares)
	pids=$(setting_file "$CG" pids.max pids.max)
	limit=$(setting_file "$CG" memory.max memory.limit_in_bytes)

	run --separate-stderr "$CGSET" -g "$CG" memory.max=64M cpu.weight=200 pids.max=bogus
	[ "$status" -eq 1 ] || fail "status $status"
	assert_contains "$stderr" "pids.max: invalid value 'bogus'"
	assert_equal "$(setting_file "$CG" memory.max memory.limit_in_bytes)" "$limit" "memory limit"
	assert_equal "$(setting_file "$CG" cpu.weight cpu.shares)" "$shares" "cpu weight"
	assert_equal "$(setting_file "$CG" pids.max pids.max)" "$pids" "pids.max"
}

@test "cgset restores earlier values after a kernel rejection" {
	# cgroup v2 takes a memory.max below the usage and reclaims or kills to meet it, so only
	# v1 rejects the write.
	require_v1_controller memory
	new_test_cgroup
	make_test_cgroup "$CG"
	cgset_quiet -g "$CG" memory.max=1G cpu.weight=50 pids.max=100
	start_memory_hog "$CG"

	run --separate-stderr "$CGSET" -g "$CG" cpu.weight=300 pids.max=50 memory.max=16M
	[ "$status" -eq 1 ] || fail "status $status"
	assert_contains "$stderr" "cannot set memory.max=16M in cgroup '$CG'"
	assert_contains "$stderr" "below the current usage"
	assert_equal "$(cgget_raw "$CG" cpu.weight)" 50 "cpu.weight"
	assert_equal "$(setting_file "$CG" pids.max pids.max)" 100 "pids.max"
	assert_equal "$(setting_file "$CG" memory.max memory.limit_in_bytes)" 1073741824 "memory.limit_in_bytes"
	[ -d "/proc/$HOG_PID" ] || fail "the process in the group died"
}

@test "cgset restores every path after a failure" {
	local one two
	# cgroup v2 takes a memory.max below the usage and reclaims or kills to meet it, so only
	# v1 rejects the write.
	require_v1_controller memory
	new_test_cgroup one
	one=$CG
	new_test_cgroup two
	two=$CG
	make_test_cgroup "$one"
	make_test_cgroup "$two"
	cgset_quiet -r pids.max=10 -r memory.max=1G "$one" "$two"
	start_memory_hog "$two"

	# The first path takes both settings, then the second rejects memory.max.
	run --separate-stderr "$CGSET" -r pids.max=50 -r memory.max=16M "$one" "$two"
	[ "$status" -eq 1 ] || fail "status $status"
	assert_contains "$stderr" "cannot set memory.max=16M in cgroup '$two'"
	assert_equal "$(setting_file "$one" pids.max pids.max)" 10 "pids.max of the first path"
	assert_equal "$(setting_file "$one" memory.max memory.limit_in_bytes)" 1073741824 \
		"memory.limit_in_bytes of the first path"
	assert_equal "$(setting_file "$two" pids.max pids.max)" 10 "pids.max of the second path"
	assert_equal "$(setting_file "$two" memory.max memory.limit_in_bytes)" 1073741824 \
		"memory.limit_in_bytes of the second path"
}

# ------------------------------------------------------------------------------------------
# Creating and removing

@test "cgset --create makes the group in every hierarchy" {
	local mount
	new_test_cgroup

	cgset_quiet --create -g "$CG/a/b" pids.max=12
	for mount in $(cgroup_mounts); do
		[ -d "$mount$CG/a/b" ] || fail "$mount$CG/a/b is missing"
	done
	assert_equal "$(cgget_raw "$CG/a/b" pids.max)" 12 "pids.max of the new group"

	# An existing group is fine.
	cgset_quiet --create -g "$CG/a/b" pids.max=13
	assert_equal "$(cgget_raw "$CG/a/b" pids.max)" 13 "pids.max after a second --create"
}

@test "cgset --create copies the parent cpuset" {
	local root
	require_v1_controller cpuset
	root=$(cgroup_v1_root cpuset)
	new_test_cgroup

	cgset_quiet --create "$CG/inner"
	assert_equal "$(cat "$root$CG/inner/cpuset.cpus")" "$(cat "$root/cpuset.cpus")" "cpuset.cpus"
	assert_equal "$(cat "$root$CG/inner/cpuset.mems")" "$(cat "$root/cpuset.mems")" "cpuset.mems"

	# A process can join the new group.
	start_sleep
	cgset_quiet -g "$CG/inner" "cgroup.procs=$SLEEP_PID"
	assert_equal "$(process_v1_path "$SLEEP_PID" cpuset)" "$CG/inner" "cpuset path of the process"
}

@test "cgset --create removes what it made after a failure" {
	local mount
	require_v1_controller cpuset
	new_test_cgroup

	# The kernel rejects a CPU that does not exist, after the groups were made.
	run --separate-stderr "$CGSET" --create -g "$CG/a/b" pids.max=5 cpuset.cpus=63
	[ "$status" -eq 1 ] || fail "status $status"
	assert_contains "$stderr" "cannot set cpuset.cpus=63"
	for mount in $(cgroup_mounts); do
		[ ! -e "$mount$CG" ] || fail "$mount$CG was left behind"
	done

	# With the parent there before, only the new child goes.
	make_test_cgroup "$CG"
	run --separate-stderr "$CGSET" --create -g "$CG/new" cpuset.cpus=63
	[ "$status" -eq 1 ] || fail "status $status"
	for mount in $(cgroup_mounts); do
		[ -d "$mount$CG" ] || fail "$mount$CG was removed"
		[ ! -e "$mount$CG/new" ] || fail "$mount$CG/new was left behind"
	done

	# An invalid value creates nothing.
	run --separate-stderr "$CGSET" --create -g "$CG/other" pids.max=bogus
	[ "$status" -eq 1 ] || fail "status $status"
	for mount in $(cgroup_mounts); do
		[ ! -e "$mount$CG/other" ] || fail "$mount$CG/other was made"
	done
}

V2_SKIP="the cgroup2 root enables none of memory, pids and cpu for its children, and the test \
leaves the root as it is"

# Prints "CONTROLLER KEY VALUE RAW" for a controller that the cgroup2 root already enables for
# its children, so that --create needs to enable it only below the test's own cgroup, and never
# changes the root. RAW is the value that cgget --raw shows. Prints nothing when there is none.
# With the argument "domain", only a domain controller counts: the kernel lets a group with
# processes enable the threaded ones, cpu and pids, for its children.
v2_enabled_case() {
	local root controller domain_only=${1:-}

	root=$(cgroup_v2_root)
	[ -n "$root" ] || return 0
	for controller in $(cat "$root/cgroup.subtree_control"); do
		case $controller in
		memory) echo "memory memory.max 64M 67108864" ;;
		pids) [ -z "$domain_only" ] || continue; echo "pids pids.max 5 5" ;;
		cpu) [ -z "$domain_only" ] || continue; echo "cpu cpu.weight 50 50" ;;
		*) continue ;;
		esac
		return 0
	done
}

@test "cgset --create enables cgroup v2 controllers" {
	local controller key value raw root
	read -r controller key value raw <<<"$(v2_enabled_case)"
	[ -n "$controller" ] || skip "$V2_SKIP"
	root=$(cgroup_v2_root)
	new_test_cgroup

	cgset_quiet --create -g "$CG/a/b" "$key=$value"
	assert_contains "$(cat "$root$CG/cgroup.subtree_control")" "$controller"
	assert_contains "$(cat "$root$CG/a/cgroup.subtree_control")" "$controller"
	assert_equal "$(cat "$root$CG/a/b/$key")" "$raw" "$key of the new cgroup"
}

@test "cgset --create explains the no-internal-processes rule" {
	local controller key value raw mount
	read -r controller key value raw <<<"$(v2_enabled_case domain)"
	[ -n "$controller" ] || skip "the cgroup2 root does not enable memory for its children"
	new_test_cgroup
	make_test_cgroup "$CG"
	start_sleep
	move_to_test_cgroup "$SLEEP_PID" "$CG"

	run --separate-stderr "$CGSET" --create -g "$CG/child" "$key=$value"
	[ "$status" -eq 1 ] || fail "status $status"
	assert_contains "$stderr" \
		"cannot enable the $controller controller for the children of cgroup '$CG'"
	assert_contains "$stderr" "no-internal-processes rule"
	for mount in $(cgroup_mounts); do
		[ ! -e "$mount$CG/child" ] || fail "$mount$CG/child was left behind"
	done
}

@test "cgset --remove removes an empty group" {
	local mount
	new_test_cgroup
	make_test_cgroup "$CG/child"

	cgset_quiet --remove "$CG/child"
	for mount in $(cgroup_mounts); do
		[ ! -e "$mount$CG/child" ] || fail "$mount$CG/child is still there"
		[ -d "$mount$CG" ] || fail "$mount$CG was removed"
	done
	cgset_quiet --remove -g "$CG"
	for mount in $(cgroup_mounts); do
		[ ! -e "$mount$CG" ] || fail "$mount$CG is still there"
	done
}

@test "cgset --remove rejects a group with processes" {
	local mount
	new_test_cgroup
	make_test_cgroup "$CG"
	start_sleep
	move_to_test_cgroup "$SLEEP_PID" "$CG"

	run --separate-stderr "$CGSET" --remove "$CG"
	[ "$status" -eq 1 ] || fail "status $status"
	assert_contains "$stderr" "cannot remove cgroup '$CG': it has 1 process in the"
	for mount in $(cgroup_mounts); do
		[ -d "$mount$CG" ] || fail "$mount$CG was removed"
	done
}

@test "cgset --remove rejects a group with child groups" {
	new_test_cgroup
	make_test_cgroup "$CG/child"

	run --separate-stderr "$CGSET" --remove "$CG"
	[ "$status" -eq 1 ] || fail "status $status"
	assert_contains "$stderr" "cannot remove cgroup '$CG': it has child cgroups, such as '$CG/child'"
	[ -d "$(group_dir "$CG/child" pids)" ] || fail "the child was removed"
}

@test "cgset --remove rejects the root and missing groups" {
	new_test_cgroup

	run --separate-stderr "$CGSET" --remove /
	[ "$status" -eq 1 ] || fail "status $status"
	assert_contains "$stderr" "cannot remove the root cgroup"

	run --separate-stderr "$CGSET" --remove "$CG"
	[ "$status" -eq 1 ] || fail "status $status"
	assert_contains "$stderr" "cgroup '$CG' not found"
}

# ------------------------------------------------------------------------------------------
# Actions

@test "cgset cgroup.freeze freezes and thaws" {
	require_v1_controller freezer
	new_test_cgroup
	make_test_cgroup "$CG"
	start_sleep
	move_to_test_cgroup "$SLEEP_PID" "$CG"

	cgset_quiet -g "$CG" cgroup.freeze=1
	assert_equal "$(v1_file "$CG" freezer.state freezer)" FROZEN "freezer.state"
	assert_equal "$(cgget_raw "$CG" cgroup.freeze)" 1 "cgroup.freeze"
	[[ $(grep State "/proc/$SLEEP_PID/status") != *sleeping* ]] ||
		fail "the process still sleeps: $(grep State "/proc/$SLEEP_PID/status")"

	cgset_quiet -g "$CG" cgroup.freeze=0
	assert_equal "$(v1_file "$CG" freezer.state freezer)" THAWED "freezer.state after thawing"
	assert_equal "$(cgget_raw "$CG" cgroup.freeze)" 0 "cgroup.freeze after thawing"
	assert_contains "$(grep State "/proc/$SLEEP_PID/status")" "S (sleeping)"

	cgset_quiet -g "$CG" freezer.state=FROZEN
	assert_equal "$(cgget_raw "$CG" cgroup.freeze)" 1 "cgroup.freeze after the v1 name"
}

@test "cgset cgroup.kill kills the processes" {
	new_test_cgroup
	make_test_cgroup "$CG"
	start_sleep
	move_to_test_cgroup "$SLEEP_PID" "$CG"

	cgset_quiet -g "$CG" cgroup.kill=1
	wait_for_exit "$SLEEP_PID"
}

# A task that the v1 freezer froze acts on no signal, not even SIGKILL, until it is thawed.
@test "cgset cgroup.kill kills a frozen group" {
	require_v1_controller freezer
	new_test_cgroup
	make_test_cgroup "$CG"
	start_sleep
	move_to_test_cgroup "$SLEEP_PID" "$CG"
	cgset_quiet -g "$CG" cgroup.freeze=1

	cgset_quiet -g "$CG" cgroup.kill=1
	wait_for_exit "$SLEEP_PID"
	assert_equal "$(v1_file "$CG" freezer.state freezer)" THAWED "freezer.state"
	assert_equal "$(cgget_raw "$CG" cgroup.freeze)" 0 "cgroup.freeze"
}

@test "cgset cgroup.kill fails under a frozen parent" {
	require_v1_controller freezer
	new_test_cgroup
	make_test_cgroup "$CG/child"
	start_sleep
	move_to_test_cgroup "$SLEEP_PID" "$CG/child"
	cgset_quiet -g "$CG" cgroup.freeze=1

	run --separate-stderr "$CGSET" -g "$CG/child" cgroup.kill=1
	[ "$status" -eq 1 ] || fail "status $status, stderr: $stderr"
	assert_contains "$stderr" "cgroup '$CG' is frozen"
	assert_contains "$stderr" "cgset -g $CG cgroup.freeze=0"

	# The processes have had SIGKILL and die once the parent is thawed.
	cgset_quiet -g "$CG" cgroup.freeze=0
	wait_for_exit "$SLEEP_PID"
}

@test "cgset cgroup.procs moves a process" {
	local controller
	new_test_cgroup
	make_test_cgroup "$CG"
	start_sleep

	cgset_quiet -g "$CG" "cgroup.procs=$SLEEP_PID"
	for controller in memory pids cpu freezer; do
		[ -n "$(cgroup_v1_root "$controller")" ] || continue
		assert_equal "$(process_v1_path "$SLEEP_PID" "$controller")" "$CG" "$controller path"
	done
	[ -z "$(cgroup_v2_root)" ] ||
		assert_equal "$(awk -F: '$1 == "0" { print $3 }' "/proc/$SLEEP_PID/cgroup")" "$CG" \
			"cgroup v2 path"
}

# ------------------------------------------------------------------------------------------
# Targets

@test "cgset rejects resource settings on the root" {
	local key
	local -a keys
	require_controller memory

	# Each of these files is absent or read-only in a root, so nothing changes even if the check
	# failed.
	for key in memory.max=1G pids.max=10 memory.limit_in_bytes=1G; do
		run --separate-stderr "$CGSET" -g / "$key"
		[ "$status" -eq 1 ] || fail "cgset -g / $key: status $status"
		assert_contains "$stderr" "cannot set ${key%%=*} in the root cgroup"
		assert_contains "$stderr" "make a child cgroup"
	done

	# The v1 files that a resource setting spans beyond its first. Nothing changes even if the
	# check failed: the kernel rejects a change of the root's CFS bandwidth and memory limits,
	# the period written is the root's own, and no device 4095:0 exists.
	keys=()
	[ -z "$(cgroup_v1_root blkio)" ] ||
		keys+=("blkio.throttle.write_bps_device=4095:0 0"
			"blkio.throttle.read_iops_device=4095:0 0"
			"blkio.throttle.write_iops_device=4095:0 0")
	[ -z "$(cgroup_v1_root cpu)" ] ||
		keys+=("cpu.cfs_period_us=$(cat "$(cgroup_v1_root cpu)/cpu.cfs_period_us")")
	[ ! -e "$(cgroup_v1_root memory)/memory.memsw.limit_in_bytes" ] ||
		keys+=("memory.memsw.limit_in_bytes=-1")
	for key in "${keys[@]}"; do
		run --separate-stderr "$CGSET" -g / "$key"
		[ "$status" -eq 1 ] || fail "cgset -g / $key: status $status"
		assert_contains "$stderr" "cannot set ${key%%=*} in the root cgroup of the "
	done

	start_sleep
	[ "$(process_path "$SLEEP_PID" pids)" = / ] ||
		skip "this test does not run in the root pids cgroup"
	run --separate-stderr "$CGSET" -p "$SLEEP_PID" pids.max=10
	[ "$status" -eq 1 ] || fail "cgset -p: status $status"
	if on_v1 pids; then
		assert_contains "$stderr" "cannot set pids.max in the root cgroup of the pids hierarchy"
	else
		assert_contains "$stderr" "cannot set pids.max in the root cgroup"
	fi
}

@test "cgset -p sets the group of a process" {
	new_test_cgroup
	make_test_cgroup "$CG"
	start_sleep
	move_to_test_cgroup "$SLEEP_PID" "$CG"

	cgset_quiet -p "$SLEEP_PID" pids.max=42
	assert_equal "$(setting_file "$CG" pids.max pids.max)" 42 "pids.max"

	run --separate-stderr "$CGSET" -p 999999999 pids.max=1
	[ "$status" -eq 1 ] || fail "status $status"
	assert_contains "$stderr" "process 999999999 not found"
}

@test "cgset --container sets the container's group" {
	local id
	id=$(random_container_id)
	new_test_cgroup
	make_test_cgroup "$CG/docker/$id"
	start_sleep
	move_to_test_cgroup "$SLEEP_PID" "$CG/docker/$id"

	cgset_quiet --container "${id:0:12}" pids.max=43
	assert_equal "$(setting_file "$CG/docker/$id" pids.max pids.max)" 43 "pids.max"

	run --separate-stderr "$CGSET" --container no-such-container pids.max=1
	[ "$status" -eq 1 ] || fail "status $status"
	assert_contains "$stderr" "container 'no-such-container' not found"
}

@test "cgset current directory target" {
	new_test_cgroup
	make_test_cgroup "$CG"

	run --separate-stderr bash -c 'cd "$1" && exec "$2" pids.max=7' _ \
		"$(group_dir "$CG" pids)" "$CGSET"
	assert_success_quiet
	assert_equal "$(setting_file "$CG" pids.max pids.max)" 7 "pids.max"

	run --separate-stderr bash -c 'cd / && exec "$1" pids.max=7' _ "$CGSET"
	[ "$status" -eq 1 ] || fail "status $status"
	assert_contains "$stderr" "no cgroup given; name one with -g PATH, -p PID or --container ID"
}

@test "cgset libcgroup form with several paths" {
	local one two
	new_test_cgroup one
	one=$CG
	new_test_cgroup two
	two=$CG
	make_test_cgroup "$one"
	make_test_cgroup "$two"

	cgset_quiet -r pids.max=5 -r memory.max=64M "$one" "$two"
	assert_equal "$(setting_file "$one" pids.max pids.max)" 5 "pids.max of the first path"
	assert_equal "$(setting_file "$two" pids.max pids.max)" 5 "pids.max of the second path"
	assert_equal "$(cgget_raw "$two" memory.max)" 67108864 "memory.max of the second path"

	# An argument with '=' is a setting, any other a path, in any order.
	cgset_quiet pids.max=6 "$one" "$two" memory.max=32M
	assert_equal "$(setting_file "$two" pids.max pids.max)" 6 "pids.max after mixed arguments"

	# Several paths get "PATH: " before each changed value.
	run --separate-stderr "$CGSET" -r memory.max=10000 "$one" "$two"
	assert_success_quiet
	assert_equal "$output" "$one: memory.max=8192"$'\n'"$two: memory.max=8192" "output"
}

@test "cgset takes a dotted path without a slash" {
	local relative
	require_controller pids
	new_test_cgroup web.slice
	make_test_cgroup "$CG"
	relative=${CG#/}

	# libcgroup's form names cgroups without a leading '/', and the part before the '.' of
	# this name is no controller.
	cgset_quiet -r pids.max=9 "$relative"
	assert_equal "$(setting_file "$CG" pids.max pids.max)" 9 "pids.max of $relative"
}

# ------------------------------------------------------------------------------------------
# Command line

@test "cgset --help and --version" {
	local version

	run --separate-stderr "$CGSET" --help
	assert_success_quiet
	assert_contains "$output" "Usage:"
	assert_contains "$output" "See cgset(1)."

	run --separate-stderr "$CGSET" -V
	assert_success_quiet
	version=$(sed -n 's/^VERSION := //p' "$BATS_TEST_DIRNAME/../../Makefile")
	assert_equal "$output" "cgset from cns $version" "output of -V"
}

@test "cgset usage errors" {
	local case expected
	local -a args
	local -a cases=(
		"no setting given	-g	/"
		"--remove removes a cgroup; it takes no setting	--remove	/x	pids.max=1"
		"-c/--create needs a cgroup path	--create	-p	1	pids.max=1"
		"given both as an argument and with -g	-g	/a	/b	pids.max=1"
		"invalid setting 'memory.max'; expected KEY=VALUE	-g	/a	memory.max"
		"invalid setting 'pids.max'; expected KEY=VALUE	pids.max"
		"invalid setting 'cgroup.procs'; expected KEY=VALUE	-r	pids.max=1	/a	cgroup.procs"
		"invalid setting 'memory.limit_in_bytes'; expected KEY=VALUE	-g	/a	memory.limit_in_bytes"
		"expected KEY=VALUE	-r	pids.max"
		"-c/--create and --remove cannot be combined	--create	--remove	/x"
		"-g/--cgroup, -p/--pid and --container name the same thing	-g	/a	-p	1	pids.max=1"
		"invalid pid 'abc'	-p	abc	pids.max=1"
		"unrecognized option '--bogus'	--bogus"
		"no cgroup given; name one with -g PATH or as an argument	--remove"
		"no cgroup given; name one with -g PATH or as an argument	--create	pids.max=1"
	)

	# Outside any cgroup file system, where no cgroup is the current directory's.
	cd / || return 1
	for case in "${cases[@]}"; do
		IFS=$'\t' read -ra args <<<"$case"
		expected=${args[0]}
		args=("${args[@]:1}")
		run --separate-stderr "$CGSET" "${args[@]}"
		[ "$status" -eq 1 ] || fail "cgset ${args[*]}: status $status"
		assert_contains "$stderr" "$expected" "stderr of cgset ${args[*]}"
		assert_contains "$stderr" "Try 'cgset --help' for more information." \
			"stderr of cgset ${args[*]}"
	done
}
