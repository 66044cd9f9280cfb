/*
 * diff_report.c — kam diff's findings for people (text), for a pull
 * request (markdown) and for tools (JSON), plus the kam_diff entry point.
 * The three renderings walk the same collected facts in the same order.
 */
#include "diff.h"
#include "results.h"
#include "run.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double mean_of(const score_diff *sd) {
  double sum = 0;
  for (long i = 0; i < sd->delta_count; i++) sum += sd->deltas[i];
  long n = sd->delta_count + sd->unmoved;
  return n ? sum / (double)n : 0;
}

/* The k-th smallest shift, the unmoved accounts' zeros counted in place. */
static double nth_shift(const score_diff *sd, long k, long negatives) {
  if (k < negatives) return sd->deltas[k];
  if (k < negatives + sd->unmoved) return 0;
  return sd->deltas[k - sd->unmoved];
}

static double median_of(score_diff *sd) {
  long n = sd->delta_count + sd->unmoved;
  if (!n) return 0;
  if (sd->delta_count) qsort(sd->deltas, (size_t)sd->delta_count, sizeof(double), compare_doubles);
  long negatives = 0;
  while (negatives < sd->delta_count && sd->deltas[negatives] < 0) negatives++;
  long mid = n / 2;
  return n % 2 ? nth_shift(sd, mid, negatives)
               : (nth_shift(sd, mid - 1, negatives) + nth_shift(sd, mid, negatives)) / 2;
}

static const char *tier_label(const decl *t, int slot) {
  return slot == 0 ? "(none)" : ((tier *)t->tiers.items[slot - 1])->name;
}

/* --- text and markdown ---------------------------------------------------------- */

typedef struct style {
  bool markdown;
} style;

static void heading(strbuf *out, style st, const char *fmt, const char *name, long count, const char *what) {
  if (st.markdown) sb_printf(out, "\n### %s `%s`: %ld %s\n\n", fmt, name, count, what);
  else sb_printf(out, "\n%s %s: %ld %s\n", fmt, name, count, what);
}

enum { SHOWN = 20 };   /* accounts listed per change for people; JSON lists more */

static void list(strbuf *out, style st, const ptr_vec *items, long total) {
  for (int i = 0; i < items->count && i < SHOWN; i++)
    sb_printf(out, st.markdown ? "- %s\n" : "    %s\n", (const char *)items->items[i]);
  long shown = items->count < SHOWN ? items->count : SHOWN;
  if (total > shown)
    sb_printf(out, st.markdown ? "- … and %ld more\n" : "    ... and %ld more\n", total - shown);
}

static void group_keys(strbuf *out, const move_group *g) {
  for (int k = 0; k < g->keys.count; k++) sb_printf(out, "%s%s", k ? ", " : "", (const char *)g->keys.items[k]);
  if (g->count > g->keys.count) sb_printf(out, ", and %ld more", g->count - g->keys.count);
}

static void groups(strbuf *out, style st, const tiering_diff *td) {
  for (int i = 0; i < td->groups.count; i++) {
    const move_group *g = td->groups.items[i];
    if (st.markdown) sb_printf(out, "- **%ld** × %s: accounts ", g->count, g->what);
    else sb_printf(out, "  %ld x %s\n    accounts ", g->count, g->what);
    group_keys(out, g);
    sb_putc(out, '\n');
  }
  if (td->other_moves) sb_printf(out, st.markdown ? "- %ld more, moved in other ways\n" : "  %ld more, moved in other ways\n", td->other_moves);
}

/* The "(none)" column and row appear only when some account has no tier. */
static bool column_used(const tiering_diff *td, int c) {
  int cols = td->new_->tiers.count + 1, rows = td->old->tiers.count + 1;
  for (int r = 0; r < rows; r++)
    if (td->matrix[r * cols + c]) return true;
  return c != 0;
}

static void matrix(strbuf *out, style st, const tiering_diff *td) {
  int cols = td->new_->tiers.count + 1, rows = td->old->tiers.count + 1;
  if (st.markdown) {
    sb_puts(out, "| from \\ to |");
    for (int c = 1; c <= cols; c++)
      if (column_used(td, c % cols)) sb_printf(out, " %s |", tier_label(td->new_, c % cols));
    sb_puts(out, "\n|---|");
    for (int c = 1; c <= cols; c++)
      if (column_used(td, c % cols)) sb_puts(out, "---:|");
    sb_putc(out, '\n');
  } else {
    sb_printf(out, "  %-10s", "from \\ to");
    for (int c = 1; c <= cols; c++)
      if (column_used(td, c % cols)) sb_printf(out, " %8s", tier_label(td->new_, c % cols));
    sb_putc(out, '\n');
  }
  for (int r = 1; r <= rows; r++) {
    int ro = r % rows;   /* the null row last */
    long total = 0;
    for (int c = 0; c < cols; c++) total += td->matrix[ro * cols + c];
    if (ro == 0 && total == 0) continue;
    sb_printf(out, st.markdown ? "| **%s** |" : "  %-10s", tier_label(td->old, ro));
    for (int c = 1; c <= cols; c++)
      if (column_used(td, c % cols)) sb_printf(out, st.markdown ? " %ld |" : " %8ld", td->matrix[ro * cols + c % cols]);
    sb_putc(out, '\n');
  }
}

static void render_people(differ *df, style st, const char *as_of, strbuf *out) {
  if (st.markdown)
    sb_printf(out, "## kam diff: `%s` → `%s`\n\n%ld accounts, as of %s. Nothing was written.\n",
              df->old_name, df->new_name, df->accounts, as_of);
  else
    sb_printf(out, "kam diff: %s -> %s\n%ld accounts, as of %s (nothing written)\n", df->old_name,
              df->new_name, df->accounts, as_of);
  for (int i = 0; i < df->added.count; i++)
    sb_printf(out, st.markdown ? "\n- added: `%s`" : "\nadded: %s", (const char *)df->added.items[i]);
  for (int i = 0; i < df->removed.count; i++)
    sb_printf(out, st.markdown ? "\n- removed: `%s`" : "\nremoved: %s", (const char *)df->removed.items[i]);
  if (df->added.count || df->removed.count) sb_putc(out, '\n');
  for (int i = 0; i < df->tierings.count; i++) {
    tiering_diff *td = df->tierings.items[i];
    heading(out, st, "tiering", td->new_->name, td->moved_count, "accounts change tier");
    matrix(out, st, td);
    if (st.markdown && td->moved_count) sb_putc(out, '\n');
    groups(out, st, td);
  }
  for (int i = 0; i < df->scorecards.count; i++) {
    score_diff *sd = df->scorecards.items[i];
    heading(out, st, "scorecard", sd->new_->name, sd->big_move_count, "accounts move 5 points or more");
    sb_puts(out, st.markdown ? "Mean shift " : "  mean shift ");
    number_format_fixed(mean_of(sd), 2, true, out);
    sb_puts(out, ", median shift ");
    number_format_fixed(median_of(sd), 2, true, out);
    sb_printf(out, st.markdown ? "; %ld grade changes; %ld scores appear or disappear.\n\n"
                               : "; %ld grade changes; %ld scores appear or disappear\n",
              sd->grade_change_count, sd->null_changes);
    list(out, st, &sd->big_moves, sd->big_move_count);
    if (sd->grade_change_count) sb_puts(out, st.markdown ? "\nGrade changes:\n\n" : "  grade changes:\n");
    list(out, st, &sd->grade_changes, sd->grade_change_count);
  }
  for (int i = 0; i < df->alerts.count; i++) {
    alert_diff *ad = df->alerts.items[i];
    const char *name = ad->new_ ? ad->new_->name : ad->old->name;
    if (!ad->start_count && !ad->stop_count) continue;
    heading(out, st, "alert", name, ad->start_count, "accounts newly alerted");
    list(out, st, &ad->starts, ad->start_count);
    if (ad->stop_count)
      sb_printf(out, st.markdown ? "\n%ld accounts no longer alerted:\n\n" : "  %ld no longer alerted:\n", ad->stop_count);
    list(out, st, &ad->stops, ad->stop_count);
  }
  for (int i = 0; i < df->outputs.count; i++) {
    output_diff *od = df->outputs.items[i];
    if (!od->change_count) continue;
    heading(out, st, "output", od->new_->name, od->change_count, "accounts change value");
    list(out, st, &od->changes, od->change_count);
  }
}

/* --- JSON ------------------------------------------------------------------------- */

static void json_list(strbuf *out, const char *key, const ptr_vec *items, long total) {
  sb_printf(out, ",\"%s_count\":%ld,\"%s\":[", key, total, key);
  for (int i = 0; i < items->count; i++) {
    if (i) sb_putc(out, ',');
    sb_json_string(out, items->items[i], strlen(items->items[i]));
  }
  sb_putc(out, ']');
}

static void json_names(strbuf *out, const char *key, const ptr_vec *items) {
  sb_printf(out, ",\"%s\":[", key);
  for (int i = 0; i < items->count; i++) {
    if (i) sb_putc(out, ',');
    sb_json_string(out, items->items[i], strlen(items->items[i]));
  }
  sb_putc(out, ']');
}

static void json_matrix(strbuf *out, const tiering_diff *td) {
  int cols = td->new_->tiers.count + 1, rows = td->old->tiers.count + 1;
  sb_puts(out, ",\"matrix\":{");
  bool first = true;
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) {
      long n = td->matrix[r * cols + c];
      if (!n) continue;
      sb_printf(out, "%s\"%s -> %s\":%ld", first ? "" : ",", tier_label(td->old, r), tier_label(td->new_, c), n);
      first = false;
    }
  sb_putc(out, '}');
}

static void render_json(differ *df, const char *as_of, strbuf *out) {
  sb_puts(out, "{\"old\":");
  sb_json_string(out, df->old_name, strlen(df->old_name));
  sb_puts(out, ",\"new\":");
  sb_json_string(out, df->new_name, strlen(df->new_name));
  sb_printf(out, ",\"as_of\":\"%s\",\"accounts\":%ld", as_of, df->accounts);
  json_names(out, "added", &df->added);
  json_names(out, "removed", &df->removed);
  sb_puts(out, ",\"tierings\":[");
  for (int i = 0; i < df->tierings.count; i++) {
    tiering_diff *td = df->tierings.items[i];
    sb_printf(out, "%s{\"name\":\"%s\"", i ? "," : "", td->new_->name);
    json_matrix(out, td);
    sb_printf(out, ",\"moved_count\":%ld,\"other_moves\":%ld,\"moves\":[", td->moved_count, td->other_moves);
    for (int g = 0; g < td->groups.count; g++) {
      const move_group *mg = td->groups.items[g];
      sb_printf(out, "%s{\"what\":", g ? "," : "");
      sb_json_string(out, mg->what, strlen(mg->what));
      sb_printf(out, ",\"count\":%ld,\"accounts\":[", mg->count);
      for (int k = 0; k < mg->keys.count; k++) {
        if (k) sb_putc(out, ',');
        sb_json_string(out, mg->keys.items[k], strlen(mg->keys.items[k]));
      }
      sb_puts(out, "]}");
    }
    sb_putc(out, ']');
    sb_putc(out, '}');
  }
  sb_puts(out, "],\"scorecards\":[");
  for (int i = 0; i < df->scorecards.count; i++) {
    score_diff *sd = df->scorecards.items[i];
    sb_printf(out, "%s{\"name\":\"%s\",\"mean_shift\":", i ? "," : "", sd->new_->name);
    number_text(v_real(mean_of(sd)), out);
    sb_puts(out, ",\"median_shift\":");
    number_text(v_real(median_of(sd)), out);
    sb_printf(out, ",\"null_changes\":%ld", sd->null_changes);
    json_list(out, "moved_5_points", &sd->big_moves, sd->big_move_count);
    json_list(out, "grade_changes", &sd->grade_changes, sd->grade_change_count);
    sb_putc(out, '}');
  }
  sb_puts(out, "],\"alerts\":[");
  for (int i = 0; i < df->alerts.count; i++) {
    alert_diff *ad = df->alerts.items[i];
    sb_printf(out, "%s{\"name\":\"%s\"", i ? "," : "", ad->new_ ? ad->new_->name : ad->old->name);
    json_list(out, "starts", &ad->starts, ad->start_count);
    json_list(out, "stops", &ad->stops, ad->stop_count);
    sb_putc(out, '}');
  }
  sb_puts(out, "],\"outputs\":[");
  for (int i = 0; i < df->outputs.count; i++) {
    output_diff *od = df->outputs.items[i];
    sb_printf(out, "%s{\"name\":\"%s\"", i ? "," : "", od->new_->name);
    json_list(out, "changes", &od->changes, od->change_count);
    sb_putc(out, '}');
  }
  sb_puts(out, "]}\n");
}

void diff_render(differ *df, const char *format, const char *as_of, strbuf *out) {
  if (strcmp(format, "json") == 0) render_json(df, as_of, out);
  else render_people(df, (style){strcmp(format, "markdown") == 0}, as_of, out);
}

/* --- the entry point ----------------------------------------------------------------- */

static int check_side(kam_ruleset *rs, sqlite3 *db) { return ruleset_check_with(rs, db); }

int kam_diff(kam_ruleset *old_rs, kam_ruleset *new_rs, const kam_diff_options *o, char **text) {
  *text = NULL;
  int64_t as_of;
  char as_of_text[11];
  if (!as_of_or_error(&new_rs->src, o->as_of, &as_of, as_of_text)) return KAM_ERR_USAGE;
  sqlite3 *db;
  int status = open_existing_db(&new_rs->src, o->db_path, false, 5000, &db);
  if (status != KAM_OK) return status;
  int old_status = check_side(old_rs, db), new_status = check_side(new_rs, db);
  status = old_status != KAM_OK ? old_status : new_status;
  if (status == KAM_OK && strcmp(old_rs->prog.entity->table, new_rs->prog.entity->table) != 0) {
    diag_plain(&new_rs->src, KAM_DIAG_ERROR, "the two rule sets evaluate different tables (%s and %s)",
               old_rs->prog.entity->table, new_rs->prog.entity->table);
    status = KAM_ERR_RULES;
  }
  if (status == KAM_OK) {
    differ df = {0};
    df.old_prog = &old_rs->prog;
    df.new_prog = &new_rs->prog;
    df.old_src = &old_rs->src;
    df.new_src = &new_rs->src;
    df.old_name = o->old_name;
    df.new_name = o->new_name;
    df.db_path = o->db_path;
    df.out_path = o->out_path;
    df.busy_ms = 5000;
    sqlite3 *runs_db = NULL;
    status = results_open_for_reading(&new_rs->src, o->out_path, db, &runs_db);
    if (status == KAM_OK && runs_db && results_previous_run(runs_db, as_of_text, &df.previous_run) != SQLITE_OK) {
      diag_plain(&new_rs->src, KAM_DIAG_ERROR, "cannot read the previous runs: %s", sqlite3_errmsg(runs_db));
      status = KAM_ERR_DB;
    }
    if (status == KAM_OK && diff_run(&df, db, runs_db, as_of, parallel_jobs(&new_rs->src, o->jobs)) != SQLITE_OK) {
      diag_plain(&new_rs->src, KAM_DIAG_ERROR, "cannot read the data: %s", sqlite3_errmsg(db));
      status = KAM_ERR_DB;
    } else if (status == KAM_OK) {
      strbuf out;
      sb_init(&out);
      diff_render(&df, o->format ? o->format : "text", as_of_text, &out);
      *text = out.data;
    }
    diff_free(&df);
    if (runs_db != db) sqlite3_close(runs_db);
  }
  sqlite3_close(db);
  return status;
}
