#!/bin/sh
# Loads the public "CRM Sales Opportunities" data set into a new SQLite database,
# exactly as the sqlite3 shell's .import --csv reads it:
#
#   sh rules/examples/crm/load.sh ../shared/data/crm-sales-opportunities crm.db
#
# .import --csv creates each table from its CSV header, so every column is TEXT
# and every empty field arrives as the empty string '' (never NULL). Nothing is
# cleaned or converted here, on purpose: the misspelt sector, the product names
# that do not match products.csv and the empty strings are left for the rules
# (rules/examples/crm/) and kam's data warnings to deal with.
#
# The only additions are indexes on the two columns the rules join on, which
# kam check --db asks for (an index does not change a single value).
set -eu
[ $# -eq 2 ] || { echo "usage: sh load.sh DATA_DIR NEW_DB" >&2; exit 2; }
dir=$1 db=$2
for t in accounts sales_pipeline sales_teams products; do
  [ -f "$dir/$t.csv" ] || { echo "load.sh: $dir/$t.csv not found" >&2; exit 1; }
done
# .import into an existing table would append the header as a data row.
[ ! -e "$db" ] || { echo "load.sh: $db exists; give a new file" >&2; exit 1; }
sqlite3 -bail "$db" <<SQL
.import --csv "$dir/accounts.csv" accounts
.import --csv "$dir/sales_pipeline.csv" sales_pipeline
.import --csv "$dir/sales_teams.csv" sales_teams
.import --csv "$dir/products.csv" products
-- relation opportunities from sales_pipeline on account
CREATE INDEX sales_pipeline_account ON sales_pipeline(account);
-- relation subsidiaries from accounts on subsidiary_of
CREATE INDEX accounts_subsidiary_of ON accounts(subsidiary_of);
SQL
