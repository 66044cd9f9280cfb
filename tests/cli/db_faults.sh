# Database faults: a lock held by another writer, a read-only file or
# directory, a missing table or column, a corrupt file, a full database and
# a full disk.  Each is a clear message and the right exit status, nothing
# partial is written and the source is untouched.
. tests/cli_lib.sh
[ -n "${KAMGEN:-}" ] || { echo "KAMGEN is not set (run through make test)"; exit 1; }
"$KAMGEN" --out "$T/base.db" --accounts 3000 --seed 2 2>/dev/null || die kamgen
source_rows() { sqlite3 "$1" "SELECT count(*), total(amount) FROM deals; SELECT count(*) FROM accounts"; }
# Locked: another connection holds an exclusive lock for a few seconds.
cp "$T/base.db" "$T/locked.db"
( echo "BEGIN EXCLUSIVE; DELETE FROM budgets WHERE 0;"; sleep 6; echo "COMMIT;" ) | sqlite3 "$T/locked.db" &
locker=$!
sleep 1
start=$(date +%s)
expect_status 3 "$KAM" run --db "$T/locked.db" --busy-timeout 500 --as-of 2026-11-27 rules/key_accounts
expect_in "database is locked" "$T/err"
expect_in "another process holds a lock" "$T/err"
[ $(( $(date +%s) - start )) -lt 5 ] || die "the busy wait was not bounded by --busy-timeout"
wait $locker
# Read-only file, and read-only directory (as an ordinary user: root ignores modes).
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
  as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
  # The user nobody may not reach this checkout: give it its own copies.
  runner="$KAM"
  if head -c 4 "$KAM" | grep -q ELF; then cp "$KAM" "$T/kam-bin" && runner="$T/kam-bin"; fi
  cp -R rules/key_accounts "$T/rules-copy"
  chmod -R a+rX "$T"
  mkdir -p "$T/ro" && cp "$T/base.db" "$T/ro/file.db" && chmod 755 "$T/ro" && chmod 644 "$T/ro/file.db"
  chmod 755 "$T" "$WORK" 2>/dev/null
  before=$(sha256sum < "$T/ro/file.db")
  as_nobody "$runner" run --db "$T/ro/file.db" --as-of 2026-11-27 "$T/rules-copy" >"$T/out" 2>"$T/err"; status=$?
  [ $status = 3 ] || die "read-only file: exit $status: $(cat "$T/err")"
  expect_in "read-only" "$T/err"
  [ "$(sha256sum < "$T/ro/file.db")" = "$before" ] || die "the read-only file changed"
  chmod 666 "$T/ro/file.db" && chmod 555 "$T/ro"
  as_nobody "$runner" run --db "$T/ro/file.db" --as-of 2026-11-27 "$T/rules-copy" >"$T/out" 2>"$T/err"; status=$?
  [ $status = 3 ] || die "read-only directory: exit $status: $(cat "$T/err")"
  [ "$(sha256sum < "$T/ro/file.db")" = "$before" ] || die "the file in the read-only directory changed"
  chmod 755 "$T/ro"
elif [ "$(id -u)" != 0 ]; then
  cp "$T/base.db" "$T/ro.db" && chmod 444 "$T/ro.db"
  expect_status 3 "$KAM" run --db "$T/ro.db" --as-of 2026-11-27 rules/key_accounts
  expect_in "read-only" "$T/err"
else
  die "running as root without setpriv: cannot test read-only files"
fi
# A table or a column the rules read is missing: a located rule error (exit 1, as the contract says).
cp "$T/base.db" "$T/missing.db"
sqlite3 "$T/missing.db" "DROP TABLE budgets; ALTER TABLE contacts DROP COLUMN relationship;"
expect_status 1 "$KAM" run --db "$T/missing.db" --as-of 2026-11-27 rules/key_accounts
expect_in "rules/key_accounts/00_data.kam:19:26: error: the database has no table 'budgets'" "$T/err"
expect_in "the database has no table 'budgets'" "$T/err"
expect_in "table 'contacts' has no column 'relationship'" "$T/err"
[ "$(sqlite3 "$T/missing.db" "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'kam_%'")" = 0 ] || die "rule errors wrote tables"
# A corrupt file: pages in the middle overwritten.
cp "$T/base.db" "$T/corrupt.db"
dd if=/dev/zero of="$T/corrupt.db" bs=4096 seek=40 count=60 conv=notrunc 2>/dev/null
"$KAM" run --db "$T/corrupt.db" --as-of 2026-11-27 rules/key_accounts >"$T/out" 2>"$T/err"; status=$?
[ $status = 3 ] || die "corrupt: exit $status: $(cat "$T/err")"
expect_in "malformed" "$T/err"
# A full database (SQLite's page limit): nothing of the run is stored.
cp "$T/base.db" "$T/full.db"
pages=$(sqlite3 "$T/full.db" "PRAGMA page_count")
before=$(source_rows "$T/full.db")
KAM_MAX_PAGE_COUNT=$((pages + 20)) "$KAM" run --db "$T/full.db" --as-of 2026-11-27 rules/key_accounts >"$T/out" 2>"$T/err"; status=$?
[ $status = 3 ] || die "full: exit $status: $(cat "$T/err")"
expect_in "full" "$T/err"
[ "$(sqlite3 "$T/full.db" 'PRAGMA integrity_check')" = ok ] || die "full: integrity"
[ "$(sqlite3 "$T/full.db" "SELECT count(*) FROM sqlite_schema WHERE name = 'kam_runs'")" = 0 ] || die "full: a partial run"
[ "$(source_rows "$T/full.db")" = "$before" ] || die "full: the source changed"
# A full disk: the database on a file system just larger than it, when this machine allows mounting one.
mkdir -p "$T/disk"
size=$(( $(stat -c %s "$T/base.db") + 256 * 1024 ))
if mount -t tmpfs -o size=$size tmpfs "$T/disk" 2>/dev/null; then
  cp "$T/base.db" "$T/disk/full.db"
  "$KAM" run --db "$T/disk/full.db" --as-of 2026-11-27 rules/key_accounts >"$T/out" 2>"$T/err"; status=$?
  [ $status = 3 ] || { umount "$T/disk"; die "disk full: exit $status: $(cat "$T/err")"; }
  grep -q "full" "$T/err" || { umount "$T/disk"; die "disk full: $(cat "$T/err")"; }
  ok=$(sqlite3 "$T/disk/full.db" "PRAGMA integrity_check; SELECT count(*) FROM sqlite_schema WHERE name = 'kam_runs'")
  umount "$T/disk"
  [ "$ok" = "ok
0" ] || die "disk full: $ok"
else
  echo "(no tmpfs here: the full-disk case ran through the page limit only)"
fi
