# SPDX-License-Identifier: MIT
# bash completion for cns and its subcommands.
#
# It needs only bash, not the bash-completion package. tests/cli/docs.bats checks the option,
# column, type and relation lists below against the help and behaviour of build/cns.

_cns_commands='ls'
_cns_options='-h --help -V --version'

_cns_ls_options='-J --json -l --list -n --noheadings -o --output --output-all
	-P --persistent -p --task -r --raw -u --notruncate -W --nowrap -t --type -T --tree
	-H --list-columns -h --help -V --version'
_cns_ls_columns='NS TYPE PATH NPROCS PID PPID COMMAND UID USER NETNSID NSFS PNS ONS
	CONTAINER CGROUP'
_cns_ls_types='mnt net ipc user pid uts cgroup time'
_cns_ls_relations='process parent owner'

# Completes the last name of a comma-separated column list such as "+NS,TY". Column names
# are matched in any case, as cns accepts them, and names already in the list are left out.
_cns_ls_complete_columns() {
	local list=$1 plus='' prefix last column
	local -a candidates=()

	if [[ $list == +* ]]; then
		plus=+
		list=${list#+}
	fi
	last=${list##*,}
	prefix=${list%"$last"}
	for column in $_cns_ls_columns; do
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

_cns() {
	local cur=${COMP_WORDS[COMP_CWORD]}

	COMPREPLY=()
	if ((COMP_CWORD == 1)); then
		mapfile -t COMPREPLY < <(compgen -W "$_cns_commands $_cns_options" -- "$cur")
		return 0
	fi
	case ${COMP_WORDS[1]} in
	ls) _cns_ls ;;
	esac
	return 0
}

complete -F _cns cns
