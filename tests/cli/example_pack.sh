# The 渠道客户 example pack (a non-ASCII directory): its database builds, it
# passes check --strict (against its schema.sql, then the built database),
# fmt --check and its own tests, and a run and explain give the hand-computed
# results: tiers of C001 and C002, a cleaned value, alert messages with nulls.
. tests/cli_lib.sh
pack=rules/examples/渠道客户
db="$T/channel.db"
sh "$pack/build_db.sh" "$db" > "$T/out" 2>&1 || die "build_db.sh: $(cat "$T/out")"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM 客户')" = 40 ] || die "build_db.sh: not 40 accounts"
expect_status 1 sh "$pack/build_db.sh" "$db"
expect_in "exists" "$T/err"
# A second build is byte for byte the same data (deterministic).
sh "$pack/build_db.sh" "$T/again.db" >/dev/null 2>&1 || die "second build"
[ "$(sqlite3 "$db" .dump)" = "$(sqlite3 "$T/again.db" .dump)" ] || die "build_db.sh is not deterministic"

expect_status 0 "$KAM" check --strict "$pack"
expect_in "checked against the reference schema $pack/schema.sql" "$T/err"
expect_in "kam: ok (0 warnings)" "$T/err"
expect_status 0 "$KAM" check --strict --db "$db" "$pack"
expect_in "kam: ok (0 warnings)" "$T/err"
expect_status 0 "$KAM" fmt --check "$pack"
expect_status 0 "$KAM" test --coverage --coverage-min 100 "$pack"
expect_in "5 passed, 0 failed" "$T/out"

# A misspelt column in a copy of the pack fails the check by schema.sql alone.
cp -R "$pack" "$T/pack"
sed -i 's/trim(客户名称)/trim(客户名)/' "$T/pack/00_data.kam"
expect_status 1 "$KAM" check "$T/pack"
expect_in "00_data.kam:21:15: error: unknown name '客户名' (did you mean " "$T/err"
grep -q "did you mean.*'客户名称'" "$T/err" || die "no suggestion of 客户名称: $(cat "$T/err")"

expect_status 0 "$KAM" run --db "$db" --as-of 2026-06-30 --dry-run --format jsonl "$pack"
lines="$T/run.jsonl"
cp "$T/out" "$lines"
[ "$(wc -l < "$lines")" = 40 ] || die "run: not 40 lines"
grep '"account":"C001"' "$lines" > "$T/c001" || die "no C001"
grep '"account":"C002"' "$lines" > "$T/c002" || die "no C002"
grep '"account":"C003"' "$lines" > "$T/c003" || die "no C003"
# C001: 700万 net at 16.7% margin over seven years -> 战略; rebate 3.6% of 700万.
expect_in '"tiers":{"客户等级":"战略"}' "$T/c001"
expect_in '"返利比例":0.036,"返利金额":252000' "$T/c001"
# '1,200万' read by number() as 12000000.
expect_in '"年度目标_元":12000000' "$T/c001"
expect_in '"alerts":[]' "$T/c001"
# C002: 240万 at 11.5% -> 重点; 45,000 overdue since 2026/3/31 (91 days).
expect_in '"tiers":{"客户等级":"重点"}' "$T/c002"
expect_in '"message":"西南联拓商贸：逾期应收 45,000 元，最早 2026-03-31 到期，已逾期 91 天"' "$T/c002"
expect_in '"返利比例":0,' "$T/c002"
# C003: no target -> the null fallbacks of the message.
expect_in '"message":"北方启航科技：本年达成 n/a，目标 未填"' "$T/c003"

expect_status 0 "$KAM" explain --db "$db" --as-of 2026-06-30 --account C002 "$pack"
expect_in "account C002 (西南联拓商贸), as of 2026-06-30" "$T/out"
expect_in "tiering 客户等级 -> 重点" "$T/out"
expect_in "最早逾期" "$T/out"
expect_in "2026-03-31" "$T/out"
expect_in '"西南联拓商贸（重点）：上次拜访 2026-04-10"' "$T/out"
# The pack's results are stored like any other.
expect_status 0 "$KAM" run --db "$db" --as-of 2026-06-30 "$pack"
[ "$(sqlite3 "$db" "SELECT count(*) FROM kam_alerts WHERE alert = '回款逾期'")" -ge 1 ] || die "no stored 回款逾期 alert"
# The report speaks the pack's words: the tiering's and the scorecard's
# titles, and in "who needs attention" a message that opens with the
# account's name and a full-width colon is shown from after the colon.
expect_status 0 "$KAM" report --db "$db" -o "$T/report.html"
expect_in '<h3>渠道客户等级 <code class="decl">客户等级</code></h3>' "$T/report.html"
expect_in '<b>渠道客户健康度 <code class="decl">健康度</code></b>' "$T/report.html"
grep -o '<ol class="attention">.*</ol>' "$T/report.html" > "$T/attention" || die "no attention list"
grep -q '</span>逾期应收 ' "$T/attention" || die "the attention list repeats the name before 逾期应收: $(head -c 600 "$T/attention")"
! grep -q '</span>[^<]*：逾期应收' "$T/attention" || die "an overdue message keeps its name"
exit 0
