#!/usr/bin/env bats
# cns ls on network namespaces: the NETNSID and NSFS columns, and namespaces that no process
# is in but that an nsfs bind mount or an open file descriptor keeps alive.

load helpers

setup() {
	require_root
	require_cns
}

teardown() {
	cleanup_test_resources
}

# Prints the JSON object of namespace $1 from "cns ls -J -l ARG...", or nothing.
namespace_object() {
	local ns=$1 output
	shift

	output=$("$CNS" ls -J -l "$@") || fail "cns ls -J -l $* exited with status $?"
	jq -c --argjson ns "$ns" '.namespaces[] | select(.ns == $ns)' <<<"$output"
}

# Makes a network namespace with "ip netns add", gives it the first free netnsid from 42 on,
# because other namespaces of the host may hold some, and sets NETNS_NAME, NETNS_ID and
# NETNS_INODE.
add_netns_with_id() {
	local used

	NETNS_NAME=$(test_name)
	add_netns "$NETNS_NAME"
	used=$(ip netns list-id | awk '{ print $2 }')
	NETNS_ID=42
	while grep -qx "$NETNS_ID" <<<"$used"; do
		NETNS_ID=$((NETNS_ID + 1))
	done
	ip netns set "$NETNS_NAME" "$NETNS_ID"
	NETNS_INODE=$(stat -L -c %i "/run/netns/$NETNS_NAME")
}

@test "ls -t net adds NETNSID and NSFS" {
	local header lsns_header

	header=$("$CNS" ls -t net | head -n 1 | squeeze_spaces)
	assert_equal "$header" "NS TYPE NPROCS PID USER NETNSID NSFS CONTAINER COMMAND" \
		"header of cns ls -t net"
	# lsns has the same default columns, without CONTAINER.
	lsns_header=$(lsns -t net | head -n 1 | squeeze_spaces)
	assert_equal "${header/ CONTAINER/}" "$lsns_header" "header of lsns -t net, with CONTAINER"

	header=$("$CNS" ls -t uts | head -n 1 | squeeze_spaces)
	assert_equal "$header" "NS TYPE NPROCS PID USER CONTAINER COMMAND" "header of cns ls -t uts"
}

@test "ls shows NETNSID and NSFS of ip netns" {
	local row

	add_netns_with_id
	start_background nsenter "--net=/run/netns/$NETNS_NAME" sleep 1000
	wait_for_comm "$STARTED_PID" sleep

	row=$(namespace_object "$NETNS_INODE" -t net)

	assert_equal "$(jq -r .nprocs <<<"$row")" 1 "NPROCS"
	assert_equal "$(jq -r .pid <<<"$row")" "$STARTED_PID" "PID"
	assert_equal "$(jq -r .netnsid <<<"$row")" "$NETNS_ID" "NETNSID"
	assert_equal "$(jq -r .nsfs <<<"$row")" "/run/netns/$NETNS_NAME" "NSFS"
}

@test "ls lists ip netns after its processes exit" {
	local row own_net expected

	add_netns_with_id
	start_background nsenter "--net=/run/netns/$NETNS_NAME" sleep 1000
	wait_for_comm "$STARTED_PID" sleep
	stop_process_tree "$STARTED_PID"
	wait_for_exit "$STARTED_PID"

	row=$(namespace_object "$NETNS_INODE" -t net -o NS,TYPE,NPROCS,PID,PATH,NETNSID,NSFS)
	expected=$(jq -n -c --argjson ns "$NETNS_INODE" --arg path "/run/netns/$NETNS_NAME" \
		--arg id "$NETNS_ID" \
		'{ns: $ns, type: "net", nprocs: 0, pid: null, path: $path, netnsid: $id, nsfs: $path}')
	assert_equal "$row" "$expected" "row of the bind-mounted namespace"

	row=$(namespace_object "$NETNS_INODE" -P -o NS,NPROCS)
	assert_equal "$row" "{\"ns\":$NETNS_INODE,\"nprocs\":0}" "row of the namespace in ls -P"
	# -P leaves out namespaces that processes are in, such as this shell's.
	own_net=$(ns_inode $$ net)
	assert_equal "$(namespace_object "$own_net" -P -o NS,NPROCS)" "" \
		"row of this shell's netns in ls -P"
}

@test "ls lists netns held only by an fd" {
	local holder ns row expected

	# The holder opens the new namespace as fd 5, then goes back to the namespace of this test
	# ($$) and sleeps, so that its fd 5 is the only reference to the new namespace.
	start_background unshare --net bash -c \
		"exec 5</proc/self/ns/net; exec nsenter --target $$ --net sleep 1000"
	holder=$STARTED_PID
	wait_for_comm "$holder" sleep
	assert_equal "$(ns_inode "$holder" net)" "$(ns_inode $$ net)" "netns of the holder"
	ns=$(stat -L -c %i "/proc/$holder/fd/5")

	row=$(namespace_object "$ns" -t net -o NS,TYPE,NPROCS,PID,PATH)

	expected=$(jq -n -c --argjson ns "$ns" --arg path "/proc/$holder/fd/5" \
		'{ns: $ns, type: "net", nprocs: 0, pid: null, path: $path}')
	assert_equal "$row" "$expected" "row of the namespace that fd 5 of process $holder opens"
}
