#!/usr/bin/env zsh
# Asks a real interactive zsh (in a zsh/zpty pseudo-terminal, with compinit) for the completions of
# command lines, one after the other in the same shell, and prints each candidate on its own line,
# then a line <<next>> after each command line's candidates.
# Usage: zsh-complete.zsh <fpath dir> <dump dir> <line>...
# compinit scans every completion function on the fpath to write its dump, which takes seconds; given
# a dump folder, a later call reuses the dump written there (compinit rescans when the fpath
# changes: https://zsh.sourceforge.io/Doc/Release/Completion-System.html#Use-of-compinit).
# Candidates are captured by wrapping compadd, which every completion function ends up calling.
zmodload zsh/zpty || exit 2
# zselect -t waits in hundredths of a second without starting a process, as `sleep` would
zmodload zsh/zselect || exit 2
fdir=$1 dumpdir=$2
shift 2
# compinit writes its dump file where -d says: a scratch file, never a device such as /dev/null
# (as root, compinit would replace /dev/null with a regular file).
dump=$dumpdir/zcompdump
zpty z zsh -f -i
zpty -w z "PS1='READY> '; fpath=($fdir \$fpath); autoload -Uz compinit; compinit -u -d $dump"
zpty -w z 'compadd () { local -a __hits; builtin compadd -O __hits "$@"; (( $#__hits )) && print -r -- "<<hits>>${(j:|:)__hits}<<end>>"; builtin compadd "$@" }'
zpty -w z "zstyle ':completion:*' list-prompt ''; zstyle ':completion:*' menu no; unsetopt ALWAYS_LAST_PROMPT"
zpty -w z "print '<<ready>>'"
out=''
integer n=0
while (( n++ < 200 )); do
  zpty -r -t z chunk && out+=$chunk
  [[ $out == *'<<ready>>'*'<<ready>>'* || $out == *$'\n<<ready>>'* ]] && break
  zselect -t 5
done
for line in "$@"; do
  zpty -w -n z "$line"$'\t'
  # zsh reads keys in order: the line is cleared (Ctrl-U) and the marker printed only once the
  # completion (which may run sigma-support itself) has finished, however long that takes. The
  # next line is typed at a new prompt, so no completion state carries over to it.
  zpty -w z $'\025'"print '<<'done'>>'"
  out=''
  n=0
  while (( n++ < 1200 )); do
    zpty -r -t z chunk && out+=$chunk
    [[ $out == *'<<done>>'* ]] && break
    zselect -t 5
  done
  print -r -- $out | grep -o '<<hits>>[^<]*<<end>>' | sed 's/<<hits>>//; s/<<end>>//' | tr '|' '\n' | sort -u
  print -r -- '<<next>>'
done
zpty -d z
