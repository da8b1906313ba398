# SPDX-License-Identifier: MIT
# fish completion for cgset. It loads its helpers from the completion of cgget, installed next
# to this file.
#
# tests/cli/completion-fish.bats checks the options against "cgset --help".

functions -q __cg_complete_keys; or source (status dirname)/cgget.fish

complete -c cgset -f
complete -c cgset -s g -l cgroup -x -a '(__cg_complete_paths (__cg_option_value g))' \
    -d 'The cgroup at PATH'
complete -c cgset -s p -l pid -x -a '(__cg_complete_pids)' -d 'The cgroup of process PID'
complete -c cgset -l container -x -a '(__cg_complete_containers)' -d 'The cgroup of a container'
complete -c cgset -s r -l variable -x -a '(__cg_complete_keys =)' -d 'Set KEY to VALUE'
complete -c cgset -s c -l create -d 'Create the cgroup first, where it is missing'
complete -c cgset -l remove -d 'Remove the cgroup, which must be empty'
complete -c cgset -s h -l help -d 'Display help'
complete -c cgset -s V -l version -d 'Display version'
complete -c cgset -a '(__cg_complete_operand =)'
