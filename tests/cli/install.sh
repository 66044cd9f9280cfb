# make install PREFIX=...: the command, libkam static and shared, kam.h,
# pkg-config, the man page, bash completion and the rule packs; then
# examples/embed.c is built against the installed copy with pkg-config
# (shared and static) and run on a generated database.
. tests/cli_lib.sh
[ -n "${KAMGEN:-}" ] || { echo "KAMGEN is not set (run through make test)"; exit 1; }
prefix="$T/prefix"
make -s install PREFIX="$prefix" >"$T/install.log" 2>&1 || die "make install: $(tail -5 "$T/install.log")"
for f in bin/kam lib/libkam.a lib/libkam.so.0 lib/libkam.so include/kam.h lib/pkgconfig/kam.pc \
         share/man/man1/kam.1 share/man/man7/kam-language.7 share/bash-completion/completions/kam share/kam/rules/key_accounts/10_tiering.kam \
         share/kam/examples/embed.c; do
  [ -e "$prefix/$f" ] || die "not installed: $f"
done
"$prefix/bin/kam" --version | grep -q '^kam [0-9]' || die "the installed kam does not run"
# The packs arrive whole, with their reference schemas (regular files, not
# links into the source tree) and the non-ASCII directory of the example.
for p in key_accounts examples/渠道客户; do
  [ -f "$prefix/share/kam/rules/$p/schema.sql" ] && [ ! -L "$prefix/share/kam/rules/$p/schema.sql" ] \
    || die "not installed as a file: rules/$p/schema.sql"
  "$prefix/bin/kam" check --strict "$prefix/share/kam/rules/$p" 2>"$T/err" || die "installed $p: $(cat "$T/err")"
  grep -q "checked against the reference schema" "$T/err" || die "installed $p: not checked against its schema.sql"
done
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
pkg-config --exists kam || die "pkg-config does not find kam"
cc -std=c11 -Wall -Wextra -Werror examples/embed.c $(pkg-config --cflags --libs kam) -o "$T/embed_shared" || die "shared build"
cc -std=c11 -Wall -Wextra -Werror examples/embed.c $(pkg-config --cflags kam) "$prefix/lib/libkam.a" \
   $(pkg-config --libs-only-l --static kam | sed 's/-lkam//') -o "$T/embed_static" || die "static build"
ldd "$T/embed_shared" | grep -q "$prefix/lib/libkam.so.0" || LD_LIBRARY_PATH="$prefix/lib" ldd "$T/embed_shared" | grep -q libkam.so.0 || die "not linked to the shared libkam"
"$KAMGEN" --out "$T/embed.db" --accounts 500 --seed 9 2>/dev/null || die kamgen
LD_LIBRARY_PATH="$prefix/lib" "$T/embed_shared" "$T/embed.db" "$prefix/share/kam/rules/key_accounts" 2026-11-27 > "$T/shared.txt" 2>"$T/err" || die "embed (shared): $(cat "$T/err")"
expect_in "500 accounts" "$T/shared.txt"
expect_in "lines: 500," "$T/shared.txt"
expect_in '"account":1,' "$T/shared.txt"
"$T/embed_static" "$T/embed.db" rules/key_accounts 2026-11-27 --store > "$T/static.txt" 2>"$T/err" || die "embed (static): $(cat "$T/err")"
expect_in "run 1," "$T/static.txt"
[ "$(sqlite3 "$T/embed.db" "SELECT accounts FROM kam_runs WHERE status = 'ok'")" = 500 ] || die "the embedded run was not stored"
# The alerts the host counted are the alerts the run stored.
with_alerts=$(sqlite3 "$T/embed.db" "SELECT count(DISTINCT account) FROM kam_alerts")
expect_in "accounts with alerts: $with_alerts" "$T/static.txt"
man -l "$prefix/share/man/man1/kam.1" >/dev/null 2>&1 || groff -man -Tutf8 "$prefix/share/man/man1/kam.1" >/dev/null 2>&1 || die "the man page does not render"
groff -t -man -Tutf8 -ww -z "$prefix/share/man/man7/kam-language.7" 2>"$T/err" && [ ! -s "$T/err" ] \
  || die "kam-language.7 does not render cleanly: $(cat "$T/err")"
