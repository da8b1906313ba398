# SPDX-License-Identifier: MIT
# bash completion for cgls.
#
# It needs only bash, not the bash-completion package. The containers come from "cns ls", run
# from the directory of the cgls on the command line when that is a path. tests/cli/docs.bats
# checks the option list below against "cgls --help", and the controllers against those that
# cgls accepts.

# The completion of containers, which cns enter shares, is in the completion of cns, installed
# next to this file as "cns" (cns.bash in the source tree).
if ! declare -F _cns_complete_containers >/dev/null; then
	if [ -f "${BASH_SOURCE[0]%/*}/cns.bash" ]; then
		# shellcheck source=cns.bash
		. "${BASH_SOURCE[0]%/*}/cns.bash"
	else
		. "${BASH_SOURCE[0]%/*}/cns"
	fi
fi

_cgls_options='-g --cgroup -p --pid --container --controller --depth -a --all
	-k --kernel-threads --no-processes -J --json -l --full --notruncate
	-h --help -V --version'

# Prints the file system type and the mount point of each cgroup and cgroup2 mount, one mount
# per line, from /proc/self/mountinfo. The type is the field after the "-" separator, because
# the optional fields before it vary in number.
_cgls_mounts() {
	awk '{
		for (i = 7; i <= NF && $i != "-"; i++)
			;
		if ($(i + 1) == "cgroup" || $(i + 1) == "cgroup2")
			print $(i + 1), $5
	}' /proc/self/mountinfo 2>/dev/null
}

# Prints the names that --controller takes, one per line: the controllers of the v1
# hierarchies as /proc/self/cgroup names them, "unified" for the cgroup v2 hierarchy, and the
# controllers of the cgroup v2 root.
_cgls_controllers() {
	local controllers type mount
	local -a names=()

	while IFS=: read -r _ controllers _; do
		[ -n "$controllers" ] && printf '%s\n' "${controllers//,/$'\n'}"
	done </proc/self/cgroup
	while read -r type mount; do
		[ "$type" = cgroup2 ] || continue
		echo unified
		# The file is one line of names separated by spaces.
		read -ra names <"$mount/cgroup.controllers"
		[ ${#names[@]} -eq 0 ] || printf '%s\n' "${names[@]}"
		break
	done < <(_cgls_mounts)
}

# Completes a cgroup path such as "/system.slice/do" from the groups of every hierarchy, and a
# directory of a cgroup mount such as "/sys/fs/cgroup/pids/ba", each with a trailing "/" so
# that the next level can follow.
_cgls_complete_cgroups() {
	local cur=$1 type mount dir
	local -a groups=()

	[[ $cur == /* ]] || cur=/$cur
	while read -r type mount; do
		while IFS= read -r dir; do
			groups+=("${dir#"$mount"}/")
		done < <(compgen -d -- "$mount$cur")
		# A directory on the way to the mount or inside it.
		if [[ $cur == "$mount"/* || ($cur != / && $mount == "$cur"*) ]]; then
			while IFS= read -r dir; do
				groups+=("$dir/")
			done < <(compgen -d -- "$cur")
		fi
	done < <(_cgls_mounts)
	mapfile -t COMPREPLY < <(printf '%s\n' ${groups[@]+"${groups[@]}"} | sort -u)
	compopt -o nospace 2>/dev/null
	return 0
}

# Completes the word after an option that takes an argument, other than --container, which
# _cns_complete_container_argument completes. Returns 1 when the option takes none, so that
# the caller completes the word as an option or a cgroup path.
_cgls_complete_argument() {
	local option=$1 cur=$2
	local -a pids

	case $option in
	-g | --cgroup)
		_cgls_complete_cgroups "$cur"
		;;
	-p | --pid)
		pids=(/proc/[0-9]*)
		pids=("${pids[@]#/proc/}")
		mapfile -t COMPREPLY < <(compgen -W "${pids[*]}" -- "$cur")
		;;
	--controller)
		mapfile -t COMPREPLY < <(compgen -W "$(_cgls_controllers)" -- "$cur")
		;;
	--depth)
		# Depths have no list to complete from.
		COMPREPLY=()
		;;
	*)
		return 1
		;;
	esac
	return 0
}

_cgls() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}

	COMPREPLY=()
	_cns_complete_container_argument "$(_cns_program_beside cns)" 1 && return 0
	# bash splits "--controller=me" into "--controller", "=" and "me", because "=" is in
	# COMP_WORDBREAKS.
	if [[ $cur == = ]]; then
		_cgls_complete_argument "$prev" "" && return 0
	elif [[ $prev == = ]] && ((COMP_CWORD >= 3)); then
		_cgls_complete_argument "${COMP_WORDS[COMP_CWORD - 2]}" "$cur" && return 0
	else
		_cgls_complete_argument "$prev" "$cur" && return 0
	fi

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$_cgls_options" -- "$cur")
		return 0
	fi
	_cgls_complete_cgroups "$cur"
}

complete -F _cgls cgls
