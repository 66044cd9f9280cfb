/*
 * fmt.c — kam fmt: one canonical layout for rule files.
 *
 * Works on the parsed (unchecked) tree of one file, so it formats files
 * whose names do not resolve yet.  Each declaration, tier, perspective,
 * metric, weights row, test row and expectation starts a line; own-line
 * comments are put back before the element they preceded, end-of-line
 * comments after the line they ended (inside an element, at the end of the
 * line of what they follow: fmt_break), and one blank line is kept wherever
 * the source had one or more.  Columns are aligned: tier conditions, metric
 * scales, weights rows as a table.  Expressions are fmt_expr.c's.
 */
#include "fmt.h"
#include "parse.h"

#include <stdlib.h>
#include <string.h>

/* --- comments and blank lines ------------------------------------------------ */

static const source_file *file_of(fmt_state *f) { return f->src->files[f->file]; }

static bool blank_line_between(fmt_state *f, int from, int to) {
  const char *t = file_of(f)->text;
  int newlines = 0;
  for (int i = from; i < to; i++)
    if (t[i] == '\n' && ++newlines >= 2) return true;
  return false;
}

static comment *next_comment(fmt_state *f) {
  return f->next < f->comments->count ? f->comments->items[f->next] : NULL;
}

static void put_comment(fmt_state *f, const comment *c) {
  int n;
  const char *s = span_text(f->src, c->span, &n);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
  sb_append(&f->out, s, (size_t)n);
}

static void newline(fmt_state *f) {
  while (f->out.len && f->out.data[f->out.len - 1] == ' ') f->out.len--;
  sb_putc(&f->out, '\n');
}

/* Own-line comments before source offset `pos`, at the given indent. */
static void comments_before(fmt_state *f, int pos, int indent) {
  comment *c;
  while ((c = next_comment(f)) && c->span.start < pos) {
    if (f->last_end >= 0 && blank_line_between(f, f->last_end, c->span.start)) newline(f);
    sb_printf(&f->out, "%*s", indent, "");
    put_comment(f, c);
    newline(f);
    f->last_end = c->span.end;
    f->next++;
  }
}

/* Starts an element's line: its comments, a kept blank line, the indent. */
static void begin(fmt_state *f, kam_span sp, int indent) {
  comments_before(f, sp.start, indent);
  if (f->last_end >= 0 && blank_line_between(f, f->last_end, sp.start)) newline(f);
  sb_printf(&f->out, "%*s", indent, "");
}

/* Ends an element's line, taking a comment that shared its last line.  A
 * comment inside the element that no line break took goes there too: kept
 * on the element's line rather than moved below it. */
static void end(fmt_state *f, kam_span sp) {
  comment *c;
  f->last_end = sp.end;
  while ((c = next_comment(f)) && c->span.start < sp.end) {
    sb_puts(&f->out, "  ");
    put_comment(f, c);
    f->next++;
  }
  c = next_comment(f);
  if (c) {
    const char *t = file_of(f)->text;
    bool same_line = true;
    for (int i = sp.end; i < c->span.start; i++) same_line &= t[i] != '\n';
    if (same_line) {
      sb_puts(&f->out, "  ");
      put_comment(f, c);
      f->next++;
      f->last_end = c->span.end;
    }
  }
  newline(f);
}

bool fmt_comment_in(fmt_state *f, int from, int to) {
  for (int i = f->next; i < f->comments->count; i++) {
    const comment *c = f->comments->items[i];
    if (c->span.start >= to) return false;
    if (c->span.start >= from) return true;
  }
  return false;
}

/* A comment alone on its source line, rather than after code. */
static bool on_own_line(fmt_state *f, const comment *c) {
  const char *t = file_of(f)->text;
  for (int i = c->span.start - 1; i >= 0 && t[i] != '\n'; i--)
    if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r') return false;
  return true;
}

static void trim_line(strbuf *out) {
  while (out->len && out->data[out->len - 1] == ' ') out->len--;
}

void fmt_break(fmt_state *f, strbuf *out, int pos, int indent) {
  comment *c;
  bool after_comment = false;   /* a second end-of-line comment would join the first */
  while ((c = next_comment(f)) && c->span.start < pos) {
    trim_line(out);
    if (after_comment || on_own_line(f, c)) sb_printf(out, "\n%*s", indent, "");
    else sb_puts(out, "  ");
    int n;
    const char *s = span_text(f->src, c->span, &n);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    sb_append(out, s, (size_t)n);
    f->next++;
    after_comment = true;
  }
  trim_line(out);
  sb_printf(out, "\n%*s", indent, "");
}

/* --- small pieces ----------------------------------------------------------------- */

static void source_text(fmt_state *f, kam_span sp) {
  int n;
  const char *s = span_text(f->src, sp, &n);
  sb_append(&f->out, s, (size_t)n);
}

/* A number as its author wrote it (5%, 1亿, -1), white space folded. */
static void put_number(fmt_state *f, kam_span sp) {
  int n;
  const char *s = span_text(f->src, sp, &n);
  for (int i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') sb_putc(&f->out, s[i]);
}

static void put_title(fmt_state *f, const char *title) {
  if (!title) return;
  sb_putc(&f->out, ' ');
  fmt_string(&f->out, title);
}

void fmt_string(strbuf *out, const char *s) {
  sb_putc(out, '"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') sb_printf(out, "\\%c", c);
    else if (c == '\n') sb_puts(out, "\\n");
    else if (c == '\t') sb_puts(out, "\\t");
    else if (c < 0x20) sb_printf(out, "\\u{%X}", c);
    else sb_putc(out, (char)c);
  }
  sb_putc(out, '"');
}

static bool is_keyword(const char *s) {
  static const char *const words[] = {
      "entity", "from", "key", "label", "relation", "on", "let", "output", "tiering", "tier",
      "when", "otherwise", "scorecard", "stage", "perspective", "metric", "scale", "bands",
      "missing", "weights", "grades", "alert", "severity", "message", "test", "expect", "for",
      "and", "or", "not", "in", "between", "is", "null", "true", "false", "case", "then",
      "else", "end", "where", "distinct", "previous", "as_of"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strcmp(s, words[i]) == 0) return true;
  return false;
}

static void name_or_string(strbuf *out, const char *name, bool keyword_ok) {
  bool plain = *name && !(*name >= '0' && *name <= '9') && (keyword_ok || !is_keyword(name));
  for (const char *p = name; *p && plain; p++) {
    unsigned char c = (unsigned char)*p;
    plain = c >= 0x80 || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  if (plain) sb_puts(out, name);
  else fmt_string(out, name);
}

void fmt_name(strbuf *out, const char *name) { name_or_string(out, name, false); }

static void pad_to(fmt_state *f, int column) {
  int w = fmt_width(&f->out);
  sb_printf(&f->out, "%*s", column > w ? column - w : 0, "");
}

/* { >= 9: 100, else: 0 }: a comment after a band ends its line, the next
 * band goes under the first. */
static void bands(fmt_state *f, const ptr_vec *list) {
  sb_puts(&f->out, "{ ");
  int column = fmt_width(&f->out);
  for (int i = 0; i < list->count; i++) {
    const band *b = list->items[i];
    if (i) sb_putc(&f->out, ',');
    if (i && fmt_comment_in(f, 0, b->span.start)) fmt_break(f, &f->out, b->span.start, column);
    else if (i) sb_putc(&f->out, ' ');
    if (b->op < 0) sb_puts(&f->out, "else");
    else {
      sb_printf(&f->out, "%s ", binop_text(b->op));
      put_number(f, b->threshold_span);
    }
    sb_puts(&f->out, ": ");
    if (b->grade) fmt_name(&f->out, b->grade);
    else put_number(f, b->score_span);
  }
  sb_puts(&f->out, " }");
}

/* --- declarations -------------------------------------------------------------------- */

static void let_or_output(fmt_state *f, const decl *d) {
  sb_printf(&f->out, "%s %s = ", d->kind == D_LET ? "let" : "output", d->name);
  fmt_expr(f, d->value, &f->out);
}

/* The width of the widest `tier NAME "Title"`, so conditions line up. */
static int tier_head_width(const decl *d) {
  int widest = 0;
  for (int i = 0; i < d->tiers.count; i++) {
    const tier *t = d->tiers.items[i];
    strbuf b;
    sb_init(&b);
    sb_printf(&b, "tier %s", t->name);
    if (t->title) {
      sb_putc(&b, ' ');
      fmt_string(&b, t->title);
    }
    int w = utf8_display_width(b.data, (int)b.len);
    sb_free(&b);
    if (w > widest) widest = w;
  }
  return widest;
}

static void tiering(fmt_state *f, const decl *d) {
  sb_printf(&f->out, "tiering %s", d->name);
  put_title(f, d->title);
  sb_puts(&f->out, " {");
  end(f, (kam_span){d->span.file, d->span.start, d->name_span.end});
  int head = tier_head_width(d);
  for (int i = 0; i < d->tiers.count; i++) {
    const tier *t = d->tiers.items[i];
    begin(f, t->span, 2);
    sb_printf(&f->out, "tier %s", t->name);
    put_title(f, t->title);
    pad_to(f, 2 + head + 1);
    if (!t->when) sb_puts(&f->out, "otherwise");
    else {
      sb_puts(&f->out, "when ");
      fmt_expr(f, t->when, &f->out);
    }
    end(f, t->span);
  }
  comments_before(f, d->span.end, 2);
  sb_putc(&f->out, '}');
}

static void metric_line(fmt_state *f, const metric *m, int column) {
  sb_printf(&f->out, "metric %s = ", m->name);
  fmt_expr(f, m->value, &f->out);
  if (fmt_width(&f->out) + 2 > column) sb_puts(&f->out, "  ");   /* a broken value's last line */
  else pad_to(f, column);
  if (m->has_scale) {
    sb_puts(&f->out, "scale ");
    put_number(f, m->lo_span);
    sb_puts(&f->out, " .. ");
    put_number(f, m->hi_span);
  } else {
    sb_puts(&f->out, "bands ");
    bands(f, &m->bands);
  }
  if (m->has_missing) {
    sb_puts(&f->out, "  missing ");
    put_number(f, m->missing_span);
  }
}

static int metric_column(fmt_state *f, const perspective *p) {
  int widest = 0;
  for (int i = 0; i < p->metrics.count; i++) {
    const metric *m = p->metrics.items[i];
    strbuf b;
    sb_init(&b);
    sb_printf(&b, "    metric %s = ", m->name);
    fmt_expr_flat(f, m->value, &b);
    int w = utf8_display_width(b.data, (int)b.len);
    sb_free(&b);
    /* a value broken over lines does not push the others' scales right */
    if (w > widest && w <= FMT_WIDTH - 20 && !fmt_expr_places_comment(f, m->value)) widest = w;
  }
  return widest + 2;
}

static void perspective_block(fmt_state *f, const perspective *p) {
  sb_printf(&f->out, "perspective %s {", p->name);
  end(f, (kam_span){p->span.file, p->span.start, p->name_span.end});
  int column = metric_column(f, p);
  for (int i = 0; i < p->metrics.count; i++) {
    const metric *m = p->metrics.items[i];
    begin(f, m->span, 4);
    metric_line(f, m, column);
    end(f, m->span);
  }
  comments_before(f, p->span.end, 4);
  sb_puts(&f->out, "  }");
}

/* A weights cell is "metric N,"; cells line up as a table.  A comment after
 * a cell ends its line; the row goes on in the next cell's column. */
static char *weight_cell(fmt_state *f, const weight_entry *w, bool last) {
  int n;
  const char *num = span_text(f->src, w->weight_span, &n);
  return arena_printf(f->mem, "%s %.*s%s", w->metric, n, num, last ? "" : ",");
}

static void weights_block(fmt_state *f, const decl *sc, kam_span at) {
  int label = 0, widths[256] = {0};
  for (int r = 0; r < sc->weights.count; r++) {
    const weight_row *row = sc->weights.items[r];
    strbuf name;
    sb_init(&name);
    fmt_name(&name, row->stage);
    int w = utf8_display_width(name.data, (int)name.len) + 1;
    sb_free(&name);
    if (w > label) label = w;
    for (int i = 0; i < row->entries.count && i < 256; i++) {
      int cw = (int)strlen(weight_cell(f, row->entries.items[i], i + 1 == row->entries.count));
      if (cw > widths[i]) widths[i] = cw;
    }
  }
  sb_puts(&f->out, "weights {");
  end(f, (kam_span){at.file, at.start, at.start + 7});
  for (int r = 0; r < sc->weights.count; r++) {
    const weight_row *row = sc->weights.items[r];
    begin(f, row->span, 4);
    fmt_name(&f->out, row->stage);
    sb_putc(&f->out, ':');
    int column = 4 + label + 1;
    pad_to(f, column);
    for (int i = 0; i < row->entries.count; i++) {
      const weight_entry *w = row->entries.items[i];
      const char *cell = weight_cell(f, w, i + 1 == row->entries.count);
      if (i && fmt_comment_in(f, 0, w->span.start)) fmt_break(f, &f->out, w->span.start, column);
      sb_puts(&f->out, cell);
      column += (i < 256 ? widths[i] : (int)strlen(cell)) + 1;
      if (i + 1 < row->entries.count && i < 256) sb_printf(&f->out, "%*s", widths[i] - (int)strlen(cell) + 1, "");
    }
    end(f, row->span);
  }
  comments_before(f, at.end, 4);
  sb_puts(&f->out, "  }");
}

/* The parts of a scorecard, in the order the contract shows them. */
static void scorecard(fmt_state *f, const decl *d) {
  sb_printf(&f->out, "scorecard %s", d->name);
  put_title(f, d->title);
  sb_puts(&f->out, " {");
  end(f, (kam_span){d->span.file, d->span.start, d->name_span.end});
  if (d->stage) {
    begin(f, d->stage->span, 2);
    sb_puts(&f->out, "stage ");
    fmt_expr(f, d->stage, &f->out);
    end(f, d->stage->span);
  }
  for (int i = 0; i < d->perspectives.count; i++) {
    const perspective *p = d->perspectives.items[i];
    begin(f, p->span, 2);
    perspective_block(f, p);
    end(f, p->span);
  }
  if (d->weights.count) {
    begin(f, d->weights_span, 2);
    weights_block(f, d, d->weights_span);
    end(f, d->weights_span);
  }
  if (d->grades.count) {
    begin(f, d->grades_span, 2);
    sb_puts(&f->out, "grades ");
    bands(f, &d->grades);
    end(f, d->grades_span);
  }
  comments_before(f, d->span.end, 2);
  sb_putc(&f->out, '}');
}

static void alert(fmt_state *f, const decl *d) {
  sb_printf(&f->out, "alert %s severity %s", d->name, d->severity);
  end(f, (kam_span){d->span.file, d->span.start, d->severity_span.end});
  begin(f, d->value->span, 2);
  sb_puts(&f->out, "when ");
  fmt_expr(f, d->value, &f->out);
  end(f, d->value->span);
  begin(f, d->message_span, 2);
  sb_puts(&f->out, "message ");
  source_text(f, d->message_span);
}

static void test_row_line(fmt_state *f, const test_row *row, int table_w) {
  int start = fmt_width(&f->out);
  if (row->table) {
    fmt_name(&f->out, row->table);
    pad_to(f, start + table_w);
  } else {   /* an earlier run: previous DATE { ... } */
    char date[11];
    date_format(row->on, date);
    sb_printf(&f->out, "previous %s", date);
  }
  sb_puts(&f->out, " {");
  int column = fmt_width(&f->out) + 1;
  for (int i = 0; i < row->fields.count; i++) {
    const test_field *fl = row->fields.items[i];
    strbuf cell;
    sb_init(&cell);
    name_or_string(&cell, fl->column, true);   /* a test row may name a column `stage` */
    sb_puts(&cell, ": ");
    fmt_expr_flat(f, fl->value, &cell);
    if (i) sb_putc(&f->out, ',');
    if (i && fmt_comment_in(f, 0, fl->span.start))   /* a comment after a field ends its line */
      fmt_break(f, &f->out, fl->span.start, column);
    else if (i && fmt_width(&f->out) + 1 + utf8_display_width(cell.data, (int)cell.len) + 2 > FMT_WIDTH)
      sb_printf(&f->out, "\n%*s", column, "");
    else
      sb_putc(&f->out, ' ');
    sb_append(&f->out, cell.data, cell.len);
    sb_free(&cell);
  }
  sb_puts(&f->out, row->fields.count ? " }" : "}");
}

static void expectation(fmt_state *f, const test_expect *x) {
  sb_puts(&f->out, "expect ");
  if (x->for_key) {
    sb_puts(&f->out, "for ");
    fmt_expr_flat(f, x->for_key, &f->out);
    sb_putc(&f->out, ' ');
  }
  if (x->kind == EXPECT_TRUE) fmt_expr(f, x->value, &f->out);
  else sb_printf(&f->out, "%salert %s", x->kind == EXPECT_NOT_ALERT ? "not " : "", x->alert);
}

/* Test items keep their order: as_of, rows and expectations by position. */
static void test_block(fmt_state *f, const decl *d) {
  sb_puts(&f->out, "test ");
  source_text(f, d->name_span);
  sb_puts(&f->out, " {");
  end(f, (kam_span){d->span.file, d->span.start, d->name_span.end});
  int r = 0, x = 0, table_w = 0;
  for (int i = 0; i < d->rows.count; i++) {
    strbuf t;
    sb_init(&t);
    fmt_name(&t, ((test_row *)d->rows.items[i])->table);
    if (utf8_display_width(t.data, (int)t.len) > table_w) table_w = utf8_display_width(t.data, (int)t.len);
    sb_free(&t);
  }
  bool as_of_done = !d->as_of;
  int pr = 0;
  while (r < d->rows.count || x < d->expects.count || pr < d->previous_rows.count || !as_of_done) {
    const test_row *row = r < d->rows.count ? d->rows.items[r] : NULL;
    const test_row *prev = pr < d->previous_rows.count ? d->previous_rows.items[pr] : NULL;
    const test_expect *ex = x < d->expects.count ? d->expects.items[x] : NULL;
    int row_at = row ? row->span.start : 1 << 30, ex_at = ex ? ex->span.start : 1 << 30;
    int prev_at = prev ? prev->span.start : 1 << 30;
    int as_of_at = as_of_done ? 1 << 30 : d->as_of->span.start;
    if (prev_at < row_at && prev_at < ex_at && prev_at < as_of_at) {
      begin(f, prev->span, 2);
      test_row_line(f, prev, 0);
      end(f, prev->span);
      pr++;
    } else if (as_of_at < row_at && as_of_at < ex_at) {
      begin(f, d->as_of->span, 2);
      sb_puts(&f->out, "as_of ");
      source_text(f, d->as_of->span);
      end(f, d->as_of->span);
      as_of_done = true;
    } else if (row_at < ex_at) {
      begin(f, row->span, 2);
      test_row_line(f, row, table_w);
      end(f, row->span);
      r++;
    } else {
      begin(f, ex->span, 2);
      expectation(f, ex);
      end(f, ex->span);
      x++;
    }
  }
  comments_before(f, d->span.end, 2);
  sb_putc(&f->out, '}');
}

/* Consecutive relations line up in columns: name, table, key. */
static void relation_widths(fmt_state *f, int *name_w, int *table_w) {
  int first = f->decl_index, last = f->decl_index;
  while (first > 0 && ((decl *)f->decls->items[first - 1])->kind == D_RELATION) first--;
  while (last + 1 < f->decls->count && ((decl *)f->decls->items[last + 1])->kind == D_RELATION) last++;
  *name_w = *table_w = 0;
  for (int i = first; i <= last; i++) {
    const decl *r = f->decls->items[i];
    strbuf t;
    sb_init(&t);
    fmt_name(&t, r->table);
    int nw = utf8_display_width(r->name, (int)strlen(r->name)), tw = utf8_display_width(t.data, (int)t.len);
    sb_free(&t);
    if (nw > *name_w) *name_w = nw;
    if (tw > *table_w) *table_w = tw;
  }
}

static void binding(fmt_state *f, const decl *d) {
  int name_w = 0, table_w = 0;
  if (d->kind == D_RELATION) relation_widths(f, &name_w, &table_w);
  int start = fmt_width(&f->out);
  sb_printf(&f->out, "%s %s", d->kind == D_ENTITY ? "entity" : "relation", d->name);
  if (name_w) pad_to(f, start + 9 + name_w);
  sb_puts(&f->out, " from ");
  int table_start = fmt_width(&f->out);
  fmt_name(&f->out, d->table);
  if (table_w) pad_to(f, table_start + table_w);
  sb_puts(&f->out, d->kind == D_ENTITY ? " key " : " on ");
  fmt_name(&f->out, d->key);
  if (d->label) {
    sb_puts(&f->out, " label ");
    fmt_name(&f->out, d->label);
  }
}

static void declaration(fmt_state *f, const decl *d) {
  begin(f, d->span, 0);
  switch (d->kind) {
  case D_ENTITY: case D_RELATION: binding(f, d); break;
  case D_LET: case D_OUTPUT: let_or_output(f, d); break;
  case D_TIERING: tiering(f, d); break;
  case D_SCORECARD: scorecard(f, d); break;
  case D_ALERT: alert(f, d); break;
  case D_TEST: test_block(f, d); break;
  case D_GROUP:
    sb_puts(&f->out, "group by ");
    fmt_name(&f->out, d->key);
    break;
  }
  end(f, d->span);
}

char *fmt_file(source_set *src, arena *mem, int file, int *errors) {
  parsed_file parsed = {0};
  *errors = parse_file(src, mem, file, &parsed);
  if (*errors) return NULL;
  fmt_state f = {0};
  f.src = src;
  f.mem = mem;
  f.file = file;
  f.comments = &parsed.comments;
  f.last_end = -1;
  sb_init(&f.out);
  f.decls = &parsed.decls;
  for (int i = 0; i < parsed.decls.count; i++) {
    f.decl_index = i;
    declaration(&f, parsed.decls.items[i]);
  }
  comments_before(&f, src->files[file]->length + 1, 0);
  if (!f.out.data) sb_puts(&f.out, "");
  return f.out.data;
}
