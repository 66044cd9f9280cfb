# explain and the run summary lay columns out by display width (a Chinese
# character takes two columns), quote text values so spaces show, and give
# JSON warnings as an array of strings.
. tests/cli_lib.sh
sqlite3 "$T/cjk.db" "CREATE TABLE 客户 (编号 INTEGER PRIMARY KEY, 名称 TEXT, 信用 TEXT, 营收 REAL, 阶段 TEXT);
  INSERT INTO 客户 VALUES (1, '华东电池', ' AA ', 'n/a', '成长期');"
cat > "$T/cjk.kam" <<'KAM'
entity 客户 from 客户 key 编号 label 名称
let 信用等级 = 信用
let revenue = 营收 + 0
tiering 客户等级 {
  tier 战略 when 信用 = "AAA"
  tier 普通 otherwise
}
scorecard 健康度 {
  stage 阶段
  perspective 财务 {
    metric 营收得分 = revenue scale 0 .. 100
  }
  weights { 成长期: 营收得分 100 }
}
KAM
expect_status 0 "$KAM" explain --db "$T/cjk.db" --account 1 "$T/cjk.kam"
expect_in '[信用 = " AA "]' "$T/out"
# The values of the lets start at one display column whatever the names.
cols=$(grep -E '^  (信用等级|revenue) ' "$T/out" | while IFS= read -r line; do
  prefix=${line%%= *}; printf '%s' "$prefix" | iconv -f UTF-8 -t UTF-32LE | od -An -tu4 |
  tr -s ' ' '\n' | awk 'NF { w += ($1 >= 4352 && $1 <= 65518) ? 2 : 1 } END { print w }'; done | sort -u)
[ "$(printf '%s\n' "$cols" | wc -l)" = 1 ] || die "let values start at different columns: $cols; $(cat "$T/out")"
expect_status 0 "$KAM" explain --db "$T/cjk.db" --account 1 --format json "$T/cjk.kam"
expect_in '"warnings":["revenue: table 客户, column 营收, 客户 1: '"'n/a'"' is not a number"]' "$T/out"
expect_status 0 "$KAM" run --db "$T/cjk.db" --dry-run "$T/cjk.kam"
grep -q '^  普通 ' "$T/err" "$T/out" || die "summary: $(cat "$T/out" "$T/err")"
line=$(grep -h '^  普通 ' "$T/out" "$T/err" | head -1)
# "普通" is 4 columns wide, so 8 spaces fill its 12-column cell.
[ "$line" = "  普通                  1  100.0%" ] || die "tier column not padded by display width: '$line'"
exit 0
