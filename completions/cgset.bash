# SPDX-License-Identifier: MIT
# bash completion for cgset. The completion of cgget, installed next to this file as "cgget"
# (or as cgget.bash in the source tree), completes both commands.

if [ -f "${BASH_SOURCE[0]%/*}/cgget.bash" ]; then
	# shellcheck source=cgget.bash
	. "${BASH_SOURCE[0]%/*}/cgget.bash"
else
	. "${BASH_SOURCE[0]%/*}/cgget"
fi
