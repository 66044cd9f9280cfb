# kam diff: OLD and NEW as files, directories or REV:PATH from git; tier
# moves with the condition that changed, score shifts, alerts that start or
# stop, changed outputs, added and removed declarations; nothing written.
. tests/cli_lib.sh
command -v git >/dev/null || { echo "git is not installed"; exit 1; }
db="$T/ex.db"
sqlite3 "$db" < tests/fixtures/explain.sql || die "fixture"
repo="$T/repo"
mkdir -p "$repo/rules"
cp tests/fixtures/explain.kam "$repo/rules/"
git -C "$repo" init -q && git -C "$repo" add rules &&
  git -C "$repo" -c user.name=t -c user.email=t@t commit -qm old || die "git"
# The change under review: tier A needs 1.5亿 in play; a new alert; the bonus moves.
sed -i 's/tier A when won + pipeline >= 3000万/tier A when won + pipeline >= 1.5亿/;
        s/then 1.2 else 1 end/then 1.25 else 1 end/' "$repo/rules/explain.kam"
printf 'alert no_pipeline severity low when pipeline = 0 message "{name}: no pipeline"\n' >> "$repo/rules/explain.kam"
before=$(sha256sum "$db")
cd "$repo"
expect_status 0 "$KAM" diff --db "$db" --as-of 2026-06-30 HEAD:rules rules
cd - >/dev/null
[ "$(sha256sum "$db")" = "$before" ] || die "diff wrote to the database"
expect_in "added: alert no_pipeline" "$T/out"
expect_in "tiering key_account: 1 accounts change tier" "$T/out"
expect_in "1 x A -> C (tier A: won + pipeline >= 3000万 (true) -> won + pipeline >= 1.5亿 (false))" "$T/out"
expect_in "    accounts 1 (Voltcell)" "$T/out"
expect_in "alert no_pipeline: 1 accounts newly alerted" "$T/out"
expect_in "2 (Smallco): Smallco: no pipeline" "$T/out"
expect_in "output bonus: 1 accounts change value" "$T/out"
expect_in "1 (Voltcell): 1.2 -> 1.25" "$T/out"
# The same change as markdown and JSON, OLD read from a single file at HEAD.
cd "$repo"
expect_status 0 "$KAM" diff --db "$db" --as-of 2026-06-30 --format markdown HEAD:rules/explain.kam rules/explain.kam
expect_in '### tiering `key_account`: 1 accounts change tier' "$T/out"
expect_in '| **A** | 0 | 0 | 1 |' "$T/out"
expect_in '- **1** × A -> C (tier A: won + pipeline >= 3000万 (true) -> won + pipeline >= 1.5亿 (false)): accounts 1 (Voltcell)' "$T/out"
expect_status 0 "$KAM" diff --db "$db" --as-of 2026-06-30 --format json HEAD:rules rules
expect_in '"matrix":{"A -> C":1,"C -> C":1}' "$T/out"
expect_in '"moved_count":1,"other_moves":0,"moves":[{"what":"A -> C (tier A: won + pipeline >= 3000万 (true) -> won + pipeline >= 1.5亿 (false))","count":1,"accounts":["1 (Voltcell)"]}]' "$T/out"
# No change: nothing moves.
expect_status 0 "$KAM" diff --db "$db" --as-of 2026-06-30 HEAD:rules HEAD:rules
expect_in "tiering key_account: 0 accounts change tier" "$T/out"
expect_status 1 "$KAM" diff --db "$db" HEAD:nope rules
expect_status 2 "$KAM" diff --db "$db" rules
# Score shifts: a band worth 10 more points moves account 1 by +4 (60 x 50 + 40 x 80
# against 40 x 70, over 100); account 2 has no csat and does not move.  Mean and
# median over both accounts: +2.
cd "$repo"
sed 's/>= 7: 70/>= 7: 80/' rules/explain.kam > "$T/bands.kam"
expect_status 0 "$KAM" diff --db "$db" --as-of 2026-06-30 rules/explain.kam "$T/bands.kam"
expect_in "mean shift +2.00, median shift +2.00; 0 grade changes" "$T/out"
cd - >/dev/null
