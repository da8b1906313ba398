#!/usr/bin/env bats
# cgget against real cgroups: the summary for people and its raw values, keys in v1 and v2
# spelling, libcgroup's output format with -r, -n, -v, -a and -g CONTROLLER:PATH, JSON that
# agrees with the text, --mode, targets and errors.
#
# Every cgroup is a cns-test-* group that the test makes and teardown removes in every
# hierarchy.

load helpers
load cg-helpers

setup() {
	require_root
	require_cg_tools
}

teardown() {
	cg_teardown
}

# Makes a test cgroup with known limits and sets CG to it.
make_limited_cgroup() {
	new_test_cgroup "$1"
	make_test_cgroup "$CG"
	"$CGSET" -g "$CG" memory.max=2G "cpu.max=150000 100000" cpu.weight=200 pids.max=50 ||
		fail "cgset failed"
}

# Prints the VALUE of row $1 of the summary table in $2 (SETTING VALUE [FILE]).
row_value() {
	awk -v key="$1" '$1 == key { $1 = ""; sub(/^ /, ""); sub(/ +[a-z_.]*$/, ""); print }' <<<"$2"
}

# Prints the row of setting $1 of a table in $2.
row() {
	awk -v key="$1" '$1 == key' <<<"$2"
}

# ------------------------------------------------------------------------------------------
# The summary

# Prints "NAME VALUE" if the cgroup2 hierarchy has pressure files, as PSI-enabled kernels do.
pressure_row() {
	local root

	root=$(cgroup_v2_root)
	[ -n "$root" ] && [ -f "$root/cpu.pressure" ] && echo "$1 some avg10 0.00%"
	return 0
}

# Prints the summary that cgget prints for a cgroup of make_limited_cgroup without processes,
# with the spaces between columns squeezed, on a host with memory, cpu, cpuacct, cpuset, blkio
# and pids on cgroup v1.
expected_summary() {
	local cpuset

	cpuset=$(cgroup_v1_root cpuset)
	echo "cgroup $CG"
	echo "SETTING VALUE FILE"
	echo "memory.max 2.0G memory.limit_in_bytes"
	echo "memory.high max memory.soft_limit_in_bytes"
	[ ! -e "$(cgroup_v1_root memory)/memory.memsw.limit_in_bytes" ] ||
		echo "memory.swap.max max memory.memsw.limit_in_bytes"
	echo "memory.current 0 memory.usage_in_bytes"
	pressure_row memory.pressure
	echo "cpu.max 1.5 CPUs (150000 100000) cpu.cfs_quota_us"
	echo "cpu.weight 200 cpu.shares"
	# cpu.stat takes four lines, one a time, so that the table stays narrow.
	printf '%s\n' "cpu.stat usage 0.0s cpuacct.usage" "user 0.0s" "system 0.0s" "throttled 0.0s"
	pressure_row cpu.pressure
	echo "cpuset.cpus $(cat "$cpuset$CG/cpuset.cpus")"
	echo "cpuset.mems $(cat "$cpuset$CG/cpuset.mems")"
	echo "cpuset.cpus.effective $(cat "$cpuset$CG/cpuset.effective_cpus") cpuset.effective_cpus"
	echo "cpuset.mems.effective $(cat "$cpuset$CG/cpuset.effective_mems") cpuset.effective_mems"
	# The kernel lists no device in io.max when no device has a limit.
	echo "io.max max blkio.throttle.read_bps_device"
	pressure_row io.pressure
	echo "pids.max 50"
	echo "pids.current 0"
}

@test "cgget summary shows values for people" {
	local controller
	for controller in memory cpu cpuacct cpuset blkio pids; do
		require_v1_controller "$controller"
	done
	make_limited_cgroup

	run --separate-stderr "$CGGET" -g "$CG"
	assert_success_quiet
	assert_equal "${lines[0]}" "cgroup $CG" "title"
	assert_equal "$(squeeze_spaces <<<"$output")" "$(expected_summary)" "summary"
	[ -z "$(row memory.stat "$output")" ] || fail "the summary shows memory.stat"
}

@test "cgget summary fits 80 columns" {
	local width
	make_limited_cgroup

	width=$("$CGGET" -g "$CG" | awk '{ if (length > max) max = length } END { print max }')
	[ "$width" -le 80 ] || fail "the summary is $width columns wide: $("$CGGET" -g "$CG")"
}

@test "cgget prints a long cgroup path whole in a pipe" {
	local long output

	new_test_cgroup
	long=$CG/$(printf 'a%.0s' {1..60})/$(printf 'b%.0s' {1..60})
	make_test_cgroup "$long"

	output=$("$CGGET" -g "$long" pids.max | head -n 1)
	assert_equal "$output" "cgroup $long" "title of the table"
}

@test "cgget summary rows are settings of the table" {
	local settings name
	make_limited_cgroup

	settings=$("$CGGET" --list-settings -n | awk '{ print $1 }')
	# Lines that start with a space continue the value of the row above.
	for name in $("$CGGET" -g "$CG" -n | awk '/^[^ ]/ { print $1 }'); do
		grep -qxF "$name" <<<"$settings" || fail "summary row $name is not in --list-settings"
	done
	for name in memory.max memory.high memory.current cpu.max cpu.weight cpu.stat pids.max \
		pids.current cpuset.cpus cpuset.mems cpuset.cpus.effective io.max; do
		[ -n "$(row "$name" "$("$CGGET" -g "$CG" -n)")" ] || fail "the summary has no $name"
	done
}

@test "cgget summary --raw" {
	local output_raw
	make_limited_cgroup

	output_raw=$("$CGGET" -g "$CG" --raw -n)
	assert_equal "$(row memory.max "$output_raw" | squeeze_spaces)" \
		"memory.max 2147483648$(file_column memory.limit_in_bytes)" "memory.max row"
	assert_equal "$(row cpu.max "$output_raw" | squeeze_spaces)" \
		"cpu.max 150000 100000$(file_column cpu.cfs_quota_us)" "cpu.max row"
	# Pressure files exist in cgroup v2 only.
	[ -z "$(cgroup_v2_root)" ] || assert_contains "$(row cpu.pressure "$output_raw")" "some avg10="
	assert_equal "$(row memory.current "$output_raw" | awk '{ print $2 }')" \
		"$(setting_file "$CG" memory.current memory.usage_in_bytes)" "memory.current"
	# Raw values are the kernel's: every line of cpu.stat, and an io.max without lines.
	assert_equal "$(row cpu.stat "$output_raw" | squeeze_spaces)" \
		"cpu.stat usage_usec 0$(file_column cpuacct.usage)" "cpu.stat row"
	grep -qE '^ +throttled_usec 0 *$' <<<"$output_raw" || fail "no throttled_usec line: $output_raw"
	assert_equal "$(row io.max "$output_raw" | squeeze_spaces)" \
		"io.max$(file_column blkio.throttle.read_bps_device)" "io.max row"
}

@test "cgget io.max without limits" {
	make_limited_cgroup

	assert_equal "$("$CGGET" -g "$CG" -n io.max | squeeze_spaces)" \
		"io.max max$(file_column blkio.throttle.read_bps_device)" "io.max for people"
	assert_equal "$("$CGGET" -g "$CG" -n -v --raw io.max)" "" "io.max with --raw"
	assert_equal "$("$CGGET" -n -r io.max "$CG")" "io.max: " "io.max in libcgroup's form"
	# cpu.stat asked for by name shows every line, as the kernel does.
	assert_equal "$("$CGGET" -g "$CG" -n -v cpu.stat | head -n 1)" "usage_usec 0" "cpu.stat"
}

@test "cgget -n and -v" {
	make_limited_cgroup

	run --separate-stderr "$CGGET" -g "$CG" -n memory.max pids.max
	assert_success_quiet
	assert_equal "$(squeeze_spaces <<<"$output")" \
		"memory.max 2.0G$(file_column memory.limit_in_bytes)"$'\n'"pids.max 50" "output of -n"

	run --separate-stderr "$CGGET" -g "$CG" -v memory.max pids.max cpu.max
	assert_success_quiet
	assert_equal "$output" "2.0G"$'\n'"50"$'\n'"1.5 CPUs (150000 100000)" "output of -v"

	run --separate-stderr "$CGGET" -g "$CG" -v --raw memory.max cpu.max
	assert_success_quiet
	assert_equal "$output" "2147483648"$'\n'"150000 100000" "output of -v --raw"
}

@test "cgget keys in v1 and v2 spelling" {
	require_v1_controller memory
	make_limited_cgroup

	assert_equal "$("$CGGET" -g "$CG" -n -v --raw memory.limit_in_bytes)" 2147483648 \
		"memory.limit_in_bytes"
	assert_equal "$("$CGGET" -g "$CG" -n -v --raw cpu.shares)" \
		"$(v1_file "$CG" cpu.shares cpu)" "cpu.shares"
	assert_equal "$("$CGGET" -g "$CG" -n -v --raw cpu.cfs_quota_us)" 150000 "cpu.cfs_quota_us"
	assert_equal "$("$CGGET" -g "$CG" -n -v --raw cpu.weight)" 200 "cpu.weight"
	assert_equal "$("$CGGET" -g "$CG" -n -v --raw freezer.state)" THAWED "freezer.state"
	assert_equal "$("$CGGET" -g "$CG" -n -v --raw cgroup.freeze)" 0 "cgroup.freeze"
}

# ------------------------------------------------------------------------------------------
# libcgroup's form

@test "cgget -r with paths prints libcgroup format" {
	local one two expected
	make_limited_cgroup one
	one=$CG
	make_limited_cgroup two
	two=$CG
	"$CGSET" -g "$two" pids.max=max

	run --separate-stderr "$CGGET" -r memory.max -r pids.max "$one" "$two"
	assert_success_quiet
	expected="$one:"$'\n'"memory.max: 2147483648"$'\n'"pids.max: 50"$'\n\n'
	expected+="$two:"$'\n'"memory.max: 2147483648"$'\n'"pids.max: max"
	assert_equal "$output" "$expected" "output"

	run --separate-stderr "$CGGET" -n -r memory.max -r pids.max "$one" "$two"
	assert_success_quiet
	expected="memory.max: 2147483648"$'\n'"pids.max: 50"$'\n'
	expected+="memory.max: 2147483648"$'\n'"pids.max: max"
	assert_equal "$output" "$expected" "output of -n"

	run --separate-stderr "$CGGET" -nv -r memory.max -r pids.max "$one" "$two"
	assert_success_quiet
	assert_equal "$output" "2147483648"$'\n'"50"$'\n'"2147483648"$'\n'"max" "output of -nv"

	run --separate-stderr "$CGGET" -v -r pids.max "$one"
	assert_success_quiet
	assert_equal "$output" "$one:"$'\n'"50" "output of -v"

	# The target options name the group when no path is given.
	run --separate-stderr "$CGGET" -r pids.max -g "$one"
	assert_success_quiet
	assert_equal "$output" "$one:"$'\n'"pids.max: 50" "output with -g PATH"
}

@test "cgget -r indents multi-line values" {
	local file_lines
	require_v1_controller memory
	make_limited_cgroup

	run --separate-stderr "$CGGET" -n -r memory.stat "$CG"
	assert_success_quiet
	file_lines=$(cat "$(cgroup_v1_root memory)$CG/memory.stat")
	assert_equal "${lines[0]}" "memory.stat: $(head -n 1 <<<"$file_lines")" "first line"
	assert_equal "$(tail -n +2 <<<"$output")" "$(tail -n +2 <<<"$file_lines" | sed 's/^/\t/')" \
		"the other lines"
}

@test "cgget -a prints every file of every hierarchy" {
	local mount file name
	make_limited_cgroup

	run --separate-stderr "$CGGET" -a "$CG"
	assert_success_quiet
	assert_equal "${lines[0]}" "$CG:" "header"
	assert_contains "$output" $'\n'"pids.max: 50"$'\n'
	if on_v1 memory; then
		assert_contains "$output" $'\n'"memory.limit_in_bytes: 2147483648"$'\n'
		assert_contains "$output" $'\n'"memory/tasks: "$'\n'
	else
		assert_contains "$output" $'\n'"memory.max: 2147483648"$'\n'
	fi
	# The files that several hierarchies have are named HIERARCHY/NAME where there are several.
	if [ "$(cgroup_mounts | wc -l)" -gt 1 ]; then
		on_v1 pids && assert_contains "$output" $'\n'"pids/cgroup.procs: "$'\n'
		[ -z "$(cgroup_v2_root)" ] ||
			assert_contains "$output" $'\n'"cgroup2/cgroup.procs: "$'\n'
	else
		assert_contains "$output" $'\n'"cgroup.procs: "$'\n'
	fi

	# Each readable file is there, by its name or as HIERARCHY/NAME.
	for mount in $(cgroup_mounts); do
		for file in "$mount$CG"/*; do
			[ -f "$file" ] && [ -r "$file" ] && cat "$file" >/dev/null 2>&1 || continue
			name=${file##*/}
			grep -qE "^([^ /]+/)?${name//./\\.}: " <<<"$output" ||
				fail "-a lacks $name of $mount"
		done
	done

	# A path alone asks for the same, as in libcgroup. Statistics and their continuation
	# lines, which start with a tab, change between the two runs and are left out.
	local drop_stats='/^[^\t]/ { skip = /usage|stat|pressure/ } !skip'
	assert_equal "$("$CGGET" "$CG" | awk "$drop_stats")" \
		"$(awk "$drop_stats" <<<"$output")" "cgget PATH"
}

@test "cgget -g CONTROLLER:PATH prints the files of the controller" {
	local one two count file
	require_v1_controller memory
	make_limited_cgroup one
	one=$CG
	make_limited_cgroup two
	two=$CG

	run --separate-stderr "$CGGET" -n -g "memory:$one"
	assert_success_quiet
	count=0
	for file in "$(cgroup_v1_root memory)$one"/memory.*; do
		cat "$file" >/dev/null 2>&1 && count=$((count + 1))
	done
	assert_equal "$(grep -c '^memory\.[^ ]*: ' <<<"$output")" "$count" "number of memory files"
	assert_contains "$output" "memory.limit_in_bytes: 2147483648"
	! grep -qvE '^(memory\.[^ ]*: |	)' <<<"$output" || fail "a line of another controller: $output"

	run --separate-stderr "$CGGET" -g "cpu,pids:$one" -g "pids:$two"
	assert_success_quiet
	assert_equal "$(grep -c ':$' <<<"$output")" 2 "number of headers"
	assert_equal "${lines[0]}" "$one:" "first header"
	assert_contains "$output" $'\n'"cpu.cfs_quota_us: 150000"$'\n'
	# The block of the second path: its pids files only.
	assert_equal "$(sed -n "\\|^$two:\$|,\$p" <<<"$output" | sed 1d | grep -vc '^pids\.')" 0 \
		"lines of the second path that are not pids files"
	assert_contains "$output" $'\n'"$two:"$'\n'
	assert_contains "$(sed -n "\\|^$two:\$|,\$p" <<<"$output")" $'\n'"pids.max: 50"
}

# ------------------------------------------------------------------------------------------
# JSON

@test "cgget -J agrees with the text" {
	local json key text value expected
	make_limited_cgroup

	json=$("$CGGET" -g "$CG" -J)
	assert_equal "$(jq -r .cgroup <<<"$json")" "$CG" "cgroup"
	assert_equal "$(jq -r .layout <<<"$json")" "$("$CGGET" --mode | sed -n 's/^layout: //p')" "layout"
	assert_equal "$(jq -r '.settings | keys_unsorted[]' <<<"$json")" \
		"$("$CGGET" -g "$CG" -n | awk '/^[a-z]/ { print $1 }')" "keys of the summary"

	for key in memory.max memory.current cpu.weight pids.max pids.current cpuset.cpus; do
		text=$("$CGGET" -g "$CG" -n -v --raw "$key")
		value=$(jq -r --arg k "$key" '.settings[$k].value' <<<"$json")
		assert_equal "$value" "$text" "JSON value of $key"
	done
	if on_v1 memory; then
		expected='{"value":2147483648,"human":"2.0G","file":"memory.limit_in_bytes",'
		expected+='"hierarchy":"memory","version":1}'
	else
		expected='{"value":2147483648,"human":"2.0G","hierarchy":"cgroup2","version":2}'
	fi
	assert_equal "$(jq -c '.settings["memory.max"]' <<<"$json")" "$expected" "memory.max"
	assert_equal \
		"$(jq -c '.settings["cpu.max"] | [.value, .quota, .period, .cpus, .human]' <<<"$json")" \
		'["150000 100000",150000,100000,1.5,"1.5 CPUs"]' "cpu.max"
	[ -z "$(cgroup_v2_root)" ] ||
		assert_equal "$(jq -r '.settings["cpu.pressure"].value.some.avg10 | type' <<<"$json")" \
			number "type of cpu.pressure some avg10"
}

@test "cgget -J indents as the listing tools do" {
	local json
	make_limited_cgroup

	json=$("$CGGET" -g "$CG" -J memory.max)
	[[ $json != *$'\t'* ]] || fail "the JSON has tabs: $json"
	assert_equal "$(sed -n 2p <<<"$json")" "   \"cgroup\": \"$CG\"," "second line"
	assert_equal "$(grep -m 1 '"value"' <<<"$json")" '         "value": 2147483648,' \
		"a line three levels deep"
}

@test "cgget -J of keys, keyed files and several paths" {
	local one two json stat_key
	make_limited_cgroup one
	one=$CG
	make_limited_cgroup two
	two=$CG

	json=$("$CGGET" -J -g "$one" memory.stat cgroup.procs memory.limit_in_bytes)
	# memory.stat counts anonymous memory as rss in v1 and as anon in v2.
	stat_key=rss
	on_v1 memory || stat_key=anon
	assert_equal "$(jq -r --arg k "$stat_key" '.settings["memory.stat"].value[$k] | type' \
		<<<"$json")" number "type of memory.stat $stat_key"
	assert_equal "$(jq -c '.settings["cgroup.procs"].value' <<<"$json")" "[]" "cgroup.procs"
	if on_v1 memory; then
		assert_equal "$(jq -c '.settings["memory.limit_in_bytes"]' <<<"$json")" \
			'{"value":2147483648,"hierarchy":"memory","version":1}' "memory.limit_in_bytes"
	else
		assert_equal "$(jq -c '.settings["memory.limit_in_bytes"].value' <<<"$json")" \
			2147483648 "value of memory.limit_in_bytes"
	fi

	json=$("$CGGET" -J -r pids.max "$one" "$two")
	assert_equal "$(jq -c '[.[] | [.cgroup, .settings["pids.max"].value]]' <<<"$json")" \
		"[[\"$one\",50],[\"$two\",50]]" "two paths"
}

# ------------------------------------------------------------------------------------------
# --mode and --list-settings

@test "cgget --mode lists the hierarchies" {
	local layout expected json

	run --separate-stderr "$CGGET" --mode
	assert_success_quiet
	if [ -n "$(findmnt -n -t cgroup -o TARGET | head -n 1)" ]; then
		layout=v1
		[ -n "$(cgroup_v2_root)" ] && layout=hybrid
	else
		layout=v2
	fi
	assert_equal "${lines[0]}" "layout: $layout" "layout"
	assert_equal "$(squeeze_spaces <<<"${lines[1]}")" "ID VERSION MOUNTPOINT CONTROLLERS" "headings"
	assert_equal "$(tail -n +3 <<<"$output" | awk '{ print $3 }' | sort)" \
		"$(cgroup_mounts | sort)" "mount points"
	expected=$(tail -n +3 <<<"$output" | awk '{ print $1, $2, $3, $4 }')
	json=$("$CGGET" --mode -J | jq -r '.hierarchies[] |
		"\(.id) \(.version) \(.mountpoint) \(.controllers | join(","))"')
	assert_equal "$(sed 's/ $//' <<<"$json")" "$(sed 's/ $//' <<<"$expected")" "JSON of --mode"
	[ -z "$(cgroup_v1_root memory)" ] ||
		assert_contains "$output" "$(cgroup_v1_root memory)"
}

@test "cgget --list-settings lists the table" {
	run --separate-stderr "$CGGET" --list-settings
	assert_success_quiet
	assert_equal "$(squeeze_spaces <<<"${lines[0]}" | cut -d ' ' -f 1-4)" \
		"SETTING ACCESS V1 DESCRIPTION" "headings"
	assert_equal "$(row memory.max "$output" | awk '{ print $2, $3 }')" "rw memory.limit_in_bytes" \
		"memory.max"
	assert_equal "$(row memory.current "$output" | awk '{ print $2 }')" ro "memory.current"
	assert_equal "$("$CGGET" --list-settings -J | jq -r '.settings[0].setting')" memory.max "JSON"
}

# ------------------------------------------------------------------------------------------
# Lists of processes

@test "cgget cgroup.procs joins every hierarchy" {
	local other other_name first second expected
	[ "$(cgroup_layout)" != v2 ] || skip "a v2 host has one cgroup.procs, which cgget reads as it is"
	require_v1_controller memory
	# The second process goes into the cgroup2 hierarchy only, or the pids one on a v1 host.
	other=$(cgroup_v2_root)
	other_name=cgroup2
	if [ -z "$other" ]; then
		require_v1_controller pids
		other=$(cgroup_v1_root pids)
		other_name=pids
	fi
	new_test_cgroup
	make_test_cgroup "$CG"
	start_sleep
	first=$SLEEP_PID
	start_sleep
	second=$SLEEP_PID
	move_to_cgroup "$first" "$(cgroup_v1_root memory)$CG"
	move_to_cgroup "$second" "$other$CG"
	expected=$(printf '%s\n' "$first" "$second" | sort -n)

	run --separate-stderr "$CGGET" -g "$CG" -n -v cgroup.procs
	assert_success_quiet
	assert_equal "$output" "$expected" "cgroup.procs"
	run --separate-stderr "$CGGET" -g "$CG" -n -v cgroup.threads
	assert_success_quiet
	assert_equal "$output" "$expected" "cgroup.threads"
	run --separate-stderr "$CGGET" -g "$CG" -n -v tasks
	assert_success_quiet
	assert_equal "$output" "$expected" "tasks"

	run --separate-stderr "$CGGET" -n -r cgroup.procs "$CG"
	assert_success_quiet
	assert_equal "$output" "cgroup.procs: $(sed -n 1p <<<"$expected")"$'\n\t'"$(sed -n 2p <<<"$expected")" \
		"cgroup.procs in libcgroup's form"
	run --separate-stderr "$CGGET" -g "$CG" -J cgroup.procs
	assert_success_quiet
	assert_equal "$(jq -c '.settings["cgroup.procs"].value' <<<"$output")" \
		"[$(paste -sd, <<<"$expected")]" "cgroup.procs in JSON"

	# -a prints the file of each hierarchy on its own.
	run --separate-stderr "$CGGET" -a "$CG"
	assert_success_quiet
	assert_contains "$output" $'\n'"memory/cgroup.procs: $first"$'\n'
	assert_contains "$output" $'\n'"$other_name/cgroup.procs: $second"$'\n'
}

# ------------------------------------------------------------------------------------------
# Targets

@test "cgget -p and --container read the container's group" {
	local id path
	id=$(random_container_id)
	new_test_cgroup
	path=$CG/docker/$id
	make_test_cgroup "$path"
	"$CGSET" -g "$path" pids.max=44
	start_sleep
	move_to_test_cgroup "$SLEEP_PID" "$path"

	assert_equal "$("$CGGET" -p "$SLEEP_PID" -n -v pids.max)" 44 "pids.max through -p"
	assert_equal "$("$CGGET" --container "${id:0:12}" -n -v pids.max)" 44 \
		"pids.max through --container"
	assert_equal "$("$CGGET" --container "docker:${id:0:12}" -J | jq -r .cgroup)" "$path" \
		"cgroup of the container"
	assert_equal "$("$CGGET" -p "$SLEEP_PID" -r pids.current)" "$path:"$'\n'"pids.current: 1" \
		"libcgroup form with -p"
}

@test "cgget current directory target" {
	make_limited_cgroup

	run --separate-stderr bash -c 'cd "$1" && exec "$2" -n -v pids.max' _ \
		"$(group_dir "$CG" pids)" "$CGGET"
	assert_success_quiet
	assert_equal "$output" 50 "pids.max"

	run --separate-stderr bash -c 'cd / && exec "$1" pids.max' _ "$CGGET"
	[ "$status" -eq 1 ] || fail "status $status"
	assert_contains "$stderr" "no cgroup given; name one with -g PATH, -p PID or --container ID"
}

# ------------------------------------------------------------------------------------------
# Errors

@test "cgget errors" {
	local case expected
	local -a args
	local -a cases=(
		"unknown setting 'nosuch.file': no hierarchy on this host carries the nosuch controller	-g	/	nosuch.file"
		"has no file memory.nosuchfile	-g	/	memory.nosuchfile"
		"cgroup '/cns-test-missing-$$' not found	-g	/cns-test-missing-$$"
		"cgroup '/cns-test-missing-$$' not found	-r	pids.max	/cns-test-missing-$$"
		"'../x' is not a control file name	-g	/	-r	../x"
		"-r/--variable and -a/--all cannot be combined	-r	pids.max	-a	/"
		"-J/--json and -v/--values-only cannot be combined	-J	-v	-g	/"
		"-m/--mode prints the layout of the host	--mode	memory.max"
		"unknown controller 'foo' in 'foo:/x'	-g	foo:/x"
		"-g CONTROLLER:PATH cannot be combined with -r/--variable	-g	pids:/	-r	pids.max"
		"-g CONTROLLER:PATH names its cgroup; unexpected argument '/x'	-g	pids:/	/x"
		"given both as an argument and with -g, -p or --container	-g	/	-r	pids.max	/x"
		"unexpected argument 'pids.max=5'; cgget reads settings	-r	pids.max	pids.max=5"
		"process 999999999 not found	-p	999999999"
		"unrecognized option '--bogus'	--bogus"
	)

	for case in "${cases[@]}"; do
		IFS=$'\t' read -ra args <<<"$case"
		expected=${args[0]}
		args=("${args[@]:1}")
		run --separate-stderr "$CGGET" "${args[@]}"
		[ "$status" -eq 1 ] || fail "cgget ${args[*]}: status $status"
		assert_contains "$stderr" "$expected" "stderr of cgget ${args[*]}"
		assert_equal "$output" "" "stdout of cgget ${args[*]}"
	done
}

@test "cgget --help and --version" {
	local version

	run --separate-stderr "$CGGET" --help
	assert_success_quiet
	assert_contains "$output" "Usage:"
	assert_contains "$output" "See cgget(1)."

	run --separate-stderr "$CGGET" -V
	assert_success_quiet
	version=$(sed -n 's/^VERSION := //p' "$BATS_TEST_DIRNAME/../../Makefile")
	assert_equal "$output" "cgget from cns $version" "output of -V"
}
