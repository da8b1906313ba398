#compdef cgtop
# SPDX-License-Identifier: MIT
# zsh completion for cgtop, installed as _cgtop in a directory of $fpath.
#
# The sort columns come from the help of the cgtop on the command line, and the groups from
# the live cgroup mounts. tests/cli/completion-zsh.bats checks the option list below against
# "cgtop --help".

# Completes a sort column from the "Columns for --order:" table of "cgtop --help", which runs
# to the next empty line.
(( $+functions[_cgtop_sort_columns] )) || _cgtop_sort_columns() {
	local line in_table=0
	local -a fields columns

	for line in "${(@f)$(_call_program columns ${(q)cgtop_program} --help 2>/dev/null)}"; do
		if [[ $line == 'Columns for --order:' ]]; then
			in_table=1
		elif [[ -z $line ]]; then
			in_table=0
		elif (( in_table )); then
			fields=(${=line})
			columns+=("$fields[1]:${fields[2,-1]}")
		fi
	done
	_describe -t columns 'sort column' columns
}

# Prints the mount point of each cgroup and cgroup2 mount, one a line, from
# /proc/self/mountinfo. The file system type is the field after the "-" separator, because the
# optional fields before it vary in number.
(( $+functions[_cgtop_mounts] )) || _cgtop_mounts() {
	local line separator
	local -a fields

	for line in "${(@f)$(</proc/self/mountinfo)}"; do
		fields=(${=line})
		separator=${fields[(i)-]}
		[[ $fields[separator+1] == cgroup(|2) ]] && print -r -- $fields[5]
	done
}

# Completes a cgroup path such as "/system.slice/ss" from the groups of every hierarchy.
(( $+functions[_cgtop_groups] )) || _cgtop_groups() {
	local expl
	local -a mounts=(${(f)"$(_cgtop_mounts)"})

	compset -P '/'
	_wanted cgroups expl 'cgroup' _path_files -W mounts -/
}

_cgtop() {
	local cgtop_program=${words[1]/#\~/$HOME}

	_arguments -s -S \
		'(-b --batch)'{-b,--batch}'[print a table per iteration instead of a full screen]' \
		'(-n --iterations)'{-n+,--iterations=}'[stop after N iterations]:iterations: ' \
		'(-d --delay)'{-d+,--delay=}'[wait SECONDS between iterations]:seconds: ' \
		'--depth=[show N levels of groups below the top one]:levels: ' \
		'(-o --order)'{-o+,--order=}'[sort by COLUMN]:sort column:_cgtop_sort_columns' \
		'--flat[show a flat list sorted by the order column, not a tree]' \
		'(-J --json --openmetrics)'{-J,--json}'[print a JSON document per iteration]' \
		'(-J --json)--openmetrics[print in the OpenMetrics text format]' \
		'(- *)'{-h,--help}'[display this help]' \
		'(- *)'{-V,--version}'[display version]' \
		'1::cgroup:_cgtop_groups'
}

_cgtop "$@"
