#compdef cgls
# SPDX-License-Identifier: MIT
# zsh completion for cgls, installed as _cgls in a directory of $fpath.
#
# The groups and controllers come from the live cgroup mounts, and the containers from the
# cns in the directory of the cgls on the command line when that is a path, else from $PATH.
# tests/cli/completion-zsh.bats checks the option list below against "cgls --help", and the
# controllers against those that cgls accepts.

# Prints the mount point of each cgroup and cgroup2 mount, one a line, from
# /proc/self/mountinfo. The file system type is the field after the "-" separator, because the
# optional fields before it vary in number.
(( $+functions[_cgls_mounts] )) || _cgls_mounts() {
	local line separator
	local -a fields

	for line in "${(@f)$(</proc/self/mountinfo)}"; do
		fields=(${=line})
		separator=${fields[(i)-]}
		[[ $fields[separator+1] == cgroup(|2) ]] && print -r -- $fields[5]
	done
}

# Completes a cgroup path such as "/system.slice/ss" from the groups of every hierarchy, and a
# directory of a cgroup mount such as "/sys/fs/cgroup/pids/ba", which cgls takes too.
(( $+functions[_cgls_groups] )) || _cgls_groups() {
	local mount expl ret=1
	local -a mounts=(${(f)"$(_cgls_mounts)"})

	for mount in $mounts; do
		if [[ $PREFIX == $mount/* || ( $PREFIX == /?* && $mount == $PREFIX* ) ]]; then
			_wanted directories expl 'directory of a cgroup mount' _path_files -/ && ret=0
			break
		fi
	done
	compset -P '/'
	_wanted cgroups expl 'cgroup' _path_files -W mounts -/ && ret=0
	return ret
}

# Completes the names that --controller takes: the controllers of the v1 hierarchies as
# /proc/self/cgroup names them, "unified" for the cgroup v2 hierarchy, and the controllers of
# the cgroup v2 root.
(( $+functions[_cgls_controllers] )) || _cgls_controllers() {
	local line mount expl
	local -a controllers

	# A line of /proc/self/cgroup reads "4:cpu,cpuacct:/path", or "0::/path" for cgroup v2.
	for line in "${(@f)$(</proc/self/cgroup)}"; do
		line=${${line#*:}%%:*}
		controllers+=(${(s:,:)line})
	done
	for mount in ${(f)"$(_cgls_mounts)"}; do
		[[ -e $mount/cgroup.controllers ]] || continue
		controllers+=(unified ${=$(<$mount/cgroup.controllers)})
		break
	done
	_wanted controllers expl 'controller' compadd -a controllers
}

(( $+functions[_cgls_pids] )) || _cgls_pids() {
	local expl
	local -a pids=(/proc/<->(N:t))

	_wanted pids expl 'process id' compadd -a pids
}

# Completes a container as the CONTAINER column of "cns ls" names it, ENGINE:NAME, from
# "cns ps", or its name alone when no ENGINE:NAME starts with the word.
(( $+functions[_cgls_containers] )) || _cgls_containers() {
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

_cgls() {
	local cns_program=cns

	[[ $words[1] == */* ]] && cns_program=${${words[1]/#\~/$HOME}:h}/cns
	_arguments -s -S \
		'(-g --cgroup -p --pid --container 1)'{-g+,--cgroup=}'[show the group PATH]:cgroup:_cgls_groups' \
		'(-g --cgroup -p --pid --container 1)'{-p+,--pid=}'[show the group of process PID]:process id:_cgls_pids' \
		'(-g --cgroup -p --pid --container 1)--container=[show the group of a container]:container:_cgls_containers' \
		'--controller=[show only the hierarchy of controller NAME]:controller:_cgls_controllers' \
		'--depth=[show N levels of groups below]:levels: ' \
		'(-a --all)'{-a,--all}'[show groups without processes too]' \
		'(-k --kernel-threads)'{-k,--kernel-threads}'[show kernel threads too]' \
		'--no-processes[show groups only]' \
		'(-J --json)'{-J,--json}'[use JSON output format]' \
		'(-l --full --notruncate)'{-l,--full}'[do not truncate command lines to the terminal width]' \
		'(-l --full)--notruncate[the same as --full]' \
		'(- *)'{-h,--help}'[display this help]' \
		'(- *)'{-V,--version}'[display version]' \
		'(-g --cgroup -p --pid --container)1::cgroup:_cgls_groups'
}

_cgls "$@"
