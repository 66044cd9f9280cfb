#!/bin/sh
# Installs what building and testing kam needs, when it is missing:
# a C compiler, make, flex, bison, the SQLite library and headers, and the
# sqlite3 shell (tests build fixtures with it), and jansson (JSON for kam lsp).  Uses apt-get (Debian).
set -e
missing=""
command -v cc >/dev/null 2>&1 || missing="$missing gcc"
command -v make >/dev/null 2>&1 || missing="$missing make"
command -v flex >/dev/null 2>&1 || missing="$missing flex"
command -v bison >/dev/null 2>&1 || missing="$missing bison"
command -v sqlite3 >/dev/null 2>&1 || missing="$missing sqlite3"
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
command -v git >/dev/null 2>&1 || missing="$missing git"
[ -f /usr/include/sqlite3.h ] || missing="$missing libsqlite3-dev"
[ -f /usr/include/jansson.h ] || missing="$missing libjansson-dev"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
echo "installing:$missing" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
