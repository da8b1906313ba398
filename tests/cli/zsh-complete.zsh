# SPDX-License-Identifier: MIT
# Prints the candidates that zsh's completion system offers for a command line, one a line.
#
#   zsh -f tests/cli/zsh-complete.zsh FUNCTION-DIR LINE
#
# FUNCTION-DIR holds the completion functions to test, named as installed (_cns, _cgls ...).
# The script starts "zsh -f -i" in a pseudo-terminal with the zsh/zpty module, so that the
# line editor and the completion widgets run as they do for a user. That shell sources this
# file again with --setup, which loads compinit and replaces compadd with a function that
# records each word it adds. Then the script types LINE and a Tab. A function in
# comppostfuncs writes the words of that completion to a file, which the script prints.
# No command runs, because no newline follows LINE.

# The setup of the shell in the pseudo-terminal: $2 is the function directory, $3 the file for
# the candidates.
if [[ $1 == --setup ]]; then
	fpath=("$2" $fpath)
	autoload -Uz compinit
	# The first run writes a dump of the completion definitions, and later runs load it in
	# a fraction of the time that a scan of $fpath takes.
	if [[ -e $2/.zcompdump ]]; then
		compinit -u -C -d "$2/.zcompdump"
	else
		compinit -u -d "$2/.zcompdump"
	fi
	# _describe adds the options that share a description, such as -J and --json, through
	# compdescribe and not compadd, unless the matches are listed one a line.
	zstyle ':completion:*' list-grouped false
	typeset -ga _capture_words
	typeset -g _capture_file=$3
	# Errors of the completion functions go to a file that the script prints.
	exec 2>"$3.errors"

	# Adds the words as the builtin does, and records those that match the word being
	# completed. A call with -O, -A or -D stores words in an array and adds none, so it
	# records nothing.
	# NOTE: a call that adds a candidate spelled -O, -A or -D records none of its words.
	compadd() {
		local -a matched

		if (( ! ${argv[(I)-[OAD]]} )); then
			# With -O, compadd adds no match, so it returns 1.
			builtin compadd -O matched "$@"
			_capture_words+=("${matched[@]}")
		fi
		builtin compadd "$@"
	}

	_capture_begin() {
		_capture_words=()
	}

	# Writes the words, each once, then creates the file that the script waits for.
	_capture_end() {
		print -rl -- "${(@u)_capture_words}" >"$_capture_file.words"
		: >"$_capture_file.done"
	}
	compprefuncs=(_capture_begin)
	comppostfuncs=(_capture_end)
	PS1='> '
	return 0
fi

zmodload zsh/zpty zsh/zselect || exit 1

function_dir=$1
line=$2
capture=$(mktemp -d "${TMPDIR:-/tmp}/cns-test-zsh-complete-XXXXXX") || exit 1
result=$capture/result

zpty capture zsh -f -i || exit 1
zpty -w capture "source ${(q)0:A} --setup ${(q)function_dir} ${(q)result}"
zpty -w -n capture "$line"$'\t'

# Waits up to 60 seconds, reading what the shell prints so that its output never blocks it. A
# completion takes well under a second, but a sanitizer build on a loaded machine took over 10.
for (( i = 0; i < 6000; i++ )); do
	[[ -e $result.done ]] && break
	while zpty -r -t capture output; do
		:
	done
	zselect -t 1
done
zpty -d capture

if [[ ! -e $result.done ]]; then
	print -r -- "zsh-complete.zsh: no completion of '$line' within 60 seconds" >&2
	rm -rf -- "$capture"
	exit 1
fi
[[ -s $result.errors ]] && print -r -- "$(<$result.errors)" >&2
[[ -s $result.words ]] && print -r -- "$(<$result.words)"
rm -rf -- "$capture"
