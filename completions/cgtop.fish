# SPDX-License-Identifier: MIT
# fish completion for cgtop.
#
# The sort columns come from "cgtop --help" and the groups from the live cgroup tree.
# tests/cli/completion-fish.bats checks the options against "cgtop --help".

# Prints the columns and their descriptions that the help of the cgtop on the command line lists
# under "Columns for --order:".
function __cgtop_complete_order
    set -l cgtop (string replace -r -- '^~(?=/|$)' $HOME (commandline -opc)[1])
    command -q -- $cgtop; or return 0
    command $cgtop --help 2>/dev/null | sed -n '/^Columns for --order:/,/^$/p' |
        string replace -r -f -- '^ (\S+) +(.*)$' '$1\t$2'
end

# Prints the groups below the cgroup path typed so far, such as "/system.slice/do", in every
# cgroup mount. Each ends in "/", so that fish adds no space and the next level can follow.
function __cgtop_complete_groups
    set -l typed (commandline -ct)
    string match -q -- '/*' $typed; or set typed /$typed
    set -l dir (string replace -r -- '[^/]*$' '' $typed)
    # The mount point is the fifth field of mountinfo, and the file system type follows the
    # "-" field, after the optional fields.
    for mount in (string replace -r -f -- '^(?:\S+ ){4}(\S+) .* - cgroup2? .*$' '$1' \
            </proc/self/mountinfo)
        for group in $mount$dir*/
            string replace -- $mount '' $group
        end
    end | sort -u
end

complete -c cgtop -f
complete -c cgtop -s b -l batch -d 'Print a table per iteration'
complete -c cgtop -s n -l iterations -x -d 'Stop after N iterations'
complete -c cgtop -s d -l delay -x -d 'Seconds between iterations'
complete -c cgtop -l depth -x -d 'Levels of groups below the top one'
complete -c cgtop -s o -l order -x -a '(__cgtop_complete_order)' -d 'Sort by COLUMN'
complete -c cgtop -l flat -d 'Show a flat list, not a tree'
complete -c cgtop -s J -l json -d 'Print a JSON document per iteration'
complete -c cgtop -l openmetrics -d 'Print in the OpenMetrics text format'
complete -c cgtop -s h -l help -d 'Display help'
complete -c cgtop -s V -l version -d 'Display version'
complete -c cgtop -a '(__cgtop_complete_groups)'
