#!/bin/sh
# Runs build/kam under valgrind for `make valgrind`: any memory error or leak
# makes the command exit 99, which fails the test that ran it.
exec valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
  --show-leak-kinds=definite,indirect,possible "$(dirname "$0")/../build/kam" "$@"
