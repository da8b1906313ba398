#compdef cns
# SPDX-License-Identifier: MIT
# zsh completion for cns and its subcommands, installed as _cns in a directory of $fpath.
#
# The subcommands, columns, namespace inodes and containers come from the cns on the command
# line, so that "build/cns ls -o " completes the columns of build/cns. The option, namespace
# type, tree relation and net mode lists below are static, and tests/cli/completion-zsh.bats
# checks them against the help and behaviour of build/cns.

# Completes the subcommands from the "Commands:" table of "cns --help", which runs to the
# next empty line. With "help" among the arguments, help follows them: it is not a subcommand
# of its own, and "cns help COMMAND" prints what "cns COMMAND --help" prints. _arguments
# passes options for compadd after the arguments of an action.
(( $+functions[_cns_commands] )) || _cns_commands() {
	local line in_table=0
	local -a fields commands

	for line in "${(@f)$(_call_program commands ${(q)cns_program} --help 2>/dev/null)}"; do
		if [[ $line == Commands: ]]; then
			in_table=1
		elif [[ -z $line ]]; then
			in_table=0
		elif (( in_table )); then
			fields=(${=line})
			commands+=("$fields[1]:${fields[2,-1]}")
		fi
	done
	(( ${argv[(I)help]} )) && commands+=('help:print the help of cns or of a command')
	_describe -t commands 'cns command' commands
}

# Completes the last column of a comma-separated list such as "+NS,TY", from the column table
# of "cns $1 --list-columns". Columns are matched in any case, as cns accepts them, and those
# already in the list are left out.
(( $+functions[_cns_columns] )) || _cns_columns() {
	local subcommand=$1 line
	local -a used fields columns

	[[ $PREFIX == *,* ]] && used=(${(s:,:)${(U)${PREFIX#+}%,*}})
	compset -P '+'
	compset -P '*,'
	# A line of the table reads "  NS <integer> namespace inode number".
	for line in "${(@f)$(_call_program columns ${(q)cns_program} $subcommand --list-columns 2>/dev/null)}"; do
		fields=(${=line})
		(( $#fields )) || continue
		(( ${used[(Ie)$fields[1]]} )) && continue
		columns+=("$fields[1]:${fields[3,-1]}")
	done
	_describe -t columns 'column' columns -M 'm:{a-z}={A-Z}' -q -S ,
}

(( $+functions[_cns_types] )) || _cns_types() {
	local -a types=(
		'mnt:mount namespace'
		'net:network namespace'
		'ipc:System V IPC namespace'
		'user:user namespace'
		'pid:pid namespace'
		'uts:UTS namespace (host and domain name)'
		'cgroup:cgroup namespace'
		'time:time namespace'
	)

	_describe -t types 'namespace type' types
}

(( $+functions[_cns_relations] )) || _cns_relations() {
	local -a relations=(
		'process:each namespace under the one of the parent process of its PID'
		'parent:each pid or user namespace under its parent namespace'
		'owner:each namespace under the user namespace that owns it'
	)

	_describe -t relations 'tree relation' relations
}

(( $+functions[_cns_net_modes] )) || _cns_net_modes() {
	local -a modes=(
		'none:a new network namespace with only loopback (default)'
		'host:the network namespace of the host'
		'veth:a new network namespace with a veth pair, addressed from the pool'
	)

	_describe -t net-modes 'net mode' modes
}

# Completes a pid from /proc, which lists every process, where ps lists only those of this
# terminal by default.
(( $+functions[_cns_pids] )) || _cns_pids() {
	local expl
	local -a pids=(/proc/<->(N:t))

	_wanted pids expl 'process id' compadd -a pids
}

# Prints the inodes in the /proc/PID/ns links that this user may read, of the types $@, or of
# every type without arguments. A link reads "net:[4026531833]".
(( $+functions[_cns_read_inodes] )) || _cns_read_inodes() {
	local link type inode
	local -a links
	local -A inodes

	# find reads the links, as thousands of them take zsh much longer.
	links=("${(@f)$(find /proc -mindepth 3 -maxdepth 3 -path '/proc/[0-9]*/ns/*' \
		-printf '%l\n' 2>/dev/null)}")
	for link in $links; do
		type=${link%%:*}
		inode=${${link#*\[}%\]}
		(( $# == 0 || ${argv[(Ie)$type]} )) && inodes[$inode]=1
	done
	print -rl -- ${(k)inodes}
}

# Completes a namespace inode from "cns ls", limited to the types given with -t. When cns
# fails, the inodes come from the /proc/PID/ns links.
(( $+functions[_cns_inodes] )) || _cns_inodes() {
	local type output expl
	local -a types type_options

	types=(${(s.:.)opt_args[-t]} ${(s.:.)opt_args[--type]})
	for type in $types; do
		type_options+=(-t $type)
	done
	output=$(_call_program inodes ${(q)cns_program} ls -n -l -o NS ${(q)type_options} \
		2>/dev/null) || output=$(_cns_read_inodes $types)
	_wanted inodes expl 'namespace inode' compadd - ${(f)output}
}

# Completes a container as the CONTAINER column of "cns ls" names it, ENGINE:NAME, from
# "cns ps". When no such name starts with the word, the names without the engine follow,
# which cns enter takes too.
(( $+functions[_cns_containers] )) || _cns_containers() {
	local line engine name id
	local -a fields named bare

	# A raw line reads "docker web a1ec30908939...", and its ID is empty where the engine
	# has none.
	for line in "${(@f)$(_call_program containers ${(q)cns_program} ps -n -r \
		-o ENGINE,NAME,ID 2>/dev/null)}"; do
		fields=("${(@s: :)line}")
		engine=$fields[1] name=$fields[2] id=$fields[3]
		[[ -n $name ]] || continue
		named+=("${engine//:/\\:}\\:${name//:/\\:}:${id:+id ${id[1,12]}}")
		bare+=("${name//:/\\:}:$engine${id:+ id ${id[1,12]}}")
	done
	_describe -t containers 'container' named ||
		_describe -t containers 'container' bare
}

# Completes the names of the containers that cns spawn started, from "cns ps -a", with their
# status, such as "exited (3)", which the raw output writes "exited\x20(3)".
(( $+functions[_cns_spawned] )) || _cns_spawned() {
	local line
	local -a fields names

	for line in "${(@f)$(_call_program containers ${(q)cns_program} ps -a -n -r \
		-o ENGINE,NAME,STATUS 2>/dev/null)}"; do
		fields=("${(@s: :)line}")
		[[ $fields[1] == cns ]] && names+=("${fields[2]//:/\\:}:${(g::)fields[3]}")
	done
	_describe -t containers 'container' names
}

(( $+functions[_cns_ls] )) || _cns_ls() {
	_arguments -s -S \
		'(-J --json)'{-J,--json}'[use JSON output format]' \
		'(-l --list)'{-l,--list}'[use list format output]' \
		'(-n --noheadings)'{-n,--noheadings}'[do not print headings]' \
		'(-o --output)'{-o+,--output=}'[output these columns; +LIST adds them to the default]:column list: _cns_columns ls' \
		'--output-all[output all columns]' \
		'(-P --persistent)'{-P,--persistent}'[only namespaces without processes]' \
		'(-p --task)'{-p+,--task=}'[only the namespaces of process PID]:process id:_cns_pids' \
		'(-r --raw)'{-r,--raw}'[use the raw output format]' \
		'(-u --notruncate)'{-u,--notruncate}'[do not truncate text in columns]' \
		'(-W --nowrap)'{-W,--nowrap}'[print multi-line cells on one line]' \
		'*'{-t+,--type=}'[namespace type; repeat the option for several types]:namespace type:_cns_types' \
		'(-T --tree)'{-T+,--tree=-}'[show a tree by process, parent or owner]::tree relation:_cns_relations' \
		'(- *)'{-H,--list-columns}'[list the output columns]' \
		'(- *)'{-h,--help}'[display this help]' \
		'(- *)'{-V,--version}'[display version]' \
		'1::namespace inode:_cns_inodes'
}

(( $+functions[_cns_enter] )) || _cns_enter() {
	_arguments -s -S \
		'(-a --all)'{-a,--all}'[enter every namespace of the target that is not the caller'\''s own]' \
		'(-t --target --container)'{-t+,--target=}'[the process whose namespaces are entered]:process id:_cns_pids' \
		'(-t --target)--container=[the init process of a container]:container:_cns_containers' \
		'(-m --mount)'{-m-,--mount=-}'[enter the mount namespace]::namespace file:_files' \
		'(-u --uts)'{-u-,--uts=-}'[enter the UTS namespace]::namespace file:_files' \
		'(-i --ipc)'{-i-,--ipc=-}'[enter the System V IPC namespace]::namespace file:_files' \
		'(-n --net)'{-n-,--net=-}'[enter the network namespace]::namespace file:_files' \
		'(-p --pid)'{-p-,--pid=-}'[enter the pid namespace]::namespace file:_files' \
		'(-C --cgroup)'{-C-,--cgroup=-}'[enter the cgroup namespace]::namespace file:_files' \
		'(-U --user)'{-U-,--user=-}'[enter the user namespace]::namespace file:_files' \
		'--user-parent[enter the parent of the user namespace]' \
		'(-T --time)'{-T-,--time=-}'[enter the time namespace]::namespace file:_files' \
		'(-S --setuid)'{-S+,--setuid=}'[set the user id]:user id or follow:(follow)' \
		'(-G --setgid)'{-G+,--setgid=}'[set the group id and drop supplementary groups]:group id or follow:(follow)' \
		'--preserve-credentials[keep the user and group ids in a user namespace]' \
		'--keep-caps[keep the capabilities of the user namespace in COMMAND]' \
		'(-r --root)'{-r-,--root=-}'[set the root directory]::directory:_files -/' \
		'(-w --wd)'{-w-,--wd=-}'[set the working directory]::directory:_files -/' \
		'(-W --wdns)'{-W+,--wdns=}'[set the working directory, a path in the entered namespaces]:directory:_files -/' \
		'(-e --env)'{-e,--env}'[take the environment of the target]' \
		'(-F --no-fork)'{-F,--no-fork}'[do not fork before running COMMAND]' \
		'(-c --join-cgroup)'{-c,--join-cgroup}'[join the cgroups of the target in every hierarchy]' \
		'(- *)'{-h,--help}'[display this help]' \
		'(- *)'{-V,--version}'[display version]' \
		'(-)1:command: _command_names -e' \
		'*::argument:_normal'
}

(( $+functions[_cns_spawn] )) || _cns_spawn() {
	_arguments -s -S \
		'--rootfs=[the container'\''s root filesystem]:directory:_files -/' \
		'--name=[name the container]:name: ' \
		'(-d --detach)'{-d,--detach}'[print the name and return while it runs]' \
		'--hostname=[the hostname inside]:hostname: ' \
		'*'{-e+,--env=}'[set an environment variable]:KEY=VALUE or KEY: ' \
		'(-w --workdir)'{-w+,--workdir=}'[the working directory inside]:directory:_files -/' \
		'*'{-v+,--volume=}'[bind-mount SRC on DST, read-only with :ro]:SRC\:DST[\:ro]:_files' \
		'--net=[network mode]:net mode:_cns_net_modes' \
		'--net-pool=[take veth addresses from CIDR]:CIDR: ' \
		'--userns[map your uid and gid to 0 in a new user namespace]' \
		'(--no-init)--init[run an init as PID 1 that reaps orphans and forwards signals (the default)]' \
		'(--init)--no-init[run the command as PID 1, with no init]' \
		'(-m --memory)'{-m+,--memory=}'[memory.max, such as 512M]:size: ' \
		'--cpus=[cpu.max in CPUs, such as 1.5]:CPUs: ' \
		'--pids=[pids.max]:number of processes: ' \
		'--cpuset=[cpuset.cpus, such as 0-1]:CPU list: ' \
		'*--cgroup-set=[any setting that cgset takes]:KEY=VALUE: ' \
		'(- *)'{-h,--help}'[display this help]' \
		'(- *)'{-V,--version}'[display version]' \
		'(-)1:command: _command_names -e' \
		'*::argument:_normal'
}

(( $+functions[_cns_ps] )) || _cns_ps() {
	_arguments -s -S \
		'(-a --all)'{-a,--all}'[also list the exited containers that cns spawn started]' \
		'(-J --json)'{-J,--json}'[use JSON output format]' \
		'(-n --noheadings)'{-n,--noheadings}'[do not print headings]' \
		'(-o --output)'{-o+,--output=}'[output these columns; +LIST adds them to the default]:column list: _cns_columns ps' \
		'(-r --raw)'{-r,--raw}'[use the raw output format]' \
		'(-u --notruncate)'{-u,--notruncate}'[do not truncate text in columns]' \
		'(- *)'{-H,--list-columns}'[list the output columns]' \
		'(- *)'{-h,--help}'[display this help]' \
		'(- *)'{-V,--version}'[display version]'
}

(( $+functions[_cns_stop] )) || _cns_stop() {
	_arguments -s -S \
		'(-t --time)'{-t+,--time=}'[seconds to wait after SIGTERM]:seconds: ' \
		'(- *)'{-h,--help}'[display this help]' \
		'(- *)'{-V,--version}'[display version]' \
		'*:container:_cns_spawned'
}

(( $+functions[_cns_rm] )) || _cns_rm() {
	_arguments -s -S \
		'(-f --force)'{-f,--force}'[stop a running container first]' \
		'(- *)'{-h,--help}'[display this help]' \
		'(- *)'{-V,--version}'[display version]' \
		'*:container:_cns_spawned'
}

_cns() {
	local curcontext=$curcontext state state_descr line ret=1
	local cns_program=${words[1]/#\~/$HOME}
	local -A opt_args

	_arguments -C \
		'(- *)'{-h,--help}'[display this help]' \
		'(- *)'{-V,--version}'[display version]' \
		'1:cns command:_cns_commands help' \
		'*:: :->command' && ret=0

	if [[ $state == command ]]; then
		curcontext=${curcontext%:*:*}:cns-$words[1]:
		case $words[1] in
		ls | enter | spawn | ps | stop | rm)
			_cns_$words[1] && ret=0
			;;
		help)
			(( CURRENT == 2 )) && _cns_commands && ret=0
			;;
		*)
			_message "unknown cns command: $words[1]"
			;;
		esac
	fi
	return ret
}

_cns "$@"
