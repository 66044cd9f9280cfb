# bash completion for kam, the key-account rules engine.
#
# Use it by sourcing it from ~/.bashrc:
#     . /path/to/kam/completions/kam.bash
# or install it where bash-completion loads it on demand:
#     cp completions/kam.bash ~/.local/share/bash-completion/completions/kam
#     cp completions/kam.bash /usr/share/bash-completion/completions/kam   # system-wide
#
# It completes the commands, each command's options, the --format values each
# command accepts, *.db files after --db and --out, *.html after -o, run ids
# after --run (read from the --db database when sqlite3 is installed), and .kam
# files and directories for PATH arguments, including REV:PATH from git.
# It needs nothing but bash; the bash-completion package is not required.

_kam_commands="check fmt run explain diff test report alerts ack runs prune lsp help"

# _kam_options COMMAND: the options COMMAND accepts.
_kam_options() {
  case $1 in
    check)   echo "--db --strict --help" ;;
    fmt)     echo "-w --write --check --help" ;;
    run)     echo "--db --out --as-of --dry-run --jobs --format --busy-timeout --help" ;;
    explain) echo "--db --out --account --as-of --format --members --help" ;;
    diff)    echo "--db --out --as-of --format --jobs --help" ;;
    test)    echo "--db --coverage --coverage-min --format --help" ;;
    report)  echo "--db --run -o --output --help" ;;
    lsp)     echo "--db --help" ;;
    alerts)  echo "--db --state --severity --format --busy-timeout --help" ;;
    ack)     echo "--db --note --by --until --busy-timeout --help" ;;
    runs)    echo "--db --format --busy-timeout --help" ;;
    prune)   echo "--db --keep --before --dry-run --busy-timeout --help" ;;
  esac
}

# _kam_formats COMMAND: the values of COMMAND's --format.
_kam_formats() {
  case $1 in
    run)     echo "summary jsonl csv" ;;
    explain) echo "text json" ;;
    diff)    echo "text markdown json" ;;
    test)    echo "text json" ;;
    alerts)  echo "text markdown csv jsonl" ;;
    runs)    echo "text csv jsonl" ;;
  esac
}

# _kam_add_files WORD EXT...: directories and files ending in .EXT that start
# with WORD, appended to COMPREPLY.
_kam_add_files() {
  local word=$1 f ext IFS=$'\n'
  shift
  compopt -o filenames 2>/dev/null   # only inside a real completion
  for f in $(compgen -f -- "$word"); do
    # hidden files only when asked for (.git, .ci are no rule sets)
    [[ ${f##*/} == .* && ${word##*/} != .* ]] && continue
    if [[ -d $f ]]; then COMPREPLY+=("$f"); continue; fi
    for ext in "$@"; do
      if [[ $f == *."$ext" ]]; then COMPREPLY+=("$f"); break; fi
    done
  done
}

# _kam_add_git_paths REV:PREFIX: .kam files and directories of a git revision.
_kam_add_git_paths() {
  local word=$1 rev path dir type name IFS=$'\n'
  rev=${word%%:*} path=${word#*:}
  command -v git >/dev/null 2>&1 || return
  dir=
  [[ $path == */* ]] && dir=${path%/*}/
  # REV:PATH names a path from the top of the repository, as git does.
  while IFS=$' \t' read -r _ type _ name; do
    name=$dir$name
    [[ $name == "$path"* ]] || continue
    if [[ $type == tree ]]; then COMPREPLY+=("$rev:$name/")
    elif [[ $name == *.kam ]]; then COMPREPLY+=("$rev:$name")
    fi
  done < <(git ls-tree "$rev:$dir" 2>/dev/null)
  compopt -o nospace 2>/dev/null
}

# _kam_word_after OPTION: the value given to OPTION earlier on the line.
_kam_word_after() {
  local i
  for ((i = 2; i < COMP_CWORD; i++)); do
    if [[ ${COMP_WORDS[i]} == "$1" ]]; then echo "${COMP_WORDS[i + 1]-}"; return; fi
  done
}

_kam() {
  local cur prev cmd line opt i used
  COMPREPLY=()
  # The word under the cursor, read from the line when bash gives it, so that a
  # REV:PATH stays one word even though ':' is in COMP_WORDBREAKS.
  if [[ -n ${COMP_LINE-} && -n ${COMP_POINT-} ]]; then
    line=${COMP_LINE:0:COMP_POINT}
    cur=${line##*[[:space:]]}
    line=${line%"$cur"}
    line=${line%"${line##*[![:space:]]}"}
    prev=${line##*[[:space:]]}
  else
    cur=${COMP_WORDS[COMP_CWORD]-}
    prev=
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]-}
  fi

  if ((COMP_CWORD <= 1)); then
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "--help --version" -- "$cur"))
    else
      COMPREPLY=($(compgen -W "$_kam_commands" -- "$cur"))
    fi
    return 0
  fi
  cmd=${COMP_WORDS[1]}
  case $cmd in
    check|fmt|run|explain|diff|test|report|lsp) ;;
    check|fmt|run|explain|diff|test|report|alerts|ack|runs|prune) ;;
    *) return 0 ;;   # help, --help, --version, or a command kam does not know
  esac

  case $prev in
    --db|--out)
      _kam_add_files "$cur" db sqlite sqlite3
      return 0 ;;
    -o|--output)
      _kam_add_files "$cur" html htm
      return 0 ;;
    --format)
      COMPREPLY=($(compgen -W "$(_kam_formats "$cmd")" -- "$cur"))
      return 0 ;;
    --as-of)
      COMPREPLY=($(compgen -W "$(date +%Y-%m-%d 2>/dev/null)" -- "$cur"))
      return 0 ;;
    --run)
      local db
      db=$(_kam_word_after --db)
      if [[ -n $db && -f $db ]] && command -v sqlite3 >/dev/null 2>&1; then
        COMPREPLY=($(compgen -W "$(sqlite3 -readonly "$db" \
          'SELECT run_id FROM kam_runs ORDER BY run_id DESC' 2>/dev/null)" -- "$cur"))
      fi
      return 0 ;;
    --account|--jobs|-j|--busy-timeout)
      return 0 ;;   # a value kam cannot guess
  esac

  if [[ $cur == -* || $cmd == report || $cmd == lsp ]]; then
    # Options not given yet.
    for opt in $(_kam_options "$cmd"); do
      used=
      for ((i = 2; i < COMP_CWORD; i++)); do
        [[ ${COMP_WORDS[i]} == "$opt" ]] && used=1
      done
      [[ -z $used && $opt == "$cur"* ]] && COMPREPLY+=("$opt")
    done
    return 0
  fi

  if [[ $cur == *:* ]]; then
    _kam_add_git_paths "$cur"
    # bash splits words at ':'; keep only what follows the last ':'.
    if [[ ${COMP_WORDBREAKS-} == *:* ]]; then
      local colon_word=${cur%"${cur##*:}"}
      for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]=${COMPREPLY[i]#"$colon_word"}; done
    fi
    return 0
  fi
  _kam_add_files "$cur" kam
  return 0
}

complete -F _kam kam
