# SPDX-License-Identifier: MIT
# bash completion for cns and its subcommands.
#
# It needs only bash, not the bash-completion package. tests/cli/docs.bats checks the option,
# column, type and relation lists below against the help and behaviour of build/cns.

_cns_commands='ls enter spawn ps stop rm'
_cns_options='-h --help -V --version'

_cns_ls_options='-J --json -l --list -n --noheadings -o --output --output-all
	-P --persistent -p --task -r --raw -u --notruncate -W --nowrap -t --type -T --tree
	-H --list-columns -h --help -V --version'
_cns_ls_columns='NS TYPE PATH NPROCS PID PPID COMMAND UID USER NETNSID NSFS PNS ONS
	CONTAINER CGROUP'
_cns_ls_types='mnt net ipc user pid uts cgroup time'
_cns_ls_relations='process parent owner'

_cns_spawn_options='--rootfs --name -d --detach --hostname -e --env -w --workdir -v --volume
	--net --net-pool --userns --init --no-init -m --memory --cpus --pids --cpuset --cgroup-set
	-h --help -V --version'
# The options of cns spawn that take an argument in the next word.
_cns_spawn_argument_options='--rootfs --name --hostname -e --env -w --workdir -v --volume
	--net --net-pool -m --memory --cpus --pids --cpuset --cgroup-set'
_cns_spawn_nets='none host veth'
_cns_ps_options='-a --all -J --json -n --noheadings -o --output -r --raw -u --notruncate
	-H --list-columns -h --help -V --version'
_cns_ps_columns='NAME ENGINE ID PID STATUS EXITCODE UPTIME NPROCS CGROUP MNTNS NETNS IPCNS USERNS
	PIDNS UTSNS CGROUPNS TIMENS COMMAND'
_cns_stop_options='-t --time -h --help -V --version'
_cns_rm_options='-f --force -h --help -V --version'

_cns_enter_options='-a --all -t --target --container -m --mount -u --uts -i --ipc -n --net
	-p --pid -C --cgroup -U --user --user-parent -T --time -S --setuid -G --setgid
	--preserve-credentials --keep-caps -r --root -w --wd -W --wdns -e --env -F --no-fork
	-c --join-cgroup -h --help -V --version'
# The options of cns enter that take an argument in the next word.
_cns_enter_argument_options='-t --target --container -S --setuid -G --setgid -W --wdns'

# Completes the last name of a comma-separated column list such as "+NS,TY", from the
# columns $2 (those of cns ls by default). Column names are matched in any case, as cns
# accepts them, and names already in the list are left out.
_cns_ls_complete_columns() {
	local list=$1 columns=${2:-$_cns_ls_columns} plus='' prefix last column
	local -a candidates=()

	if [[ $list == +* ]]; then
		plus=+
		list=${list#+}
	fi
	last=${list##*,}
	prefix=${list%"$last"}
	for column in $columns; do
		[[ ,${prefix^^} == *",$column,"* ]] && continue
		[[ $column == "${last^^}"* ]] && candidates+=("$plus$prefix$column")
	done
	COMPREPLY=("${candidates[@]}")
	# A column list goes on with a comma, so no space is added after a name.
	compopt -o nospace 2>/dev/null
	return 0
}

_cns_ls_complete_pids() {
	local -a pids=(/proc/[0-9]*)

	pids=("${pids[@]#/proc/}")
	mapfile -t COMPREPLY < <(compgen -W "${pids[*]}" -- "$1")
}

# Completes a namespace inode. The inodes come from "cns ls" itself, limited to the types
# given with -t on the command line. When that command fails, they come from the
# /proc/PID/ns links of the processes that this user may read.
_cns_ls_complete_inodes() {
	local cur=$1 cns=${COMP_WORDS[0]} i inodes
	local -a type_options=()

	cns=${cns/#\~/$HOME}
	for ((i = 2; i < COMP_CWORD - 1; i++)); do
		[[ ${COMP_WORDS[i]} == -t || ${COMP_WORDS[i]} == --type ]] || continue
		# "--type=net" reaches here as "--type", "=" and "net".
		[[ ${COMP_WORDS[i + 1]} == = ]] && ((i++))
		((i + 1 < COMP_CWORD)) && type_options+=(-t "${COMP_WORDS[i + 1]}")
	done
	inodes=$("$cns" ls -n -l -o NS "${type_options[@]}" 2>/dev/null) ||
		inodes=$(_cns_ls_read_inodes "${type_options[@]}")
	mapfile -t COMPREPLY < <(compgen -W "$inodes" -- "$cur")
}

# Prints the inodes in the /proc/PID/ns links that this user may read. The arguments are the
# "-t TYPE" options of the command line. Without them, every type is printed.
_cns_ls_read_inodes() {
	local types=" $* "

	# A link reads "net:[4026531833]": the type, a colon and the inode in brackets. find prints
	# the links itself, because a glob of every /proc/PID/ns/* can pass the argument size limit.
	find /proc -mindepth 3 -maxdepth 3 -path '/proc/[0-9]*/ns/*' -printf '%l\n' 2>/dev/null |
		awk -F : -v types="$types" 'types == "  " || index(types, " " $1 " ") {
			gsub(/[^0-9]/, "", $2)
			print $2
		}' | sort -u
}

# Completes the word after an option of cns ls that takes an argument. Returns 1 when the
# option takes none, so that the caller completes the word as an option or an inode.
_cns_ls_complete_argument() {
	local option=$1 cur=$2

	case $option in
	-o | --output)
		_cns_ls_complete_columns "$cur"
		;;
	-t | --type)
		mapfile -t COMPREPLY < <(compgen -W "$_cns_ls_types" -- "$cur")
		;;
	-p | --task)
		_cns_ls_complete_pids "$cur"
		;;
	-T | --tree)
		# cns also reads "-T owner" as "--tree=owner", so a relation may follow a space.
		# An option or an inode may follow too.
		[[ $cur == -* || $cur == [0-9]* ]] && return 1
		mapfile -t COMPREPLY < <(compgen -W "$_cns_ls_relations" -- "$cur")
		;;
	*)
		return 1
		;;
	esac
	return 0
}

_cns_ls() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}

	# bash splits "--tree=ow" into "--tree", "=" and "ow", because "=" is in COMP_WORDBREAKS.
	if [[ $cur == = ]]; then
		_cns_ls_complete_argument "$prev" "" && return 0
	elif [[ $prev == = ]] && ((COMP_CWORD >= 3)); then
		_cns_ls_complete_argument "${COMP_WORDS[COMP_CWORD - 2]}" "$cur" && return 0
	else
		_cns_ls_complete_argument "$prev" "$cur" && return 0
	fi

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$_cns_ls_options" -- "$cur")
		return 0
	fi
	_cns_ls_complete_inodes "$cur"
}

# Prints the program $1 in the directory of the program on the command line, COMP_WORDS[0],
# when that is a path such as "build/cgget", so that a build directory runs its own tools.
# Otherwise prints $1 alone, which runs from $PATH.
_cns_program_beside() {
	local program=${COMP_WORDS[0]/#\~/$HOME}

	if [[ $program == */* ]]; then
		echo "${program%/*}/$1"
	else
		echo "$1"
	fi
}

# Completes a container as the CONTAINER column of "cns ls" names it, such as
# "docker:a1ec30908939", with the cns program $1. bash splits such a word at the ":", which is
# in COMP_WORDBREAKS. So the words from index $2 of COMP_WORDS on are joined to match the whole
# name, and each reply is the part after the last ":", because bash replaces only the word
# after it. cns enter, cgget, cgset and cgls share this completion.
_cns_complete_containers() {
	local cns=${1/#\~/$HOME} first=$2 typed='' i names name
	local -a replies=()

	# "--container=" reaches here as "--container" and "=".
	[[ ${COMP_WORDS[first]} == = ]] && ((first++))
	for ((i = first; i <= COMP_CWORD; i++)); do
		typed+=${COMP_WORDS[i]}
	done
	names=$("$cns" ls -n -l -o CONTAINER 2>/dev/null | sort -u)
	for name in $names; do
		[[ $name == "$typed"* ]] || continue
		if [[ $typed == *:* ]]; then
			replies+=("${name#"${typed%:*}:"}")
		else
			replies+=("$name")
		fi
	done
	# --container also takes a name or an id prefix without the engine, as in "a1ec".
	if ((${#replies[@]} == 0)) && [[ $typed != *:* ]]; then
		for name in $names; do
			[[ ${name#*:} == "$typed"* ]] && replies+=("${name#*:}")
		done
	fi
	COMPREPLY=("${replies[@]}")
}

# Completes the argument of --container with the cns program $1, when the current word is part
# of it, and returns 1 otherwise. Index $2 of COMP_WORDS is the first word after the command
# and its subcommand, if any. bash splits "--container=docker:a1" into "--container", "=",
# "docker", ":" and "a1", because "=" and ":" are in COMP_WORDBREAKS.
_cns_complete_container_argument() {
	local cns=$1 first=$COMP_CWORD option

	# first goes back over the parts of a name split at ":" to the word where the name starts.
	while ((first > $2 + 1)) &&
		[[ ${COMP_WORDS[first]} == : || ${COMP_WORDS[first - 1]} == : ]]; do
		((first--))
	done
	if [[ ${COMP_WORDS[first]} == = ]]; then
		option=${COMP_WORDS[first - 1]}
	elif [[ ${COMP_WORDS[first - 1]} == = ]]; then
		option=${COMP_WORDS[first - 2]}
	else
		option=${COMP_WORDS[first - 1]}
	fi
	[[ $option == --container ]] || return 1
	_cns_complete_containers "$cns" "$first"
}

# Completes the word after an option of cns enter other than --container, which
# _cns_complete_container_argument completes. Returns 1 when the option takes no argument
# there, so that the caller completes the word as an option or a command.
_cns_enter_complete_argument() {
	local option=$1 cur=$2

	case $option in
	-t | --target)
		_cns_ls_complete_pids "$cur"
		;;
	-S | --setuid | -G | --setgid)
		mapfile -t COMPREPLY < <(compgen -W follow -- "$cur")
		;;
	-W | --wdns)
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		;;
	*)
		return 1
		;;
	esac
	return 0
}

# Completes the word after "=" of an option, such as "--net=/run/netns/" or "--target=12".
# Returns 1 for an option that takes no argument.
_cns_enter_complete_attached() {
	local option=$1 cur=$2

	case $option in
	-m | --mount | -u | --uts | -i | --ipc | -n | --net | -p | --pid | -C | --cgroup | \
		-U | --user | -T | --time)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		;;
	-r | --root | -w | --wd)
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		;;
	*)
		_cns_enter_complete_argument "$option" "$cur"
		return
		;;
	esac
	return 0
}

# Prints the index in COMP_WORDS of COMMAND, the first word that is neither an option nor an
# option's argument, or nothing when the words before the current one are all options.
_cns_enter_command_index() {
	local i word

	for ((i = 2; i < COMP_CWORD; i++)); do
		word=${COMP_WORDS[i]}
		if [[ $word == -- ]]; then
			((i + 1 < COMP_CWORD)) && echo $((i + 1))
			return
		fi
		if [[ ${COMP_WORDS[i + 1]} == = ]]; then
			# "--net=FILE" reaches here as "--net", "=" and "FILE".
			((i += 2))
		elif [[ $word == : ]]; then
			# The rest of a container name such as "docker:a1", split at the ":".
			((i++))
		elif [[ " $_cns_enter_argument_options " == *" $word "* ]]; then
			((i++))
		elif [[ $word != -* ]]; then
			echo "$i"
			return
		fi
	done
}

_cns_enter() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} command

	command=$(_cns_enter_command_index)
	if [ -n "$command" ]; then
		# The words after COMMAND are its own, and bash completes them as file names.
		compopt -o default 2>/dev/null
		return 0
	fi
	_cns_complete_container_argument "${COMP_WORDS[0]}" 2 && return 0

	if [[ $cur == = ]]; then
		_cns_enter_complete_attached "$prev" "" && return 0
	elif [[ $prev == = ]] && ((COMP_CWORD >= 3)); then
		_cns_enter_complete_attached "${COMP_WORDS[COMP_CWORD - 2]}" "$cur" && return 0
	else
		_cns_enter_complete_argument "$prev" "$cur" && return 0
	fi

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$_cns_enter_options" -- "$cur")
		return 0
	fi
	mapfile -t COMPREPLY < <(compgen -c -- "$cur" | sort -u)
}

# Prints the caller's state directory as cns chooses it: /run/cns for root, else
# $XDG_RUNTIME_DIR/cns when that is a directory of the caller's, else /tmp/cns-UID.
_cns_state_dir() {
	if [ "$EUID" -eq 0 ]; then
		echo /run/cns
	elif [[ $XDG_RUNTIME_DIR == /* && -d $XDG_RUNTIME_DIR && -O $XDG_RUNTIME_DIR ]]; then
		echo "$XDG_RUNTIME_DIR/cns"
	else
		echo "/tmp/cns-$EUID"
	fi
}

# Completes the names of the containers that cns spawn started, from their state records.
_cns_complete_spawned() {
	local dir
	dir=$(_cns_state_dir)
	local -a names=("$dir"/*.json)

	[ -e "${names[0]}" ] || return 0
	names=("${names[@]#"$dir"/}")
	mapfile -t COMPREPLY < <(compgen -W "${names[*]%.json}" -- "$1")
}

# Prints the index in COMP_WORDS of the command that cns spawn runs: the first word after the
# options and their arguments, or after "--". Prints nothing while there is none.
_cns_spawn_command_index() {
	local i word

	for ((i = 2; i < COMP_CWORD; i++)); do
		word=${COMP_WORDS[i]}
		if [[ $word == -- ]]; then
			echo $((i + 1))
			return
		elif [[ " $_cns_spawn_argument_options " == *" $word "* ]]; then
			((i++))
		elif [[ $word != -* ]]; then
			echo "$i"
			return
		fi
	done
}

_cns_spawn() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} command

	command=$(_cns_spawn_command_index)
	if [[ -n $command ]]; then
		# The command and its arguments: commands first, then files, as bash completes them.
		if ((COMP_CWORD == command)); then
			mapfile -t COMPREPLY < <(compgen -c -- "$cur" | sort -u)
		else
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		fi
		return 0
	fi
	case $prev in
	--rootfs | -w | --workdir)
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return 0
		;;
	-v | --volume)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return 0
		;;
	--net)
		mapfile -t COMPREPLY < <(compgen -W "$_cns_spawn_nets" -- "$cur")
		return 0
		;;
	--name | --hostname | -e | --env | --net-pool | -m | --memory | --cpus | --pids | \
		--cpuset | --cgroup-set)
		return 0
		;;
	esac
	mapfile -t COMPREPLY < <(compgen -W "$_cns_spawn_options" -- "$cur")
}

_cns_ps() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}

	if [[ $prev == -o || $prev == --output ]]; then
		_cns_ls_complete_columns "$cur" "$_cns_ps_columns"
		return 0
	fi
	mapfile -t COMPREPLY < <(compgen -W "$_cns_ps_options" -- "$cur")
}

# Completes cns stop and cns rm: options, and the names of the containers that cns started.
_cns_stop_rm() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} options=$1

	[[ $prev == -t || $prev == --time ]] && return 0
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
		return 0
	fi
	_cns_complete_spawned "$cur"
}

_cns() {
	local cur=${COMP_WORDS[COMP_CWORD]}

	COMPREPLY=()
	# help is not a subcommand of its own: "cns help COMMAND" prints "cns COMMAND --help".
	if ((COMP_CWORD == 1)); then
		mapfile -t COMPREPLY < <(compgen -W "$_cns_commands help $_cns_options" -- "$cur")
		return 0
	fi
	case ${COMP_WORDS[1]} in
	help)
		((COMP_CWORD == 2)) && mapfile -t COMPREPLY < <(compgen -W "$_cns_commands" -- "$cur")
		;;
	ls) _cns_ls ;;
	enter) _cns_enter ;;
	spawn) _cns_spawn ;;
	ps) _cns_ps ;;
	stop) _cns_stop_rm "$_cns_stop_options" ;;
	rm) _cns_stop_rm "$_cns_rm_options" ;;
	esac
	return 0
}

complete -F _cns cns
