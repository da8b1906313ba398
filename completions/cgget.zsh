#compdef cgget
# SPDX-License-Identifier: MIT
# zsh completion for cgget and cgset, installed as _cgget in a directory of $fpath. The
# completion of cgset, _cgset, calls this one.
#
# The setting keys come from "cgget --list-settings" and the files of the target group, the
# controllers from "cgget --mode", the groups from the live cgroup mounts, and the containers
# from "cns ps". cgget and cns run from the directory of the tool on the command line when that
# is a path, such as build/cgset. tests/cli/completion-zsh.bats checks the option lists below
# against "cgget --help" and "cgset --help".

# Prints the mount point of each cgroup and cgroup2 mount, one a line, from
# /proc/self/mountinfo. The file system type is the field after the "-" separator, because the
# optional fields before it vary in number.
(( $+functions[_cgget_mounts] )) || _cgget_mounts() {
	local line separator
	local -a fields

	for line in "${(@f)$(</proc/self/mountinfo)}"; do
		fields=(${=line})
		separator=${fields[(i)-]}
		[[ $fields[separator+1] == cgroup(|2) ]] && print -r -- $fields[5]
	done
}

# Completes a cgroup path such as "/system.slice/ss" from the groups of every hierarchy.
(( $+functions[_cgget_paths] )) || _cgget_paths() {
	local expl
	local -a mounts=(${(f)"$(_cgget_mounts)"})

	compset -P '/'
	_wanted cgroups expl 'cgroup' _path_files -W mounts -/
}

# Completes the argument of -g: a cgroup path, or for cgget also CONTROLLER:PATH, where
# CONTROLLER may be a comma-separated list. The controllers are those of "cgget --mode" but
# the v1 hierarchies without one, such as name=systemd, which -g does not take.
(( $+functions[_cgget_cgroups] )) || _cgget_cgroups() {
	local line expl
	local -a fields controllers

	if [[ $service == cgset || $PREFIX == /* ]] || compset -P '*:'; then
		_cgget_paths
		return
	fi
	# A line of "cgget --mode -n" reads " 4   1 /sys/fs/cgroup/memory  memory", after a first
	# line with the layout. The controllers of one hierarchy are separated by commas.
	for line in "${(@f)$(_call_program controllers ${(q)cgget_program} --mode -n 2>/dev/null)}"; do
		fields=(${=line})
		(( $#fields >= 4 )) || continue
		controllers+=(${(s:,:)${(j:,:)fields[4,-1]}})
	done
	controllers=(${(u)controllers:#name=*})
	compset -P '*,'
	_wanted controllers expl 'controller' compadd -q -S : -a controllers
}

# Prints the cgroup path that -g PATH names on the command line, or the current directory's
# path when it is inside a cgroup mount. A -g CONTROLLER:PATH does not name the target.
(( $+functions[_cgget_target_path] )) || _cgget_target_path() {
	local i word mount
	local -a paths

	for (( i = 2; i < CURRENT; i++ )); do
		word=$words[i]
		case $word in
		-g | --cgroup) (( i + 1 < CURRENT )) && paths+=(${words[i+1]}) ;;
		--cgroup=*) paths+=(${word#--cgroup=}) ;;
		-g?*) paths+=(${word#-g}) ;;
		esac
	done
	for word in $paths; do
		if [[ $word != *:* ]]; then
			print -r -- $word
			return
		fi
	done
	for mount in ${(f)"$(_cgget_mounts)"}; do
		if [[ $PWD == $mount || $PWD == $mount/* ]]; then
			print -r -- ${PWD#$mount}
			return
		fi
	done
}

# Completes a setting key: the settings of "cgget --list-settings", with their descriptions,
# and the files of the target group. cgset's keys end in "=", and its values are not
# completed. cgset completes only the keys that it can write: the settings marked rw, and the
# files with the owner's write permission that are neither the v2 nor the v1 file of a
# read-only setting.
(( $+functions[_cgget_keys] )) || _cgget_keys() {
	local line name file mount target
	local -a fields keys files read_only
	local -A descriptions

	if [[ $service == cgset ]]; then
		[[ $PREFIX == *=* ]] && return 1
	fi
	# A line of "cgget --list-settings -n" reads "memory.max rw memory.limit_in_bytes hard
	# limit of memory use in bytes ...".
	for line in "${(@f)$(_call_program settings ${(q)cgget_program} --list-settings -n \
		2>/dev/null)}"; do
		fields=(${=line})
		(( $#fields >= 4 )) || continue
		if [[ $service == cgset && $fields[2] != rw ]]; then
			read_only+=($fields[1] $fields[3])
		else
			descriptions[$fields[1]]="${fields[4,-1]}"
		fi
	done
	target=$(_cgget_target_path)
	if [[ -n $target ]]; then
		for mount in ${(f)"$(_cgget_mounts)"}; do
			# The qualifier w selects the files that their owner may write.
			if [[ $service == cgset ]]; then
				files=($mount/${target#/}/*(N.w:t))
			else
				files=($mount/${target#/}/*(N.:t))
			fi
			for file in ${files:|read_only}; do
				(( $+descriptions[$file] )) || descriptions[$file]="file of $target"
			done
		done
	fi
	for name in ${(ko)descriptions}; do
		keys+=("${name//:/\\:}:$descriptions[$name]")
	done
	if [[ $service == cgset ]]; then
		_describe -t settings 'setting' keys -q -S =
	else
		_describe -t settings 'setting' keys
	fi
}

# Completes an operand: a cgroup path where the word starts with "/", else a setting key.
(( $+functions[_cgget_operands] )) || _cgget_operands() {
	if [[ $PREFIX == /* ]]; then
		_cgget_paths
	else
		_cgget_keys
	fi
}

(( $+functions[_cgget_pids] )) || _cgget_pids() {
	local expl
	local -a pids=(/proc/<->(N:t))

	_wanted pids expl 'process id' compadd -a pids
}

# Completes a container as the CONTAINER column of "cns ls" names it, ENGINE:NAME, from
# "cns ps", or its name alone when no ENGINE:NAME starts with the word.
(( $+functions[_cgget_containers] )) || _cgget_containers() {
	local line
	local -a fields named bare

	for line in "${(@f)$(_call_program containers ${(q)cns_program} ps -n -r -o ENGINE,NAME \
		2>/dev/null)}"; do
		fields=("${(@s: :)line}")
		[[ -n $fields[2] ]] || continue
		named+=("${fields[1]//:/\\:}\\:${fields[2]//:/\\:}")
		bare+=("${fields[2]//:/\\:}:$fields[1]")
	done
	_describe -t containers 'container' named ||
		_describe -t containers 'container' bare
}

# The options that both tools take: the target and --help and --version.
(( $+functions[_cgget_common_options] )) || _cgget_common_options() {
	reply=(
		'(-p --pid --container)*'{-g+,--cgroup=}'[the cgroup at PATH below the cgroup root]:cgroup:_cgget_cgroups'
		'(-g --cgroup -p --pid --container)'{-p+,--pid=}'[the cgroup of process PID]:process id:_cgget_pids'
		'(-g --cgroup -p --pid --container)--container=[the cgroup of a container]:container:_cgget_containers'
		'(- *)'{-h,--help}'[display this help]'
		'(- *)'{-V,--version}'[display version]'
	)
}

_cgget() {
	local cgget_program=${words[1]/#\~/$HOME} cns_program=cns
	local -a reply

	[[ $cgget_program == */* ]] && cns_program=${cgget_program:h}/cns
	# cgset has no --list-settings, so cgset completes keys with the cgget beside it.
	if [[ $service == cgset ]]; then
		if [[ $cgget_program == */* ]]; then
			cgget_program=${cgget_program:h}/cgget
		else
			cgget_program=cgget
		fi
	fi
	_cgget_common_options
	if [[ $service == cgset ]]; then
		_arguments -s -S $reply \
			'(--remove)*'{-r+,--variable=}'[set KEY to VALUE]:KEY=VALUE:_cgget_keys' \
			'(-c --create --remove)'{-c,--create}'[create the cgroup first, where it is missing]' \
			'(-c --create -r --variable)--remove[remove the cgroup, which must be empty]' \
			'*:KEY=VALUE or cgroup path:_cgget_operands'
		return
	fi
	_arguments -s -S $reply \
		'*'{-r+,--variable=}'[print KEY for each PATH]:setting:_cgget_keys' \
		'(-a --all)'{-a,--all}'[print every file of every hierarchy of the cgroup]' \
		'(-n --noheadings)'{-n,--noheadings}'[print no headings and no PATH lines]' \
		'(-v --values-only)'{-v,--values-only}'[print only the values]' \
		'--raw[print values as the kernel shows them, with no units]' \
		'(-J --json)'{-J,--json}'[use JSON output format]' \
		'(-m --mode)'{-m,--mode}'[print the cgroup layout and the mounted hierarchies]' \
		'--list-settings[list the settings that cgget and cgset translate]' \
		'*:setting or cgroup path:_cgget_operands'
}

_cgget "$@"
