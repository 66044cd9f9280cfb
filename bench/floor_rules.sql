-- bench/floor_rules.sql -- the scan floor for the shipped rule pack
-- (rules/key_accounts/): sqlite3 merely reading, in one full scan per table, every
-- column the rules read (the entity key and label, the entity columns, each
-- relation's key and columns).  No rule logic; length() makes SQLite load every
-- value.  `kam run --dry-run` reads the same cells.
SELECT sum(length(id)) + sum(length(name)) + sum(length(industry_rank)) + sum(length(credit_ok))
       + sum(length(lifecycle)) + sum(length(orders_target)) + sum(length(wallet_share))
       + sum(length(csat)) + sum(length(owner))
FROM accounts;
SELECT sum(length(account_id)) + sum(length(amount)) + sum(length(gross_margin)) + sum(length(stage))
       + sum(length(product)) + sum(length(closed_on))
FROM deals;
SELECT sum(length(account_id)) + sum(length(role)) + sum(length(relationship)) FROM contacts;
SELECT sum(length(account_id)) + sum(length(kind)) + sum(length(happened_on)) FROM activities;
SELECT sum(length(account_id)) + sum(length(role)) + sum(length(person)) FROM team;
SELECT sum(length(account_id)) + sum(length(year)) + sum(length(budget)) + sum(length(spent)) FROM budgets;
