# SPDX-License-Identifier: MIT
# fish completion for cns and its subcommands.
#
# Columns come from "cns ls -H" and "cns ps -H", containers from "cns ls" and "cns ps", run
# with the cns of the command line. tests/cli/completion-fish.bats checks the options and the
# fixed lists below against the help and behaviour of build/cns.

set -g __cns_commands ls enter spawn ps stop rm
set -g __cns_ls_types mnt net ipc user pid uts cgroup time
set -g __cns_ls_relations process parent owner
# The options that take an argument in the next word, so that the word after them is not
# COMMAND.
set -g __cns_enter_argument_options -t --target --container -S --setuid -G --setgid -W --wdns
set -g __cns_spawn_argument_options --rootfs --name --hostname -e --env -w --workdir \
    -v --volume --net --net-pool -m --memory --cpus --pids --cpuset --cgroup-set

# Runs the cns of the command line, such as ./build/cns, with the arguments, and fails when
# there is no such program.
function __cns_run
    set -l cns (string replace -r -- '^~(?=/|$)' $HOME (commandline -opc)[1])
    command -q -- $cns; or return 127
    command $cns $argv 2>/dev/null
end

# Prints the subcommand of the command line: the first word after cns that is not an option.
function __cns_subcommand
    for token in (commandline -opc)[2..-1]
        if not string match -q -- '-*' $token
            echo $token
            return 0
        end
    end
    return 1
end

# Succeeds when the subcommand of the command line is $argv[1]. Unlike
# __fish_seen_subcommand_from, it does not take COMMAND of "cns enter ls" for a subcommand.
function __cns_using_command --argument-names command
    test "$(__cns_subcommand)" = "$command"
end

# Succeeds when the word before the one being completed is one of the arguments.
function __cns_previous_word_is
    set -l tokens (commandline -opc)
    test (count $tokens) -ge 2; and contains -- $tokens[-1] $argv
end

# Prints the index in the command line of COMMAND of "cns enter" or "cns spawn": the first
# word after the subcommand that is neither an option nor the argument of one, or the word
# after "--". The options that take an argument in the next word are the arguments.
# Fails while the words before the one being completed are all options.
function __cns_command_index
    set -l tokens (commandline -opc)
    set -l i 3
    while test $i -le (count $tokens)
        set -l token $tokens[$i]
        if test "$token" = --
            set -l next (math $i + 1)
            test $next -le (count $tokens); or set next (math (count $tokens) + 1)
            echo $next
            return 0
        else if contains -- $token $argv
            set i (math $i + 1)
        else if not string match -q -- '-*' $token
            echo $i
            return 0
        end
        set i (math $i + 1)
    end
    return 1
end

# Succeeds while "cns enter" or "cns spawn" ($argv[1]) has no COMMAND before the word being
# completed, so that its options are offered.
function __cns_before_command --argument-names command
    __cns_using_command $command; or return 1
    set -l options __cns_{$command}_argument_options
    not __cns_command_index $$options >/dev/null
end

# Completes the word being completed as a command of its own, or as one of its arguments, once
# "cns enter" or "cns spawn" ($argv[1]) has COMMAND.
function __cns_complete_command --argument-names command
    set -l options __cns_{$command}_argument_options
    set -l tokens (commandline -opc)
    set -l index (__cns_command_index $$options)
    or begin
        __fish_complete_command
        return
    end
    if test $index -gt (count $tokens)
        __fish_complete_command
        return
    end
    complete -C "$(string escape -- $tokens[$index..-1] | string join ' ') $(commandline -ct)"
end

# Prints the value typed for an option: the word being completed without "--output=" or "-o".
function __cns_option_value --argument-names short
    commandline -ct | string replace -r -- "^--[^=]*=|^-[^-]*?$short" ''
end

# Completes the last name of a comma-separated column list such as "+NS,TY", with the columns
# and their descriptions from "cns $argv[1] -H". Names already in the list are left out.
function __cns_complete_columns --argument-names command
    set -l list (__cns_option_value o)
    set -l plus ''
    if string match -q -- '+*' $list
        set plus +
        set list (string sub -s 2 -- $list)
    end
    set -l prefix (string replace -r -- '[^,]*$' '' $list)
    set -l typed (string split -- , (string upper -- $prefix))
    # "-H --raw" prints a line per column: the name, the JSON type and the description with
    # each space written as \x20.
    __cns_run $command -H --raw | while read -l name type description
        contains -- $name $typed; and continue
        printf '%s%s%s\t%s\n' $plus $prefix $name (string replace -a '\x20' ' ' -- $description)
    end
end

# Prints the pids of the processes in /proc, each with its command name.
function __cns_complete_pids
    # fish globs have no character classes, so the names are matched here.
    for pid in (string replace -r -f -- '^/proc/([0-9]+)$' '$1' /proc/*)
        read -l comm </proc/$pid/comm 2>/dev/null
        printf '%s\t%s\n' $pid "$comm"
    end
end

# Prints the network modes of "cns spawn --net".
function __cns_complete_nets
    printf '%s\t%s\n' none 'no network' host 'the host network' \
        veth 'a veth pair to the host, or veth:ADDR/PREFIX'
end

# Prints the namespace inodes for "cns ls INODE", each with its type, from "cns ls" itself and
# limited to the types given with -t. When that fails, they come from the /proc/PID/ns links
# of the processes that this user may read.
function __cns_complete_inodes
    set -l types
    set -l tokens (commandline -opc)
    for i in (seq 2 (count $tokens))
        switch $tokens[$i]
            case -t --type
                set -q tokens[(math $i + 1)]; and set -a types $tokens[(math $i + 1)]
            case '--type=*'
                set -a types (string replace -- --type= '' $tokens[$i])
            case '-t?*'
                set -a types (string sub -s 3 -- $tokens[$i])
        end
    end
    set -l type_options
    for type in $types
        set -a type_options -t $type
    end
    set -l rows (__cns_run ls -n -r -l -o NS,TYPE $type_options)
    if test $status -eq 0
        string replace -r -- ' ' \t $rows
        return
    end
    # A link reads "net:[4026531833]": the type, a colon and the inode in brackets.
    find /proc -mindepth 3 -maxdepth 3 -path '/proc/[0-9]*/ns/*' -printf '%l\n' 2>/dev/null |
        string replace -r -- '^([a-z_]+):\[([0-9]+)\]$' '$2 $1' | sort -u |
        while read -l inode type
            test (count $types) -eq 0; or contains -- $type $types; or continue
            printf '%s\t%s\n' $inode $type
        end
end

# Prints the containers as the CONTAINER column of "cns ls" names them, such as
# "docker:a1ec30908939". When none starts with the value typed and it has no ":", prints the
# names and id prefixes without the engine, which "cns enter --container" also takes.
function __cns_complete_containers
    set -l typed (__cns_option_value '')
    set -l names (__cns_run ls -n -l -o CONTAINER | string match -v '' | sort -u)
    set -q names[1]; or return 0
    set -l matches (string match -- "$typed*" $names)
    if test (count $matches) -eq 0; and not string match -q -- '*:*' $typed
        printf '%s\tcontainer\n' (string replace -r -- '^[^:]*:' '' $names)
        return
    end
    printf '%s\tcontainer\n' $names
end

# Prints the names of the containers that cns spawn started, from "cns ps -a", each with its
# status, such as "exited (3)", which the raw output writes "exited\x20(3)".
function __cns_complete_spawned
    __cns_run ps -a -n -r -o ENGINE,NAME,STATUS | while read -l engine name state
        test "$engine" = cns; and printf '%s\t%s\n' $name (string unescape -- $state)
    end
end

complete -c cns -f

# cns
complete -c cns -n __fish_use_subcommand -s h -l help -d 'Display help'
complete -c cns -n __fish_use_subcommand -s V -l version -d 'Display version'
complete -c cns -n __fish_use_subcommand -a ls -d 'List namespaces and their containers'
complete -c cns -n __fish_use_subcommand -a enter -d 'Run a command in the namespaces of a process'
complete -c cns -n __fish_use_subcommand -a spawn -d 'Start a container from a root filesystem'
complete -c cns -n __fish_use_subcommand -a ps -d 'List the running containers'
complete -c cns -n __fish_use_subcommand -a stop -d 'Stop a container that cns started'
complete -c cns -n __fish_use_subcommand -a rm -d 'Remove a stopped container that cns started'
# help is not a subcommand of its own: "cns help COMMAND" prints "cns COMMAND --help".
complete -c cns -n __fish_use_subcommand -a help -d 'Print the help of cns or of a command'
complete -c cns -n '__cns_using_command help; and test (count (commandline -opc)) -eq 2' \
    -a "$__cns_commands"

# cns ls
set -l ls '__cns_using_command ls'
complete -c cns -n $ls -s J -l json -d 'Use JSON output format'
complete -c cns -n $ls -s l -l list -d 'Use list format output'
complete -c cns -n $ls -s n -l noheadings -d 'Do not print headings'
complete -c cns -n $ls -s o -l output -x -a '(__cns_complete_columns ls)' -d 'Output these columns'
complete -c cns -n $ls -l output-all -d 'Output all columns'
complete -c cns -n $ls -s P -l persistent -d 'Only namespaces without processes'
complete -c cns -n $ls -s p -l task -x -a '(__cns_complete_pids)' -d 'Only the namespaces of PID'
complete -c cns -n $ls -s r -l raw -d 'Use the raw output format'
complete -c cns -n $ls -s u -l notruncate -d 'Do not truncate text in columns'
complete -c cns -n $ls -s W -l nowrap -d 'Print multi-line cells on one line'
complete -c cns -n $ls -s t -l type -x -a "$__cns_ls_types" -d 'Namespace type'
# The relation is optional: "--tree=owner". cns also reads "-T owner" as a relation.
complete -c cns -n $ls -s T -l tree -a "$__cns_ls_relations" -d 'Show a tree by relation'
complete -c cns -n "$ls; and __cns_previous_word_is -T --tree" -a "$__cns_ls_relations" \
    -d 'Relation of the tree'
complete -c cns -n $ls -s H -l list-columns -d 'List the output columns'
complete -c cns -n $ls -s h -l help -d 'Display help'
complete -c cns -n $ls -s V -l version -d 'Display version'
complete -c cns -n "$ls; and not __cns_previous_word_is -T --tree" -a '(__cns_complete_inodes)'

# cns enter
set -l enter '__cns_before_command enter'
complete -c cns -n $enter -s a -l all -d 'Enter every namespace of the target'
complete -c cns -n $enter -s t -l target -x -a '(__cns_complete_pids)' -d 'Process to enter'
complete -c cns -n $enter -l container -x -a '(__cns_complete_containers)' \
    -d 'Container to enter'
# A namespace option takes a FILE only after "=", as in "--net=/run/netns/NAME".
complete -c cns -n $enter -s m -l mount -F -d 'Enter the mount namespace'
complete -c cns -n $enter -s u -l uts -F -d 'Enter the UTS namespace'
complete -c cns -n $enter -s i -l ipc -F -d 'Enter the System V IPC namespace'
complete -c cns -n $enter -s n -l net -F -d 'Enter the network namespace'
complete -c cns -n $enter -s p -l pid -F -d 'Enter the pid namespace'
complete -c cns -n $enter -s C -l cgroup -F -d 'Enter the cgroup namespace'
complete -c cns -n $enter -s U -l user -F -d 'Enter the user namespace'
complete -c cns -n $enter -l user-parent -d 'Enter the parent of the user namespace'
complete -c cns -n $enter -s T -l time -F -d 'Enter the time namespace'
complete -c cns -n $enter -s S -l setuid -x -a follow -d 'Set the user id'
complete -c cns -n $enter -s G -l setgid -x -a follow -d 'Set the group id'
complete -c cns -n $enter -l preserve-credentials -d 'Keep the user and group ids'
complete -c cns -n $enter -l keep-caps -d 'Keep the capabilities of the user namespace'
complete -c cns -n $enter -s r -l root -a '(__fish_complete_directories)' \
    -d 'Set the root directory'
complete -c cns -n $enter -s w -l wd -a '(__fish_complete_directories)' \
    -d 'Set the working directory'
complete -c cns -n $enter -s W -l wdns -x -a '(__fish_complete_directories)' \
    -d 'Set the working directory in the namespaces'
complete -c cns -n $enter -s e -l env -d 'Take the environment of the target'
complete -c cns -n $enter -s F -l no-fork -d 'Do not fork before running COMMAND'
complete -c cns -n $enter -s c -l join-cgroup -d 'Join the cgroups of the target'
complete -c cns -n $enter -s h -l help -d 'Display help'
complete -c cns -n $enter -s V -l version -d 'Display version'
complete -c cns -n '__cns_using_command enter' -a '(__cns_complete_command enter)'

# cns spawn
set -l spawn '__cns_before_command spawn'
complete -c cns -n $spawn -l rootfs -x -a '(__fish_complete_directories)' \
    -d 'Root filesystem of the container'
complete -c cns -n $spawn -l name -x -d 'Name the container'
complete -c cns -n $spawn -s d -l detach -d 'Print the name and return'
complete -c cns -n $spawn -l hostname -x -d 'Hostname inside'
complete -c cns -n $spawn -s e -l env -x -d 'Set an environment variable (KEY=VALUE, or KEY for the caller'\''s value)'
complete -c cns -n $spawn -s w -l workdir -x -a '(__fish_complete_directories)' \
    -d 'Working directory inside'
complete -c cns -n $spawn -s v -l volume -r -F -d 'Bind-mount SRC on DST (SRC:DST[:ro|:rw])'
complete -c cns -n $spawn -l net -x -a '(__cns_complete_nets)' -d 'Network mode'
complete -c cns -n $spawn -l net-pool -x -d 'Take veth addresses from CIDR'
complete -c cns -n $spawn -l userns -d 'Map your uid and gid to 0 in a user namespace'
complete -c cns -n $spawn -l init -d 'Run an init as PID 1 (the default)'
complete -c cns -n $spawn -l no-init -d 'Run the command as PID 1'
complete -c cns -n $spawn -s m -l memory -x -d 'memory.max, such as 512M'
complete -c cns -n $spawn -l cpus -x -d "cpu.max: N.N CPUs' worth of time"
complete -c cns -n $spawn -l pids -x -d pids.max
complete -c cns -n $spawn -l cpuset -x -d 'cpuset.cpus, such as 0-1'
complete -c cns -n $spawn -l cgroup-set -x -d 'Any setting that cgset takes (KEY=VALUE)'
complete -c cns -n $spawn -s h -l help -d 'Display help'
complete -c cns -n $spawn -s V -l version -d 'Display version'
complete -c cns -n '__cns_using_command spawn' -a '(__cns_complete_command spawn)'

# cns ps
set -l ps '__cns_using_command ps'
complete -c cns -n $ps -s a -l all -d 'Also list the exited containers'
complete -c cns -n $ps -s J -l json -d 'Use JSON output format'
complete -c cns -n $ps -s n -l noheadings -d 'Do not print headings'
complete -c cns -n $ps -s o -l output -x -a '(__cns_complete_columns ps)' -d 'Output these columns'
complete -c cns -n $ps -s r -l raw -d 'Use the raw output format'
complete -c cns -n $ps -s u -l notruncate -d 'Do not truncate text in columns'
complete -c cns -n $ps -s H -l list-columns -d 'List the output columns'
complete -c cns -n $ps -s h -l help -d 'Display help'
complete -c cns -n $ps -s V -l version -d 'Display version'

# cns stop and cns rm
set -l stop '__cns_using_command stop'
complete -c cns -n $stop -s t -l time -x -d 'Seconds to wait after SIGTERM'
complete -c cns -n $stop -s h -l help -d 'Display help'
complete -c cns -n $stop -s V -l version -d 'Display version'
complete -c cns -n $stop -a '(__cns_complete_spawned)'
set -l rm '__cns_using_command rm'
complete -c cns -n $rm -s f -l force -d 'Stop a running container first'
complete -c cns -n $rm -s h -l help -d 'Display help'
complete -c cns -n $rm -s V -l version -d 'Display version'
complete -c cns -n $rm -a '(__cns_complete_spawned)'
