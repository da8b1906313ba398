# SPDX-License-Identifier: MIT
# bash completion for cgget and cgset. The completion of cgset loads this file.
#
# It needs only bash, not the bash-completion package. The settings come from
# "cgget --list-settings" and the files of the target group, and the containers from
# "cns ls", each from the tool next to the cgget or cgset of the command line.
# tests/cli/docs.bats checks the option lists below against "cgget --help" and "cgset --help".

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

_cgget_options='-g --cgroup -p --pid --container -r --variable -a --all -n --noheadings
	-v --values-only --raw -J --json -m --mode --list-settings -h --help -V --version'
_cgset_options='-g --cgroup -p --pid --container -r --variable -c --create --remove
	-h --help -V --version'

# Prints the mount point of every cgroup hierarchy, from /proc/self/mountinfo. The file system
# type follows the "-" field, after the optional fields.
_cg_mounts() {
	awk '{
		for (i = 7; i < NF && $i != "-"; i++)
			;
		if ($(i + 1) == "cgroup" || $(i + 1) == "cgroup2")
			print $5
	}' /proc/self/mountinfo 2>/dev/null
}

# Completes a cgroup path from the live tree: the child groups of the path typed so far, in
# every hierarchy.
_cg_complete_paths() {
	local cur=$1 dir mount entry
	local -a paths=()

	[[ $cur == /* ]] || cur=/$cur
	dir=${cur%/*}
	while read -r mount; do
		for entry in "$mount$dir"/*/; do
			[ -d "$entry" ] || continue
			entry=${entry%/}
			paths+=("${entry#"$mount"}")
		done
	done < <(_cg_mounts)
	mapfile -t COMPREPLY < <(compgen -W "${paths[*]}" -- "$cur" | sort -u)
}

# Prints the mounted controllers: those of the v1 lines of /proc/self/cgroup, and those that the
# cgroup2 root lists in its cgroup.controllers.
_cg_controllers() {
	local mount

	awk -F: '$2 != "" {
		n = split($2, names, ",")
		for (i = 1; i <= n; i++)
			if (names[i] !~ /^name=/)
				print names[i]
	}' /proc/self/cgroup 2>/dev/null
	mount=$(awk '{
		for (i = 7; i < NF && $i != "-"; i++)
			;
		if ($(i + 1) == "cgroup2") {
			print $5
			exit
		}
	}' /proc/self/mountinfo 2>/dev/null)
	[ -n "$mount" ] && tr ' ' '\n' <"$mount/cgroup.controllers" 2>/dev/null
}

# Completes libcgroup's "-g CONTROLLER:PATH" for cgget: controllers before the ':', then paths.
_cg_complete_controller_path() {
	local cur=$1 controllers

	if [[ $cur == *:* ]]; then
		_cg_complete_paths "${cur#*:}"
		COMPREPLY=("${COMPREPLY[@]/#/${cur%%:*}:}")
		return
	fi
	controllers=$(_cg_controllers | sed 's/$/:/')
	if [[ $cur == /* ]]; then
		_cg_complete_paths "$cur"
	else
		mapfile -t COMPREPLY < <(compgen -W "$controllers" -- "$cur")
	fi
	compopt -o nospace 2>/dev/null
}

_cg_complete_pids() {
	local -a pids=(/proc/[0-9]*)

	pids=("${pids[@]#/proc/}")
	mapfile -t COMPREPLY < <(compgen -W "${pids[*]}" -- "$1")
}

# Prints the cgroup path that -g PATH names on the command line, or the current directory's
# path when it is inside a cgroup mount.
_cg_target_path() {
	local i word mount

	for ((i = 1; i < COMP_CWORD; i++)); do
		word=${COMP_WORDS[i]}
		if [[ $word == -g || $word == --cgroup ]] && ((i + 1 < COMP_CWORD)); then
			[[ ${COMP_WORDS[i + 1]} == *:* ]] && continue
			echo "${COMP_WORDS[i + 1]}"
			return
		fi
	done
	while read -r mount; do
		if [[ $PWD == "$mount" || $PWD == "$mount"/* ]]; then
			echo "${PWD#"$mount"}"
			return
		fi
	done < <(_cg_mounts)
}

# Prints the setting keys, one a line: the settings of "cgget --list-settings" and the files
# of the target group. With "writable" as $1, for cgset, prints only the keys that cgset can
# write: the settings marked rw, and the files with the owner's write permission that are
# neither the v2 nor the v1 file of a read-only setting.
_cg_keys() {
	local writable=$1 cgget path mount name access v1
	local -a read_only=() permission=()

	cgget=$(_cns_program_beside cgget)
	# A line reads "memory.max rw memory.limit_in_bytes hard limit of memory use ...".
	while read -r name access v1 _; do
		if [ -z "$writable" ] || [ "$access" = rw ]; then
			echo "$name"
		else
			read_only+=("$name" "$v1")
		fi
	done < <("$cgget" --list-settings -n 2>/dev/null)

	path=$(_cg_target_path)
	[ -n "$path" ] || return 0
	[ -n "$writable" ] && permission=(-perm -u+w)
	while read -r mount; do
		find "$mount/${path#/}" -mindepth 1 -maxdepth 1 -type f \
			${permission[@]+"${permission[@]}"} -printf '%f\n' 2>/dev/null
	done < <(_cg_mounts) | grep -vxF -f <(printf '%s\n' ${read_only[@]+"${read_only[@]}"})
}

# Completes a setting key, followed by $2: "=" for cgset, whose keys are those it can write.
_cg_complete_keys() {
	local cur=$1 suffix=$2 keys

	keys=$(_cg_keys "${suffix:+writable}")
	mapfile -t COMPREPLY < <(compgen -W "$keys" -S "$suffix" -- "$cur" | sort -u)
	[ -n "$suffix" ] && compopt -o nospace 2>/dev/null
}

# Completes the argument of an option. Returns 1 when the previous word takes none.
_cg_complete_argument() {
	local prev=$1 cur=$2 key_suffix=$3

	case $prev in
	-g | --cgroup)
		if [ -z "$key_suffix" ]; then
			_cg_complete_controller_path "$cur"
		else
			_cg_complete_paths "$cur"
		fi
		;;
	-p | --pid) _cg_complete_pids "$cur" ;;
	-r | --variable) _cg_complete_keys "$cur" "$key_suffix" ;;
	*) return 1 ;;
	esac
	return 0
}

# Returns 0 when word $1 is -g or --cgroup.
_cg_is_cgroup_option() {
	[[ $1 == -g || $1 == --cgroup ]]
}

_cgget() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}

	COMPREPLY=()
	_cns_complete_container_argument "$(_cns_program_beside cns)" 1 && return 0
	# bash splits "-g memory:/a" at the ':', because ':' is in COMP_WORDBREAKS, into the words
	# "memory", ":" and "/a".
	if [[ $prev == : ]] && _cg_is_cgroup_option "${COMP_WORDS[COMP_CWORD - 3]}"; then
		_cg_complete_paths "$cur"
		return 0
	fi
	if [[ $cur == : ]] && _cg_is_cgroup_option "${COMP_WORDS[COMP_CWORD - 2]}"; then
		_cg_complete_paths /
		COMPREPLY=("${COMPREPLY[@]/#/:}")
		return 0
	fi
	_cg_complete_argument "$prev" "$cur" "" && return 0
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$_cgget_options" -- "$cur")
	elif [[ $cur == /* ]]; then
		_cg_complete_paths "$cur"
	else
		_cg_complete_keys "$cur" ""
	fi
	return 0
}

_cgset() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}

	COMPREPLY=()
	_cns_complete_container_argument "$(_cns_program_beside cns)" 1 && return 0
	# Values, which follow the "=" that bash makes a word of its own, are not completed.
	[[ $cur == = || $prev == = ]] && return 0
	_cg_complete_argument "$prev" "$cur" "=" && return 0
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$_cgset_options" -- "$cur")
	elif [[ $cur == /* ]]; then
		_cg_complete_paths "$cur"
	elif [[ $cur != *=* ]]; then
		_cg_complete_keys "$cur" "="
	fi
	return 0
}

complete -F _cgget cgget
complete -F _cgset cgset
