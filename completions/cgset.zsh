#compdef cgset
# SPDX-License-Identifier: MIT
# zsh completion for cgset, installed as _cgset in a directory of $fpath. The completion of
# cgget, installed as _cgget next to it, completes both commands and tells them apart by
# $service.

_cgget "$@"
