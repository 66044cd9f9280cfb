# Confinement: names are quoted and values bound, so quotes, spaces and
# semicolons in table and column names, and injection-shaped keys and
# strings, are just data; and during a run an authorizer lets kam write
# its own kam_* tables and nothing else, not even through a trigger.
. tests/cli_lib.sh
db="$T/odd.db"
sqlite3 "$db" <<'SQL' || die "fixture"
CREATE TABLE "my ""accounts""; DROP TABLE x" ("id;" TEXT PRIMARY KEY, "na me" TEXT, "rank--" INTEGER);
CREATE TABLE "deal's" ("acc id" TEXT, "am""ount" REAL, "st;age" TEXT);
CREATE TABLE x (keep INTEGER);
INSERT INTO x VALUES (1);
INSERT INTO "my ""accounts""; DROP TABLE x" VALUES
  ('1; DROP TABLE x; --', 'Robert''); DROP TABLE x;--', 1),
  ('x'' OR ''1''=''1', '"quoted"', 2),
  ('plain', 'Plain Co', 3);
INSERT INTO "deal's" VALUES ('1; DROP TABLE x; --', 100, 'won'), ('x'' OR ''1''=''1', 50, '''; DELETE FROM x; --'),
  ('plain', 7, 'won');
SQL
cat > "$T/odd.kam" <<'KAM'
entity account from "my \"accounts\"; DROP TABLE x" key "id;" label "na me"
relation deals from "deal's" on "acc id"
let won = sum(deals."am\"ount" where deals."st;age" = "won")
let odd = count(deals where deals."st;age" = "'; DELETE FROM x; --")
tiering size { tier top when account."rank--" <= 1 tier rest otherwise }
alert odd_stage severity low when odd > 0 message "{account.\"na me\"}: stage '; DELETE FROM x; --"
output total = won
KAM
expect_status 0 "$KAM" check --db "$db" "$T/odd.kam"
expect_status 0 "$KAM" run --db "$db" --as-of 2026-06-30 "$T/odd.kam"
[ "$(sqlite3 "$db" 'SELECT keep FROM x')" = 1 ] || die "table x changed"
[ "$(sqlite3 "$db" "SELECT account || '=' || value FROM kam_outputs ORDER BY account" | tr '\n' ' ')" = \
  "1; DROP TABLE x; --=100.0 plain=7.0 x' OR '1'='1=0 " ] || die "outputs: $(sqlite3 "$db" 'SELECT * FROM kam_outputs')"
[ "$(sqlite3 "$db" "SELECT account || ': ' || message FROM kam_alerts")" = \
  "x' OR '1'='1: \"quoted\": stage '; DELETE FROM x; --" ] || die "alert: $(sqlite3 "$db" 'SELECT * FROM kam_alerts')"
expect_status 0 "$KAM" explain --db "$db" --account "x' OR '1'='1" --as-of 2026-06-30 "$T/odd.kam"
expect_in "tiering size -> rest" "$T/out"
# A trigger that writes into a source table when kam writes its results.
sqlite3 "$db" "CREATE TRIGGER sneaky AFTER INSERT ON kam_outputs BEGIN DELETE FROM x; END;" || die trigger
runs=$(sqlite3 "$db" "SELECT count(*) FROM kam_runs")
expect_status 3 "$KAM" run --db "$db" --as-of 2026-06-30 "$T/odd.kam"
expect_in "not authorized" "$T/err"
[ "$(sqlite3 "$db" 'SELECT keep FROM x')" = 1 ] || die "the trigger deleted from x"
[ "$(sqlite3 "$db" "SELECT count(*) FROM kam_runs")" = "$runs" ] || die "a refused run was stored"
