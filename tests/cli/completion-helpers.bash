# shellcheck shell=bash

# Helpers of the completion tests of bash (docs.bats), zsh and fish.

# Prints the name of a file in the root groups of the cgroup mounts that no root group lets its
# owner write and that is neither a v2 nor a v1 name in the settings table of cgget $1. Prints
# nothing when there is none. cgget completes such a file, and cgset does not.
read_only_root_file() {
	local mounts=() writable

	mapfile -t mounts < <(findmnt -n -t cgroup,cgroup2 -o TARGET)
	writable=$(find "${mounts[@]}" -mindepth 1 -maxdepth 1 -type f -perm -u+w -printf '%f\n')
	find "${mounts[@]}" -mindepth 1 -maxdepth 1 -type f ! -perm -u+w -printf '%f\n' |
		sort -u | grep -vxF -f <(echo "$writable") |
		grep -vxF -f <("$1" --list-settings -n | awk '{ print $1; print $3 }') | head -n 1
}
