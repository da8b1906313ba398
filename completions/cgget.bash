# SPDX-License-Identifier: MIT
# bash completion for cgget and cgset. The completion of cgset loads this file.
#
# It needs only bash, not the bash-completion package. tests/cli/docs.bats checks the option
# and setting lists below against "cgget --help", "cgset --help" and "cgget --list-settings".

_cgget_options='-g --cgroup -p --pid --container -r --variable -a --all -n --noheadings
	-v --values-only --raw -J --json -m --mode --list-settings -h --help -V --version'
_cgset_options='-g --cgroup -p --pid --container -r --variable -c --create --remove
	-h --help -V --version'
# The settings of the table, by their cgroup v2 names.
_cg_settings='memory.max memory.high memory.low memory.min memory.swap.max memory.current
	memory.swap.current memory.peak memory.stat memory.events memory.oom.group memory.pressure
	cpu.max cpu.weight cpu.stat cpu.pressure cpuset.cpus cpuset.mems cpuset.cpus.effective
	cpuset.mems.effective io.max io.stat io.pressure pids.max pids.current cgroup.procs
	cgroup.threads cgroup.freeze cgroup.kill cgroup.events cgroup.stat cgroup.controllers
	cgroup.subtree_control'

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

# Completes a container with the names that "cns ls" shows, when cns is installed.
_cg_complete_containers() {
	local names

	names=$(cns ls -n -l -o CONTAINER 2>/dev/null | sort -u)
	mapfile -t COMPREPLY < <(compgen -W "$names" -- "$1")
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

# Completes a setting key: the table's names and the files of the target group.
_cg_complete_keys() {
	local cur=$1 suffix=$2 path mount file
	local -a keys=($_cg_settings)

	path=$(_cg_target_path)
	if [ -n "$path" ]; then
		while read -r mount; do
			for file in "$mount/${path#/}"/*; do
				[ -f "$file" ] && keys+=("${file##*/}")
			done
		done < <(_cg_mounts)
	fi
	mapfile -t COMPREPLY < <(compgen -W "${keys[*]}" -S "$suffix" -- "$cur" | sort -u)
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
	--container) _cg_complete_containers "$cur" ;;
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
