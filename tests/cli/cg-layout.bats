#!/usr/bin/env bats
# cgset and cgget write and read the files of the host's cgroup layout: the v2 files where a
# controller is on cgroup v2, the v1 files where it is on a v1 hierarchy, with either spelling
# of a setting. tests/vm runs these on a pure v2 and a pure v1 host. The host that runs the
# suite directly gives the third layout, such as hybrid.

load helpers
load cg-helpers

setup() {
	require_root
	require_cg_tools
	new_test_cgroup
	make_test_cgroup "$CG"
}

teardown() {
	cg_teardown
}

# Prints the cgroup v2 directory of the test's group.
v2_dir() {
	echo "$(cgroup_v2_root)$CG"
}

@test "cgget --mode names the layout" {
	assert_equal "$("$CGGET" --mode | head -n 1)" "layout: $(cgroup_layout)" "first line"
}

@test "cgset memory.max writes the layout's file" {
	require_controller memory

	run --separate-stderr "$CGSET" -g "$CG" memory.max=2G
	assert_success_quiet
	if on_v1 memory; then
		assert_equal "$(v1_file "$CG" memory.limit_in_bytes memory)" 2147483648 \
			"memory.limit_in_bytes"
	else
		assert_equal "$(cat "$(v2_dir)/memory.max")" 2147483648 "memory.max"
	fi
	assert_equal "$("$CGGET" -g "$CG" -n -v --raw memory.max)" 2147483648 "cgget memory.max"
}

@test "cgset memory.limit_in_bytes on every layout" {
	require_controller memory

	run --separate-stderr "$CGSET" -g "$CG" memory.limit_in_bytes=2G
	assert_success_quiet
	assert_equal "$(setting_file "$CG" memory.max memory.limit_in_bytes)" 2147483648 \
		"the file of memory.limit_in_bytes"
	assert_equal "$("$CGGET" -g "$CG" -n -v --raw memory.max)" 2147483648 "cgget memory.max"
	assert_equal "$("$CGGET" -g "$CG" -n -v --raw memory.limit_in_bytes)" 2147483648 \
		"cgget memory.limit_in_bytes"

	# -1 is v1's spelling of no limit.
	run --separate-stderr "$CGSET" -g "$CG" memory.limit_in_bytes=-1
	assert_success_quiet
	assert_equal "$("$CGGET" -g "$CG" -n -v --raw memory.max)" max "memory.max after -1"
}

@test "cgset cpu.max and cpu.weight write the layout's files" {
	require_controller cpu

	run --separate-stderr "$CGSET" -g "$CG" "cpu.max=50000 100000" cpu.weight=200
	assert_success_quiet
	if on_v1 cpu; then
		assert_equal "$(v1_file "$CG" cpu.cfs_quota_us cpu)" 50000 "cpu.cfs_quota_us"
		assert_equal "$(v1_file "$CG" cpu.cfs_period_us cpu)" 100000 "cpu.cfs_period_us"
		[ "$(v1_file "$CG" cpu.shares cpu)" -gt 1024 ] ||
			fail "cpu.shares is $(v1_file "$CG" cpu.shares cpu), expected more than 1024"
	else
		assert_equal "$(cat "$(v2_dir)/cpu.max")" "50000 100000" "cpu.max"
		assert_equal "$(cat "$(v2_dir)/cpu.weight")" 200 "cpu.weight"
	fi
	assert_equal "$("$CGGET" -g "$CG" -n -v --raw cpu.max)" "50000 100000" "cgget cpu.max"
	assert_equal "$("$CGGET" -g "$CG" -n -v --raw cpu.weight)" 200 "cgget cpu.weight"
}

@test "cgset cgroup.freeze writes the layout's file" {
	local file
	if on_v1 freezer; then
		file=freezer.state
	else
		[ -e "$(v2_dir)/cgroup.freeze" ] || skip "no v1 freezer and no cgroup v2 cgroup.freeze"
		file=cgroup.freeze
	fi
	start_sleep
	move_to_test_cgroup "$SLEEP_PID" "$CG"

	run --separate-stderr "$CGSET" -g "$CG" cgroup.freeze=1
	assert_success_quiet
	if [ "$file" = freezer.state ]; then
		assert_equal "$(v1_file "$CG" freezer.state freezer)" FROZEN "freezer.state"
	else
		assert_equal "$(cat "$(v2_dir)/cgroup.freeze")" 1 "cgroup.freeze"
	fi
	assert_equal "$("$CGGET" -g "$CG" -n -v --raw cgroup.freeze)" 1 "cgget cgroup.freeze"

	run --separate-stderr "$CGSET" -g "$CG" cgroup.freeze=0
	assert_success_quiet
	assert_equal "$("$CGGET" -g "$CG" -n -v --raw cgroup.freeze)" 0 "cgroup.freeze after thawing"
}

@test "cgget shows pressure on cgroup v2" {
	local output_raw name
	[ -n "$(cgroup_v2_root)" ] || skip "the host has no cgroup v2 hierarchy"
	[ -e "$(v2_dir)/cpu.pressure" ] || skip "the kernel has no pressure files (psi=0)"

	run --separate-stderr "$CGGET" -g "$CG" -n
	assert_success_quiet
	for name in memory.pressure cpu.pressure io.pressure; do
		assert_contains "$(awk -v key="$name" '$1 == key' <<<"$output")" "some avg10 " "$name row"
	done
	output_raw=$("$CGGET" -g "$CG" -n --raw cpu.pressure)
	assert_contains "$output_raw" "some avg10=" "cpu.pressure with --raw"
	assert_equal "$("$CGGET" -g "$CG" -J cpu.pressure |
		jq -r '.settings["cpu.pressure"].value.some.avg10 | type')" number "JSON of cpu.pressure"
}

@test "cgget shows no pressure without cgroup v2" {
	[ -z "$(cgroup_v2_root)" ] || skip "the host has a cgroup v2 hierarchy"

	run --separate-stderr "$CGGET" -g "$CG" -n
	assert_success_quiet
	[[ $output != *pressure* ]] || fail "the summary shows pressure: $output"
}
