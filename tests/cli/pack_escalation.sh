# The shipped pack escalates an executive visit overdue for 60 days and more
# (exec_visit_ignored, open_days of exec_visit_overdue); a visit closes both.
. tests/cli_lib.sh
db="$T/crm.db"
fixture "$db"
sqlite3 "$db" "INSERT INTO accounts (id, name, industry_rank, credit_ok) VALUES (1, 'Voltcell', 9, 1);
               INSERT INTO deals (account_id, amount, gross_margin, stage) VALUES (1, 30000000, 0.12, 'opportunity');" \
  || die "fixture rows"
run() { expect_status 0 "$KAM" run --db "$db" --as-of "$1" rules/key_accounts; }
alerts() { sqlite3 "$db" "SELECT group_concat(alert || ':' || state, ' ') FROM (SELECT * FROM kam_alerts
                          WHERE run_id = $1 AND alert LIKE 'exec_visit%' ORDER BY alert)"; }
run 2026-03-01
[ "$(alerts 1)" = "exec_visit_overdue:new" ] || die "run 1: $(alerts 1)"
run 2026-04-29                                   # 59 days open
[ "$(alerts 2)" = "exec_visit_overdue:ongoing" ] || die "run 2: $(alerts 2)"
run 2026-04-30                                   # 60 days: escalated
[ "$(alerts 3)" = "exec_visit_ignored:new exec_visit_overdue:ongoing" ] || die "run 3: $(alerts 3)"
expect_status 0 "$KAM" alerts --db "$db" --severity critical --format csv
expect_in "1,Voltcell,exec_visit_ignored,critical,new,2026-04-30,0,1,Voltcell: executive visit overdue for 60 days and nobody has acted" "$T/out"
sqlite3 "$db" "INSERT INTO activities (account_id, kind, happened_on) VALUES (1, 'exec_visit', '2026-05-02')"
run 2026-05-05                                   # the visit closes both episodes
[ "$(alerts 4)" = "" ] || die "run 4: $(alerts 4)"
[ "$(sqlite3 "$db" "SELECT count(*) FROM kam_alert_episodes WHERE closed_run = 4 AND alert LIKE 'exec_visit%'")" = 2 ] \
  || die "the visit did not close both episodes"
echo ok
