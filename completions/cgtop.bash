# SPDX-License-Identifier: MIT
# bash completion for cgtop.
#
# It needs only bash, not the bash-completion package. tests/cli/docs.bats checks the option
# and sort column lists below against "cgtop --help".

_cgtop_options='-b --batch -n --iterations -d --delay --depth -o --order --flat -J --json
	--openmetrics -h --help -V --version'
_cgtop_sort_columns='path tasks cpu mem limit mem% read write psi-cpu psi-mem psi-io oom
	throttled io'

# Completes a cgroup path such as "/system.slice/do" from the groups of every cgroup mount,
# each with a trailing "/" so that the next level can follow.
_cgtop_complete_cgroups() {
	local cur=$1 mount dir
	local -a groups=()

	[[ $cur == /* ]] || cur=/$cur
	# The mount point is the fifth field of mountinfo, and the file system type follows the
	# "-" field, after the optional fields.
	while read -r mount; do
		while IFS= read -r dir; do
			groups+=("${dir#"$mount"}/")
		done < <(compgen -d -- "$mount$cur")
	done < <(awk '{
		for (i = 7; i < NF && $i != "-"; i++)
			;
		if ($(i + 1) == "cgroup" || $(i + 1) == "cgroup2")
			print $5
	}' /proc/self/mountinfo 2>/dev/null)
	mapfile -t COMPREPLY < <(printf '%s\n' ${groups[@]+"${groups[@]}"} | sort -u)
	compopt -o nospace 2>/dev/null
	return 0
}

# Completes the word after an option that takes an argument. Returns 1 when the option takes
# none, so that the caller completes the word as an option or a cgroup path.
_cgtop_complete_argument() {
	case $1 in
	-o | --order)
		mapfile -t COMPREPLY < <(compgen -W "$_cgtop_sort_columns" -- "$2")
		;;
	-n | --iterations | -d | --delay | --depth)
		# Numbers have no list to complete from.
		COMPREPLY=()
		;;
	*)
		return 1
		;;
	esac
	return 0
}

_cgtop() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}

	COMPREPLY=()
	# bash splits "--order=me" into "--order", "=" and "me", because "=" is in COMP_WORDBREAKS.
	if [[ $cur == = ]]; then
		_cgtop_complete_argument "$prev" "" && return 0
	elif [[ $prev == = ]] && ((COMP_CWORD >= 3)); then
		_cgtop_complete_argument "${COMP_WORDS[COMP_CWORD - 2]}" "$cur" && return 0
	else
		_cgtop_complete_argument "$prev" "$cur" && return 0
	fi

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$_cgtop_options" -- "$cur")
		return 0
	fi
	_cgtop_complete_cgroups "$cur"
}

complete -F _cgtop cgtop
