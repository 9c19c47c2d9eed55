#!/usr/bin/env zsh
# Asks a real interactive zsh (in a zsh/zpty pseudo-terminal, with compinit) for the completions of
# a command line, and prints each candidate on its own line.
# Usage: zsh-complete.zsh <fpath dir> <line> [<dump dir>]
# compinit scans every completion function on the fpath to write its dump, which takes seconds; given
# a dump folder, calls after the first reuse the dump written there (compinit rescans when the fpath
# changes: https://zsh.sourceforge.io/Doc/Release/Completion-System.html#Use-of-compinit).
# Candidates are captured by wrapping compadd, which every completion function ends up calling.
zmodload zsh/zpty || exit 2
fdir=$1 line=$2
# compinit writes its dump file where -d says: a scratch file, never a device such as /dev/null
# (as root, compinit would replace /dev/null with a regular file).
dumpdir=${3:-$(mktemp -d)}
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
  sleep 0.05
done
zpty -w -n z "$line"$'\t'
# zsh reads keys in order: the line is cleared (Ctrl-U) and the marker printed only once the
# completion (which may run sigma-support itself) has finished, however long that takes.
zpty -w z $'\025'"print '<<'done'>>'"
out=''
n=0
while (( n++ < 1200 )); do
  zpty -r -t z chunk && out+=$chunk
  [[ $out == *'<<done>>'* ]] && break
  sleep 0.05
done
zpty -d z
[[ -z $3 ]] && rm -rf $dumpdir
print -r -- $out | grep -o '<<hits>>[^<]*<<end>>' | sed 's/<<hits>>//; s/<<end>>//' | tr '|' '\n' | sort -u
