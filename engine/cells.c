/*
 * cells.c — the one place where a value is read as what an operation
 * needs: a number, a date or a boolean (contract §3, "Data as stored").
 * A value that cannot be read is null for that subject and one data
 * warning, naming the table, column, key and value when it came from a
 * column, and the declaration whose evaluation needed it.
 *
 * Cells are read on first use, not when their row loads: the warning then
 * names the rule that failed, and a cell nothing reads costs nothing.  A
 * converted value is written back into the row buffer, so each cell is
 * converted at most once per subject; an unreadable one keeps its text, for
 * the lenient readers number() and date(), is warned about once and is
 * marked CELL_UNREADABLE, so later reads are null without parsing it again.
 */
#include "eval.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- data warnings ------------------------------------------------------------ */

static bool already_warned(evaluator *ev, long cell) {
  for (int i = 0; i < ev->warned_count; i++)
    if (ev->warned[i] == cell) return true;
  if (ev->warned_count == ev->warned_cap) {
    ev->warned_cap = ev->warned_cap ? ev->warned_cap * 2 : 16;
    long *bigger = realloc(ev->warned, sizeof(long) * (size_t)ev->warned_cap);
    if (!bigger) abort();
    ev->warned = bigger;
  }
  ev->warned[ev->warned_count++] = cell;
  return false;
}

static const char *current_rule(const evaluator *ev) { return ev->rule ? ev->rule : ""; }

static void warn_computed(evaluator *ev, value v, const char *needed) {
  char msg[200];
  snprintf(msg, sizeof msg, "a computed value %s cannot be read as %s", value_to_text(ev, v, NULL), needed);
  ev->warn(ev->warn_user, current_rule(ev), msg);
}

void eval_warn_cell(evaluator *ev, value v, int row, const char *needed) {
  if (!ev->warn) return;
  if (v.origin == 0) {
    warn_computed(ev, v, needed);
    return;
  }
  const column_info *col = ev->prog->columns.items[v.origin - 1];
  if (already_warned(ev, (long)col->id * 1000003L + row + 1)) return;
  strbuf b;
  sb_init(&b);
  sb_printf(&b, "table %s, column %s, %s %s: ", col->table, col->name, ev->prog->entity->name,
            value_to_text(ev, ev->key, NULL));
  if (v.type == V_TEXT) {
    sb_putc(&b, '\'');
    sb_append(&b, v.u.t.s, (size_t)(v.u.t.n > 200 ? 200 : v.u.t.n));
    sb_putc(&b, '\'');
  } else {
    sb_puts(&b, value_to_text(ev, v, NULL));
  }
  sb_printf(&b, " is not %s", needed);
  ev->warn(ev->warn_user, current_rule(ev), b.data);
  sb_free(&b);
}

/* The related row a column value came from, for its warning; -1 for the
 * entity's own columns and computed values. */
static int origin_row(const evaluator *ev, value v) {
  if (!v.origin) return -1;
  const column_info *col = ev->prog->columns.items[v.origin - 1];
  return col->relation < 0 ? -1 : ev->current_row[col->relation];
}

void eval_warn_value(evaluator *ev, value v, const char *needed) {
  eval_warn_cell(ev, v, origin_row(ev, v), needed);
}

/* --- what an operation needs ----------------------------------------------------- */

/* `row` is the related row a cell came from, for the warning. */
static value need_number_at(evaluator *ev, value v, int row) {
  if (v_is_number(v) || v.type == V_NULL) return v;
  value n;
  if (v.type == V_TEXT && text_to_number(v.u.t.s, v.u.t.n, &n)) {
    n.origin = v.origin;
    return n;
  }
  eval_warn_cell(ev, v, row, "a number");
  return v_null();
}

static value need_date_at(evaluator *ev, value v, int row) {
  int64_t days;
  if (v.type == V_DATE || v.type == V_NULL) return v;
  if (v.type == V_TEXT && date_parse(v.u.t.s, v.u.t.n, &days)) {
    value d = v_date(days);
    d.origin = v.origin;
    return d;
  }
  eval_warn_cell(ev, v, row, "a date (YYYY-MM-DD)");
  return v_null();
}

value eval_need_number(evaluator *ev, value v) { return need_number_at(ev, v, origin_row(ev, v)); }

value eval_need_date(evaluator *ev, value v) { return need_date_at(ev, v, origin_row(ev, v)); }

/* Booleans, and the integers 0 and 1 (also as plain text); anything else
 * is unreadable where a boolean is needed.  1 true, 0 false, -1 null. */
int eval_need_truth(evaluator *ev, value v) {
  if (v.type == V_NULL) return -1;
  if (v.type == V_BOOL) return (int)v.u.i;
  value n = v;
  if (v.type == V_TEXT && !text_to_number(v.u.t.s, v.u.t.n, &n)) n = v;
  if (n.type == V_INT && (n.u.i == 0 || n.u.i == 1)) return (int)n.u.i;
  if (n.type == V_REAL && (n.u.d == 0 || n.u.d == 1)) return (int)n.u.d;
  eval_warn_cell(ev, v, origin_row(ev, v), "a boolean (0 or 1)");
  return -1;
}

/* --- cells on first use ------------------------------------------------------------ */

/* A cell as its column's declared type needs it: DATE columns hold dates,
 * numeric columns numbers; other columns keep what SQLite stored. */
static value read_cell(evaluator *ev, const column_info *col, value v, int row) {
  if (v.type == V_NULL) return v;
  if (col->is_date) return need_date_at(ev, v, row);
  if (col->declared == T_NUMBER && v.type == V_TEXT) return need_number_at(ev, v, row);
  if (v.type == V_REAL && !isfinite(v.u.d)) {
    eval_warn_cell(ev, v, row, "a finite number");
    return v_null();
  }
  return v;
}

/* Whether a cell is already what its column holds: a date (or null) in a
 * DATE column; in other columns, anything but text and infinities. */
static inline bool may_need_reading(const column_info *col, value v) {
  if (col->is_date) return v.type != V_DATE && v.type != V_NULL;
  if (v.type == V_TEXT) return col->declared == T_NUMBER;   /* text stays text elsewhere */
  return v.type == V_REAL && !isfinite(v.u.d);
}

static inline value read_in_place(evaluator *ev, const column_info *col, value *cell, int row) {
  if (!may_need_reading(col, *cell)) return *cell;
  value read = cell->unit == CELL_UNREADABLE ? v_null() : read_cell(ev, col, *cell, row);
  read.origin = cell->origin;
  if (read.type != V_NULL) *cell = read;
  else cell->unit = CELL_UNREADABLE;
  return read;
}

static value *relation_cell_at(evaluator *ev, const column_info *col, int *row) {
  rel_rows *rows = &ev->relations[col->relation];
  *row = ev->current_row[col->relation];
  if (*row < 0 || *row >= rows->count) return NULL;
  return &rows->cells[(size_t)*row * (size_t)rows->columns + (size_t)col->slot];
}

value eval_entity_cell(evaluator *ev, const column_info *col) {
  return read_in_place(ev, col, &ev->entity[col->slot], -1);
}

value eval_relation_cell(evaluator *ev, const column_info *col) {
  int row;
  value *cell = relation_cell_at(ev, col, &row);
  return cell ? read_in_place(ev, col, cell, row) : v_null();
}

value eval_column_as_stored(evaluator *ev, const expr *e) {
  const column_info *col = ev->prog->columns.items[e->slot];
  if (e->kind == E_COLUMN) return ev->entity[col->slot];
  int row;
  value *cell = relation_cell_at(ev, col, &row);
  return cell ? *cell : v_null();
}

value eval_stored_cell(const column_info *col, value v) {
  v.origin = col->id + 1;
  return v;
}

value eval_label(evaluator *ev) {
  const program *p = ev->prog;
  if (p->label_column < 0) return v_null();
  return ev->entity[((const column_info *)p->columns.items[p->label_column])->slot];
}
