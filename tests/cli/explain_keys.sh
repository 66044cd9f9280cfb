# kam explain --account KEY finds the subject whose key equals KEY the way
# keys match (contract §2): under the key column's affinity, and in an
# untyped column the number KEY stands for ('1' finds the integer 1).
. tests/cli_lib.sh
db="$T/k.db"
sqlite3 "$db" "CREATE TABLE untyped (id, name);
               INSERT INTO untyped VALUES (1, 'one'), (2.5, 'two and a half'), ('x7', 'text key');
               CREATE TABLE typed (id INTEGER, name TEXT);
               INSERT INTO typed VALUES (1, 'one');
               CREATE TABLE texts (id TEXT, name TEXT);
               INSERT INTO texts VALUES ('1', 'one'), ('01', 'zero one');
               CREATE TABLE both_ (id, name);
               INSERT INTO both_ VALUES (1, 'number'), ('1', 'text');"
rules() { printf 'entity account from %s key id label name\noutput who = name\n' "$1" > "$T/$1.kam"; }
for t in untyped typed texts both_; do rules $t; done
found() {   # found TABLE KEY NAME: explain finds KEY in TABLE, labelled NAME
  expect_status 0 "$KAM" explain --db "$db" --account "$2" --as-of 2026-06-30 "$T/$1.kam"
  expect_in "($3)" "$T/out"
}
found untyped 1 one
found untyped 1.0 one
found untyped 2.5 "two and a half"
found untyped x7 "text key"
found typed 1 one
found typed 1.0 one
found texts 1 one
found texts 01 "zero one"
found both_ 1 text          # an untyped column holding both '1' and 1: the text one
expect_status 2 "$KAM" explain --db "$db" --account 3 --as-of 2026-06-30 "$T/untyped.kam"
expect_in "no account '3' in table untyped" "$T/err"
expect_status 2 "$KAM" explain --db "$db" --account 1.0 --as-of 2026-06-30 "$T/texts.kam"
expect_in "no account '1.0' in table texts" "$T/err"
