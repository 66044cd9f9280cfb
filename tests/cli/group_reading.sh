# Group aggregates read values by the same rules as the plain aggregates.
# group_min and group_max (eval.c extreme_kind): over a column of mixed cells
# (integers, reals, numeric text, '1,200', junk text, ISO and non-ISO date
# text, nulls), the group form for a group's head equals the plain form over
# a relation that holds exactly the group's rows, for every head.  And a
# group sum beyond the range of a double is null with a warning, as sum is.
. tests/cli_lib.sh
db="$T/mixed.db"
sqlite3 "$db" "
  CREATE TABLE accounts (id INTEGER PRIMARY KEY, g INTEGER, v, w, x DATE);
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
  INSERT INTO accounts SELECT i, CASE WHEN i <= 60 THEN i ELSE 1 + (i * 7919) % 60 END,
    CASE (i * 31) % 9 WHEN 0 THEN i * 3 WHEN 1 THEN i / 7.0 WHEN 2 THEN CAST(i % 50 AS TEXT)
         WHEN 3 THEN '1,2' || i WHEN 4 THEN 'abc' || i WHEN 5 THEN NULL
         WHEN 6 THEN printf('2026-%02d-%02d', 1 + i % 12, 1 + i % 28)
         WHEN 7 THEN printf('2025-%d-%d', 1 + i % 12, 1 + i % 28) ELSE -i END,
    CASE (i * 13) % 4 WHEN 0 THEN printf('2026-%02d-%02d', 1 + i % 12, 1 + i % 28)
         WHEN 1 THEN printf('2024-%d-1', 1 + i % 12) WHEN 2 THEN 'n/a' ELSE NULL END,
    CASE WHEN i % 3 = 0 THEN NULL ELSE printf('2027-%02d-%02d', 1 + i % 12, 1 + i % 28) END
  FROM n;" || die "data"
cat > "$T/rules.kam" <<'KAM'
entity account from accounts key id
relation members from accounts on g
group by g
output gmax_v = group_max(v)
output gmin_v = group_min(v)
output max_v = max(members.v)
output min_v = min(members.v)
output gmax_w = group_max(w)
output gmin_w = group_min(w)
output max_w = max(members.w)
output min_w = min(members.w)
# A DATE column (read as dates) with a text fallback: the text reads as a
# date too, once the other values are dates.
output gmax_x = group_max(coalesce(x, "2030-01-01"))
output gmin_x = group_min(coalesce(x, "2000-01-01"))
output max_x = max(coalesce(members.x, "2030-01-01"))
output min_x = min(coalesce(members.x, "2000-01-01"))
KAM
expect_status 0 "$KAM" run --db "$db" --as-of 2026-11-30 "$T/rules.kam"
q() { sqlite3 "$db" "$1"; }
# Every head's group has members of several kinds, or the test proves little.
[ "$(q "SELECT count(DISTINCT typeof(v)) FROM accounts")" -ge 3 ] || die "too few kinds of cells"
for pair in "gmax_v max_v" "gmin_v min_v" "gmax_w max_w" "gmin_w min_w" "gmax_x max_x" "gmin_x min_x"; do
  set -- $pair
  differ=$(q "SELECT group_concat(g.account || ': ' || quote(g.value) || ' vs ' || quote(p.value), '; ')
              FROM kam_outputs g JOIN kam_outputs p ON p.run_id = g.run_id AND p.account = g.account AND p.name = '$2'
              WHERE g.name = '$1' AND g.account <= 60 AND g.value IS NOT p.value")
  [ -z "$differ" ] || die "$1 differs from $2: $differ"
  [ "$(q "SELECT count(*) FROM kam_outputs WHERE name = '$1' AND account <= 60 AND value IS NOT NULL")" -gt 50 ] \
    || die "$1 is null for most heads"
done

sqlite3 "$db" "UPDATE accounts SET v = 1e308 WHERE g = 2"
cat > "$T/sum.kam" <<'KAM'
entity account from accounts key id
relation members from accounts on g
group by g
output gsum = group_sum(v)
output lsum = sum(members.v)
KAM
expect_status 0 "$KAM" explain --db "$db" --account 2 "$T/sum.kam"
grep -q 'gsum  *= null' "$T/out" || die "an infinite group sum is not null: $(cat "$T/out")"
grep -q 'lsum  *= null' "$T/out" || die "an infinite sum is not null"
[ "$(grep -c 'too large for a double' "$T/out")" = 2 ] || die "not both sums warn: $(cat "$T/out")"
# The fallbacks win for every head whose group has a null x.
[ "$(q "SELECT count(*) FROM kam_outputs WHERE name = 'gmax_x' AND value = '2030-01-01'")" -gt 10 ] \
  || die "group_max dropped the text fallback date"
echo ok
