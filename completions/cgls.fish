# SPDX-License-Identifier: MIT
# fish completion for cgls.
#
# Groups come from the live cgroup tree, controllers from /proc/self/cgroup and the cgroup v2
# root, containers from "cns ls" through the completion of cgget, installed next to this file.
# tests/cli/completion-fish.bats checks the options against "cgls --help" and the controllers
# against those that cgls accepts.

functions -q __cg_complete_containers; or source (status dirname)/cgget.fish

# Prints the file system type and the mount point of each cgroup and cgroup2 mount, one mount
# per line, from /proc/self/mountinfo. The type follows the "-" field, after the optional
# fields, whose number varies.
function __cgls_mounts
    string replace -r -f -- '^(?:\S+ ){4}(\S+) .* - (cgroup2?) .*$' '$2 $1' </proc/self/mountinfo
end

# Prints the names that --controller takes: the controllers of the v1 hierarchies as
# /proc/self/cgroup names them, "unified" for the cgroup v2 hierarchy, and the controllers of
# the cgroup v2 root.
function __cgls_controllers
    # A line reads "4:memory:/path", and "0::/path" for cgroup v2.
    string split -f 2 : </proc/self/cgroup | string match -v '' | string split ,
    __cgls_mounts | while read -l type mount
        test $type = cgroup2; or continue
        echo unified
        # The file is one line of names separated by spaces.
        string split -n ' ' <$mount/cgroup.controllers
        break
    end
end

# Prints the value typed for an option: the word being completed without "--cgroup=" or "-g".
function __cgls_option_value --argument-names short
    commandline -ct | string replace -r -- "^--[^=]*=|^-[^-]*?$short" ''
end

# Prints the groups below the cgroup path typed so far, such as "/system.slice/do", in every
# hierarchy, and the directories of a cgroup mount, such as "/sys/fs/cgroup/pids/ba". Each ends
# in "/", so that fish adds no space and the next level can follow.
function __cgls_complete_groups --argument-names short
    set -l typed (__cgls_option_value $short)
    string match -q -- '/*' $typed; or set typed /$typed
    set -l dir (string replace -r -- '[^/]*$' '' $typed)
    __cgls_mounts | while read -l type mount
        for group in $mount$dir*/
            string replace -- $mount '' $group
        end
        # A directory on the way to the mount or inside it.
        if string match -q -- "$mount/*" $typed; or begin
                test $typed != /; and string match -q -- "$typed*" $mount
            end
            printf '%s\n' $dir*/
        end
    end | sort -u
end

function __cgls_complete_pids
    # fish globs have no character classes, so the names are matched here.
    for pid in (string replace -r -f -- '^/proc/([0-9]+)$' '$1' /proc/*)
        read -l comm </proc/$pid/comm 2>/dev/null
        printf '%s\t%s\n' $pid "$comm"
    end
end

complete -c cgls -f
complete -c cgls -s g -l cgroup -x -a '(__cgls_complete_groups g)' -d 'Show the group PATH'
complete -c cgls -s p -l pid -x -a '(__cgls_complete_pids)' -d 'Show the group of process PID'
complete -c cgls -l container -x -a '(__cg_complete_containers)' \
    -d 'Show the group of a container'
complete -c cgls -l controller -x -a '(__cgls_controllers)' \
    -d 'Show only the hierarchy of a controller'
complete -c cgls -l depth -x -d 'Levels of groups below to show'
complete -c cgls -s a -l all -d 'Show groups without processes too'
complete -c cgls -s k -l kernel-threads -d 'Show kernel threads too'
complete -c cgls -l no-processes -d 'Show groups only'
complete -c cgls -s J -l json -d 'Use JSON output format'
complete -c cgls -s l -l full -d 'Do not truncate command lines'
complete -c cgls -l notruncate -d 'Do not truncate command lines'
complete -c cgls -s h -l help -d 'Display help'
complete -c cgls -s V -l version -d 'Display version'
complete -c cgls -a '(__cgls_complete_groups)'
