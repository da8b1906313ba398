# SPDX-License-Identifier: MIT
# fish completion for cgget, and the helpers that the completion of cgset loads from this file.
#
# Setting keys come from "cgget --list-settings" and the files of the target group, cgroup
# paths and controllers from the live cgroup tree, containers from "cns ls". cgget and cns run
# from the directory of the tool on the command line when that is a path, such as
# build/cgset. tests/cli/completion-fish.bats checks the options against "cgget --help".

# Prints the mount point of every cgroup hierarchy, from /proc/self/mountinfo. The file system
# type follows the "-" field, after the optional fields.
function __cg_mounts
    string replace -r -f -- '^(?:\S+ ){4}(\S+) .* - cgroup2? .*$' '$1' </proc/self/mountinfo
end

# Prints the value typed for an option: the word being completed without "--cgroup=" or "-g".
function __cg_option_value --argument-names short
    commandline -ct | string replace -r -- "^--[^=]*=|^-[^-]*?$short" ''
end

# Prints the groups below the cgroup path $argv[1], such as "/system.slice/do", in every
# hierarchy.
function __cg_complete_paths --argument-names typed
    string match -q -- '/*' $typed; or set typed /$typed
    set -l dir (string replace -r -- '[^/]*$' '' $typed)
    for mount in (__cg_mounts)
        for group in $mount$dir*/
            string replace -r -- '/$' '' (string replace -- $mount '' $group)
        end
    end | sort -u
end

# Prints the mounted controllers: those of the v1 lines of /proc/self/cgroup, and those that
# the cgroup2 root lists in its cgroup.controllers.
function __cg_controllers
    # A line reads "4:memory:/path", and "0::/path" for cgroup v2.
    string split -f 2 : </proc/self/cgroup | string match -v '' | string split , |
        string match -v 'name=*'
    set -l mount (string replace -r -f -- '^(?:\S+ ){4}(\S+) .* - cgroup2 .*$' '$1' \
        </proc/self/mountinfo)[1]
    set -q mount[1]; and string split -n ' ' <$mount/cgroup.controllers 2>/dev/null
end

# Completes the argument of -g: "CONTROLLER:PATH", as libcgroup's cgget takes it, with the
# controllers before the ":" and the paths after it, or a path alone.
function __cg_complete_controller_path
    set -l typed (__cg_option_value g)
    if string match -q -- '*:*' $typed
        set -l controller (string split -m 1 -f 1 : -- $typed)
        printf "$controller:%s\n" (__cg_complete_paths (string split -m 1 -f 2 : -- $typed))
    else if string match -q -- '/*' $typed
        __cg_complete_paths $typed
    else
        printf '%s:\n' (__cg_controllers)
    end
end

function __cg_complete_pids
    # fish globs have no character classes, so the names are matched here.
    for pid in (string replace -r -f -- '^/proc/([0-9]+)$' '$1' /proc/*)
        read -l comm </proc/$pid/comm 2>/dev/null
        printf '%s\t%s\n' $pid "$comm"
    end
end

# Prints the program $argv[1] from the directory of the tool on the command line when that is a
# path, such as build/cgset, else $argv[1] alone, which runs from $PATH.
function __cg_program_beside --argument-names name
    set -l program (commandline -opc)[1]
    set -l beside $name
    string match -q -- '*/*' $program; and set beside (path dirname -- $program)/$name
    string replace -r -- '^~(?=/|$)' $HOME $beside
end

# Prints the containers as the CONTAINER column of "cns ls" names them, such as
# "docker:a1ec30908939". When none starts with the value typed and it has no ":", prints the
# names and id prefixes without the engine, which --container also takes.
function __cg_complete_containers
    set -l typed (commandline -ct | string replace -r -- '^--container=' '')
    set -l cns (__cg_program_beside cns)
    command -q -- $cns; or return 0
    set -l names (command $cns ls -n -l -o CONTAINER 2>/dev/null | string match -v '' | sort -u)
    if not string match -q -- "$typed*" $names; and not string match -q -- '*:*' $typed
        string replace -r -- '^[^:]*:' '' $names
        return
    end
    printf '%s\n' $names
end

# Prints the cgroup path that -g PATH names on the command line, or the path of the current
# directory when it is inside a cgroup mount.
function __cg_target_path
    set -l tokens (commandline -opc)
    for i in (seq 2 (count $tokens))
        set -l path
        switch $tokens[$i]
            case -g --cgroup
                set path $tokens[(math $i + 1)]
            case '--cgroup=*'
                set path (string replace -- --cgroup= '' $tokens[$i])
            case '-g?*'
                set path (string sub -s 3 -- $tokens[$i])
        end
        # "-g CONTROLLER:PATH" names files by their controller, not a group to read keys from.
        if set -q path[1]; and not string match -q -- '*:*' $path
            echo $path
            return
        end
    end
    for mount in (__cg_mounts)
        if test $PWD = $mount; or string match -q -- "$mount/*" $PWD
            string replace -- $mount '' $PWD
            return
        end
    end
end

# Prints the setting keys, each followed by $argv[1]: the settings that "cgget --list-settings"
# lists, with their descriptions, and the files of the target group. The cgget next to the cgget
# or cgset of the command line is asked, so that a build directory asks its own cgget. With
# "=" as $argv[1], for cgset, prints only the keys that cgset can write: the settings marked
# rw, and the files with the owner's write permission that are neither the v2 nor the v1 file
# of a read-only setting.
function __cg_complete_keys --argument-names suffix
    set -l cgget (__cg_program_beside cgget)
    set -l rows
    command -q -- $cgget; and set rows (command $cgget --list-settings -n 2>/dev/null)
    set -l read_only
    for row in $rows
        # A line holds the name, rw or ro, the v1 file and the description, in padded columns.
        set -l fields (string match -r -g -- '^(\S+) +(\S+) +(\S+) +(.*)$' $row)
        set -q fields[4]; or continue
        if test -z "$suffix"; or test $fields[2] = rw
            printf '%s%s\t%s\n' $fields[1] $suffix $fields[4]
        else
            set -a read_only $fields[1] $fields[3]
        end
    end
    set -l path (__cg_target_path)
    set -q path[1]; or return 0
    set -l permission
    test -n "$suffix"; and set permission -perm -u+w
    for mount in (__cg_mounts)
        find $mount/(string trim -l -c / -- $path) -mindepth 1 -maxdepth 1 -type f $permission \
            -printf '%f\n' 2>/dev/null
    end | while read -l file
        contains -- $file $read_only; or printf '%s%s\n' $file $suffix
    end
end

# Completes a word that is not an option's argument: a cgroup path when it starts with "/", else
# a key followed by $argv[1], unless it has a value after "=" already.
function __cg_complete_operand --argument-names suffix
    set -l typed (commandline -ct)
    if string match -q -- '/*' $typed
        __cg_complete_paths $typed
    else if not string match -q -- '*=*' $typed
        __cg_complete_keys $suffix
    end
end

complete -c cgget -f
complete -c cgget -s g -l cgroup -x -a '(__cg_complete_controller_path)' \
    -d 'Cgroup PATH, or CONTROLLER:PATH'
complete -c cgget -s p -l pid -x -a '(__cg_complete_pids)' -d 'The cgroup of process PID'
complete -c cgget -l container -x -a '(__cg_complete_containers)' -d 'The cgroup of a container'
complete -c cgget -s r -l variable -x -a '(__cg_complete_keys "")' -d 'Print KEY for each PATH'
complete -c cgget -s a -l all -d 'Print every file of every hierarchy'
complete -c cgget -s n -l noheadings -d 'Print no headings'
complete -c cgget -s v -l values-only -d 'Print only the values'
complete -c cgget -l raw -d 'Print values as the kernel shows them'
complete -c cgget -s J -l json -d 'Use JSON output format'
complete -c cgget -s m -l mode -d 'Print the cgroup layout and hierarchies'
complete -c cgget -l list-settings -d 'List the settings that cgget and cgset translate'
complete -c cgget -s h -l help -d 'Display help'
complete -c cgget -s V -l version -d 'Display version'
complete -c cgget -a '(__cg_complete_operand "")'
