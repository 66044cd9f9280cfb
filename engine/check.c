/*
 * check.c — from parsed files to a checked program.
 *
 * Collects every declaration of the set under one global namespace
 * (a duplicate cites both places), then checks each declaration once,
 * on demand, so a reference is checked before its user and a cycle is
 * found as a declaration met again while it is still being checked.
 * Tierings, scorecards (weights, bands, grades), alerts and tests are
 * checked here; expressions inside them are resolve.c's.  With a schema,
 * tables and key columns are checked too.
 */
#include "check.h"
#include "severity.h"
#include "value.h"

#include <math.h>
#include <string.h>
#include <strings.h>

/* --- the global namespace ------------------------------------------------- */

static unsigned hash_name(const char *s) {
  unsigned h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

decl *names_lookup(const checker *c, const char *name) {
  if (!c->name_cap) return NULL;
  for (unsigned i = hash_name(name) & (unsigned)(c->name_cap - 1);; i = (i + 1) & (unsigned)(c->name_cap - 1)) {
    if (!c->names[i].name) return NULL;
    if (strcmp(c->names[i].name, name) == 0) return c->names[i].d;
  }
}

static void names_insert(checker *c, decl *d) {
  unsigned mask = (unsigned)(c->name_cap - 1);
  unsigned i = hash_name(d->name) & mask;
  while (c->names[i].name) i = (i + 1) & mask;
  c->names[i].name = d->name;
  c->names[i].d = d;
}

static void declare(checker *c, decl *d) {
  decl *first = names_lookup(c, d->name);
  if (first) {
    diag_error(c->src, d->name_span, "'%s' is declared twice", d->name);
    const char *kind = decl_kind_name(first->kind);
    diag_note(c->src, first->name_span, "'%s' was first declared here (as %s %s)", d->name,
              strchr("aeiou", kind[0]) ? "an" : "a", kind);
    return;
  }
  names_insert(c, d);
}

/* --- collecting declarations -------------------------------------------- */

static void collect(checker *c, decl *d) {
  program *p = c->prog;
  switch (d->kind) {
  case D_ENTITY:
    if (p->entity) {
      diag_error(c->src, d->name_span, "a rule set has exactly one entity, and this is a second");
      diag_note(c->src, p->entity->name_span, "the first entity is declared here");
      return;
    }
    p->entity = d;
    break;
  case D_RELATION: {
    relation_info *r = arena_alloc(c->mem, sizeof *r);
    r->d = d;
    r->index = d->index = p->relations.count;
    ptr_vec_push(c->mem, &p->relations, r);
    break;
  }
  case D_LET: d->index = p->lets.count; ptr_vec_push(c->mem, &p->lets, d); break;
  case D_OUTPUT: d->index = p->outputs.count; ptr_vec_push(c->mem, &p->outputs, d); break;
  case D_TIERING: d->index = p->tierings.count; ptr_vec_push(c->mem, &p->tierings, d); break;
  case D_SCORECARD: d->index = p->scorecards.count; ptr_vec_push(c->mem, &p->scorecards, d); break;
  case D_ALERT: d->index = p->alerts.count; ptr_vec_push(c->mem, &p->alerts, d); break;
  case D_TEST: d->index = p->tests.count; ptr_vec_push(c->mem, &p->tests, d); return;
  case D_GROUP:
    if (p->group) {
      diag_error(c->src, d->span, "a rule set groups its subjects by one column, and this is a second 'group by'");
      diag_note(c->src, p->group->span, "the first 'group by' is here");
    } else {
      p->group = d;
    }
    return;
  }
  if (d->kind != D_ENTITY && d->kind != D_RELATION) d->memo = p->decl_memo_count++;
  declare(c, d);
}

/* Scorecard metrics are numbered once, before anything refers to them. */
static void number_metrics(checker *c, decl *sc) {
  int n = 0;
  for (int i = 0; i < sc->perspectives.count; i++)
    n += ((perspective *)sc->perspectives.items[i])->metrics.count;
  sc->metrics = arena_alloc(c->mem, sizeof(metric *) * (size_t)(n ? n : 1));
  sc->metric_count = 0;
  for (int i = 0; i < sc->perspectives.count; i++) {
    perspective *ps = sc->perspectives.items[i];
    for (int k = 0; k < ps->metrics.count; k++) {
      metric *m = ps->metrics.items[k];
      m->index = sc->metric_count;
      m->perspective = i;
      sc->metrics[sc->metric_count++] = m;
    }
  }
}

/* --- cycles ------------------------------------------------------------- */

static void report_cycle(checker *c, decl *d) {
  int from = 0;
  while (from < c->stack.count && c->stack.items[from] != d) from++;
  strbuf path;
  sb_init(&path);
  for (int i = from; i < c->stack.count; i++)
    sb_printf(&path, "%s -> ", ((decl *)c->stack.items[i])->name);
  sb_puts(&path, d->name);
  if (c->group_from > 0 && c->group_from - 1 >= from)   /* the holder of the group call is in the cycle */
    sb_printf(&path, " (through %s(), which rolls up every member's %s: a group aggregate cannot "
              "decide what it rolls up)", c->group_call, d->name);
  diag_error(c->src, d->name_span, "'%s' depends on itself: %s", d->name, path.data);
  sb_free(&path);
}

/* --- tierings ------------------------------------------------------------- */

static void check_tiering(checker *c, decl *d) {
  scope s = {-1, false, false};
  for (int i = 0; i < d->tiers.count; i++) {
    tier *t = d->tiers.items[i];
    for (int k = 0; k < i; k++) {
      tier *before = d->tiers.items[k];
      if (strcmp(before->name, t->name) == 0) {
        diag_error(c->src, t->name_span, "tier '%s' appears twice in '%s'", t->name, d->name);
        diag_note(c->src, before->name_span, "first here");
      }
    }
    if (!t->when && i + 1 < d->tiers.count)
      diag_error(c->src, ((tier *)d->tiers.items[i + 1])->span,
                 "no subject reaches this tier: the tier before it is 'otherwise'");
    if (t->when) resolve_condition(c, t->when, &s, "a tier condition");
  }
  tier *last = d->tiers.items[d->tiers.count - 1];
  if (last->when)
    diag_warning(c->src, d->name_span, "'%s' has no 'otherwise' tier: a subject that meets no "
                 "tier gets a null tier", d->name);
}

/* --- scorecards ----------------------------------------------------------- */

static metric *find_metric(decl *sc, const char *name) {
  for (int i = 0; i < sc->metric_count; i++)
    if (strcmp(sc->metrics[i]->name, name) == 0) return sc->metrics[i];
  return NULL;
}

static void check_unique_parts(checker *c, decl *sc) {
  for (int i = 0; i < sc->metric_count; i++)
    for (int k = 0; k < i; k++)
      if (strcmp(sc->metrics[i]->name, sc->metrics[k]->name) == 0) {
        diag_error(c->src, sc->metrics[i]->name_span, "metric '%s' appears twice in '%s'",
                   sc->metrics[i]->name, sc->name);
        diag_note(c->src, sc->metrics[k]->name_span, "first here");
      }
  for (int i = 0; i < sc->perspectives.count; i++) {
    perspective *p = sc->perspectives.items[i];
    static const char *const reserved[] = {"stage", "grade"};
    for (int r = 0; r < 2; r++)
      if (strcmp(p->name, reserved[r]) == 0)
        diag_error(c->src, p->name_span, "'%s' names a part of every scorecard; choose another name", p->name);
    if (find_metric(sc, p->name))
      diag_error(c->src, p->name_span, "'%s' names both a perspective and a metric; '%s.%s' "
                 "would be ambiguous", p->name, sc->name, p->name);
  }
  for (int i = 0; i < sc->metric_count; i++)
    for (int r = 0; r < 2; r++)
      if (strcmp(sc->metrics[i]->name, (const char *const[]){"stage", "grade"}[r]) == 0)
        diag_error(c->src, sc->metrics[i]->name_span,
                   "'%s' names a part of every scorecard; choose another name", sc->metrics[i]->name);
}

static void check_bands(checker *c, ptr_vec *bands, bool want_grades, const char *what) {
  for (int i = 0; i < bands->count; i++) {
    band *b = bands->items[i];
    if (want_grades != (b->grade != NULL))
      diag_error(c->src, b->span, want_grades ? "a grade band names a grade, e.g. '>= 75: green'"
                                              : "a band gives a score from 0 to 100, e.g. '>= 9: 100'");
    if (!want_grades && (b->score < 0 || b->score > 100))
      diag_error(c->src, b->span, "a band's score must be between 0 and 100");
    if (b->op < 0 && i + 1 < bands->count)
      diag_error(c->src, ((band *)bands->items[i + 1])->span, "no value reaches this band: the one "
                 "before it is 'else'");
  }
  (void)what;
}

static void check_metric(checker *c, metric *m) {
  scope s = {-1, false, false};
  resolve_expr(c, m->value, &s);
  kam_type t = m->value->type;
  if (t != T_NUMBER && t != T_ANY && t != T_NULL && t != T_TEXT)
    diag_error(c->src, m->value->span, "a metric's value must be a number, not %s", type_name(t));
  if (m->has_scale && m->lo == m->hi)
    diag_error(c->src, m->span, "scale %g .. %g is empty: its ends must differ", m->lo, m->hi);
  if (!m->has_scale) check_bands(c, &m->bands, false, "bands");
  if (m->has_missing && (m->missing < 0 || m->missing > 100))
    diag_error(c->src, m->span, "a missing score must be between 0 and 100");
}

static void check_weight_row(checker *c, decl *sc, weight_row *row) {
  row->by_metric = arena_alloc(c->mem, sizeof(double) * (size_t)(sc->metric_count + 1));
  bool *seen = arena_alloc(c->mem, sizeof(bool) * (size_t)(sc->metric_count + 1));
  double sum = 0;
  for (int i = 0; i < row->entries.count; i++) {
    weight_entry *w = row->entries.items[i];
    metric *m = find_metric(sc, w->metric);
    if (!m) {
      const char **names = arena_alloc(c->mem, sizeof(char *) * (size_t)(sc->metric_count + 1));
      for (int k = 0; k < sc->metric_count; k++) names[k] = sc->metrics[k]->name;
      diag_error(c->src, w->span, "weights for stage '%s' name '%s', which is not a metric of '%s'%s",
                 row->stage, w->metric, sc->name, suggest_names(c->mem, w->metric, names, sc->metric_count));
      continue;
    }
    if (seen[m->index])
      diag_error(c->src, w->span, "weights for stage '%s' name '%s' twice", row->stage, w->metric);
    if (w->weight < 0)
      diag_error(c->src, w->span, "a weight cannot be negative");
    seen[m->index] = true;
    row->by_metric[m->index] = w->weight;
    sum += w->weight;
  }
  for (int k = 0; k < sc->metric_count; k++)
    if (!seen[k])
      diag_error(c->src, row->stage_span, "weights for stage '%s' do not give metric '%s' a weight",
                 row->stage, sc->metrics[k]->name);
  if (fabs(sum - 100) > 1e-9)
    diag_error(c->src, row->span, "weights for stage '%s' sum to %g, not 100", row->stage, sum);
}

static void check_weights(checker *c, decl *sc) {
  if (!sc->weights.count) {
    diag_error(c->src, sc->name_span, "scorecard '%s' has no weights: give one row per stage", sc->name);
    return;
  }
  for (int i = 0; i < sc->weights.count; i++) {
    weight_row *row = sc->weights.items[i];
    for (int k = 0; k < i; k++)
      if (strcmp(((weight_row *)sc->weights.items[k])->stage, row->stage) == 0)
        diag_error(c->src, row->stage_span, "stage '%s' has two weights rows", row->stage);
    check_weight_row(c, sc, row);
  }
}

static void check_scorecard(checker *c, decl *sc) {
  scope s = {-1, false, false};
  if (!sc->stage)
    diag_error(c->src, sc->name_span, "scorecard '%s' has no stage: say which weights row applies, "
               "e.g. 'stage lifecycle'", sc->name);
  else
    resolve_expr(c, sc->stage, &s);
  if (!sc->metric_count)
    diag_error(c->src, sc->name_span, "scorecard '%s' has no metrics", sc->name);
  check_unique_parts(c, sc);
  decl *outer = c->scorecard;
  c->scorecard = sc;
  for (int i = 0; i < sc->metric_count; i++) check_metric(c, sc->metrics[i]);
  c->scorecard = outer;
  check_weights(c, sc);
  check_bands(c, &sc->grades, true, "grades");
}

/* --- alerts ---------------------------------------------------------------- */

static void check_alert(checker *c, decl *d) {
  if (severity_rank(d->severity) < 0)
    diag_error(c->src, d->severity_span, "unknown severity '%s' (info, low, medium, high or "
               "critical)%s", d->severity, suggest_names(c->mem, d->severity, severity_names, SEVERITY_COUNT));
  scope s = {-1, false, false};
  resolve_condition(c, d->value, &s, "an alert condition");
  for (int i = 0; i < d->message.count; i++) {
    msg_piece *p = d->message.items[i];
    if (!p->value) continue;
    resolve_expr(c, p->value, &s);
    if (p->format && !format_is_valid(p->format))
      diag_error(c->src, p->span, "unknown format '%s' (use .Nf, .N%%, ',' or ',.Nf')", p->format);
  }
}

/* --- one declaration, on demand ------------------------------------------- */

/* --- how deep evaluation goes ------------------------------------------------ */

/* Evaluation recurses into every declaration an expression names, so a
 * chain of 20,000 lets would exhaust the stack at run time even though each
 * is shallow.  Each declaration's depth counts the chain, and is known for
 * the declarations it names because they are checked first. */
static int expr_eval_depth(const expr *e) {
  if (!e) return 0;
  int deepest = 0;
  const expr *children[] = {e->a, e->b, e->c};
  for (int i = 0; i < 3; i++) {
    int d = expr_eval_depth(children[i]);
    if (d > deepest) deepest = d;
  }
  for (int i = 0; i < e->list.count; i++) {
    int d = expr_eval_depth(e->list.items[i]);
    if (d > deepest) deepest = d;
  }
  if ((e->kind == E_DECL || e->kind == E_SCORE_PART) && e->decl && e->decl->eval_depth > deepest)
    deepest = e->decl->eval_depth;
  return deepest + 1;
}

static int eval_depth_of(void *ctx, const expr *e) {
  (void)ctx;
  return expr_eval_depth(e);
}

static void limit_eval_depth(checker *c, decl *d) {
  d->eval_depth = decl_max_over(d, eval_depth_of, NULL);
  if (d->eval_depth <= CHECK_MAX_NESTING || c->too_deep) return;
  diag_error(c->src, d->name_span, "'%s' is computed through declarations nested %d levels deep "
             "(at most %d): shorten the chain of lets", d->name, d->eval_depth, CHECK_MAX_NESTING);
  c->too_deep = true;
}

kam_type check_decl(checker *c, decl *d) {
  if (d->visit == 2) return d->type;
  if (d->visit == 1) {
    report_cycle(c, d);
    return T_ANY;
  }
  d->visit = 1;
  ptr_vec_push(c->mem, &c->stack, d);
  scope s = {-1, false, false};
  switch (d->kind) {
  case D_LET: case D_OUTPUT:
    d->type = resolve_expr(c, d->value, &s);
    d->tiering = d->type == T_TIER ? d->value->tiering : -1;   /* let t = key_account: t = A works */
    if (d->type == T_DURATION)
      diag_error(c->src, d->value->span, "a duration is not a value: add it to or subtract it "
                 "from a date");
    break;
  case D_TIERING: check_tiering(c, d); d->type = T_TIER; d->tiering = d->index; break;
  case D_SCORECARD: check_scorecard(c, d); d->type = T_NUMBER; break;
  case D_ALERT: check_alert(c, d); d->type = T_BOOL; break;
  default: break;
  }
  c->stack.count--;
  d->visit = 2;
  limit_eval_depth(c, d);
  return d->type;
}

/* --- tests ------------------------------------------------------------------ */

static bool is_bound_table(const program *p, const char *table) {
  if (p->entity && strcasecmp(p->entity->table, table) == 0) return true;
  for (int i = 0; i < p->relations.count; i++)
    if (strcasecmp(((relation_info *)p->relations.items[i])->d->table, table) == 0) return true;
  return false;
}

/* A test row holds data as a table would: literals only (a negative number
 * included).  A word, as_of or a computation there is almost always a value
 * that lost its quotes (credit: AAA) or a date written with slashes. */
static bool require_literal(checker *c, const expr *e) {
  const expr *x = e->kind == E_NEG ? e->a : e;
  switch (x->kind) {
  case E_INT: case E_REAL: return true;
  case E_TEXT: case E_DATE: case E_BOOL: case E_NULL: if (x == e) return true; break;
  default: break;
  }
  if (e->kind == E_NAME)
    diag_error(c->src, e->span, "a test row holds literals only: write the text in quotes (\"%s\")", e->text);
  else if (e->kind == E_AS_OF)
    diag_error(c->src, e->span, "a test row holds literals only: write the date itself (2026-06-30), "
               "not as_of");
  else
    diag_error(c->src, e->span, "a test row holds literals only (a number, \"text\", a date such as "
               "2025-06-01, true, false or null), not an expression");
  return false;
}

static void check_test_row(checker *c, test_row *row) {
  if (!is_bound_table(c->prog, row->table)) {
    diag_error(c->src, row->span, "table '%s' is not bound by the entity or a relation", row->table);
    return;
  }
  const db_table *t = c->schema ? schema_table(c->schema, row->table) : NULL;
  scope s = {-1, false, true};
  for (int i = 0; i < row->fields.count; i++) {
    test_field *f = row->fields.items[i];
    if (t && !schema_column(t, f->column))
      diag_error(c->src, f->span, "table '%s' has no column '%s'", t->name, f->column);
    if (require_literal(c, f->value)) resolve_expr(c, f->value, &s);
  }
}

/* previous DATE { account: KEY, TIERING: "A", SCORECARD: 72, OUTPUT: v }: a
 * stored result of an earlier run, for previous() to read. */
static void check_previous_row(checker *c, test_row *row) {
  bool has_account = false;
  for (int i = 0; i < row->fields.count; i++) {
    test_field *f = row->fields.items[i];
    require_literal(c, f->value);
    if (strcmp(f->column, "account") == 0) { has_account = true; continue; }
    decl *d = names_lookup(c, f->column);
    if (!d || (d->kind != D_TIERING && d->kind != D_SCORECARD && d->kind != D_OUTPUT))
      diag_error(c->src, f->span, "an earlier run stores tierings, scorecards and outputs: '%s' is none of "
                 "them (write account: KEY and, e.g., key_account: \"A\")", f->column);
  }
  if (!has_account) diag_error(c->src, row->span, "an earlier run's row names its account (account: KEY)");
}

static void check_test(checker *c, decl *d) {
  for (int i = 0; i < d->rows.count; i++) check_test_row(c, d->rows.items[i]);
  for (int i = 0; i < d->previous_rows.count; i++) check_previous_row(c, d->previous_rows.items[i]);
  scope s = {-1, false, true};
  for (int i = 0; i < d->expects.count; i++) {
    test_expect *x = d->expects.items[i];
    if (x->kind == EXPECT_TRUE) {
      resolve_condition(c, x->value, &s, "an expectation");
      continue;
    }
    decl *a = names_lookup(c, x->alert);
    if (!a || a->kind != D_ALERT)
      diag_error(c->src, x->alert_span, "'%s' is not an alert", x->alert);
    x->alert_decl = a;
  }
}

/* --- the schema ------------------------------------------------------------- */

static const char *table_suggestion(checker *c, const char *name) {
  const char **names = arena_alloc(c->mem, sizeof(char *) * (size_t)(c->schema->table_count + 1));
  for (int i = 0; i < c->schema->table_count; i++) names[i] = c->schema->tables[i].name;
  return suggest_names(c->mem, name, names, c->schema->table_count);
}

/* Keys match byte for byte (contract §2): a declared collation such as
 * NOCASE would make SQL and kam disagree, so say that it is not applied. */
static void warn_key_collation(checker *c, const db_table *t, const decl *d) {
  const db_column *col = schema_column(t, d->key);
  if (!col || strcasecmp(col->collation, "BINARY") == 0) return;
  diag_warning(c->src, d->key_span, "column %s.%s declares COLLATE %s, which kam does not apply: "
               "keys match byte for byte ('B' and 'b' are different keys)", t->name, col->name,
               col->collation);
}

static void check_binding(checker *c, decl *d) {
  const db_table *t = schema_table(c->schema, d->table);
  if (!t) {
    diag_error(c->src, d->table_span, "the database has no table '%s'%s", d->table,
               table_suggestion(c, d->table));
    return;
  }
  d->table = t->name;   /* SQL uses the schema's spelling */
  if (d->kind != D_GROUP) warn_key_collation(c, t, d);
  const char *cols[2] = {d->key, d->label};
  kam_span spans[2] = {d->key_span, d->label_span};
  for (int i = 0; i < 2; i++) {
    if (!cols[i] || schema_column(t, cols[i])) continue;
    const char **names = arena_alloc(c->mem, sizeof(char *) * (size_t)(t->column_count + 1));
    for (int k = 0; k < t->column_count; k++) names[k] = t->columns[k].name;
    diag_error(c->src, spans[i], "table '%s' has no column '%s'%s", t->name, cols[i],
               suggest_names(c->mem, cols[i], names, t->column_count));
  }
}

/* --- the whole set ----------------------------------------------------------- */

static void prepare_entity_columns(checker *c) {
  program *p = c->prog;
  kam_span at = p->entity->key_span;
  column_info *key = program_column(c->mem, p, -1, p->entity->key, at);
  column_apply_schema(key, c->schema);
  p->key_column = key->id;
  p->label_column = -1;
  if (p->entity->label) {
    column_info *label = program_column(c->mem, p, -1, p->entity->label, p->entity->label_span);
    column_apply_schema(label, c->schema);
    p->label_column = label->id;
  }
  p->group_column = -1;
  if (p->group) {
    column_info *group = program_column(c->mem, p, -1, p->group->key, p->group->key_span);
    column_apply_schema(group, c->schema);
    p->group_column = group->id;
  }
}

int check_program(arena *mem, source_set *src, parsed_file *files, int file_count,
                  const db_schema *schema, program *out) {
  memset(out, 0, sizeof *out);
  checker c = {0};
  c.mem = mem;
  c.src = src;
  c.prog = out;
  c.schema = schema;
  int total = 0;
  for (int f = 0; f < file_count; f++) total += files[f].decls.count;
  c.name_cap = 16;
  while (c.name_cap < total * 2) c.name_cap *= 2;
  c.names = arena_alloc(mem, sizeof *c.names * (size_t)c.name_cap);
  int errors_before = src->errors;
  for (int f = 0; f < file_count; f++)
    for (int i = 0; i < files[f].decls.count; i++) collect(&c, files[f].decls.items[i]);
  if (!out->entity) {   /* after syntax errors the entity may just not have parsed */
    kam_span start_of_first_file = {file_count ? files[0].file : -1, 0, 0};
    if (!src->errors)
      diag_error(src, start_of_first_file, "the rule set declares no entity: add one, e.g. "
                 "'entity account from accounts key id label name'");
    return src->errors - errors_before;
  }
  if (schema) {
    check_binding(&c, out->entity);
    for (int i = 0; i < out->relations.count; i++)
      check_binding(&c, ((relation_info *)out->relations.items[i])->d);
    if (out->group) {   /* the group column is read from the entity's table */
      out->group->table = out->entity->table;
      check_binding(&c, out->group);
    }
  }
  prepare_entity_columns(&c);
  for (int i = 0; i < out->scorecards.count; i++) number_metrics(&c, out->scorecards.items[i]);
  for (int f = 0; f < file_count; f++)
    for (int i = 0; i < files[f].decls.count; i++) {
      decl *d = files[f].decls.items[i];
      if (d->kind == D_TEST) check_test(&c, d);
      else if (d->kind != D_ENTITY && d->kind != D_RELATION && d->kind != D_GROUP) check_decl(&c, d);
    }
  return src->errors - errors_before;
}

/* --- columns ----------------------------------------------------------------- */

/* What kam reads a column as: its SQLite affinity, except that a declared
 * DATE or TIMESTAMP (NUMERIC to SQLite) holds dates. */
static kam_type affinity_type(const char *declared, bool *is_date) {
  *is_date = type_holds_dates(declared);
  if (*is_date) return T_DATE;
  switch (affinity_of(declared)) {
  case AFFINITY_TEXT: return T_TEXT;
  case AFFINITY_BLOB: return T_ANY;
  default: return T_NUMBER;   /* INTEGER, REAL, NUMERIC (BOOLEAN, DECIMAL ...) */
  }
}

column_info *program_column(arena *mem, program *p, int relation, const char *name, kam_span use) {
  for (int i = 0; i < p->columns.count; i++) {
    column_info *col = p->columns.items[i];
    if (col->relation == relation && strcasecmp(col->name, name) == 0) return col;
  }
  column_info *col = arena_alloc(mem, sizeof *col);
  col->id = p->columns.count;
  col->relation = relation;
  col->name = arena_strdup(mem, name);
  col->first_use = use;
  col->declared = T_ANY;
  if (relation < 0) {
    col->slot = p->entity_column_count++;
    col->table = p->entity->table;
  } else {
    relation_info *r = p->relations.items[relation];
    col->slot = r->column_count++;
    col->table = r->d->table;
  }
  ptr_vec_push(mem, &p->columns, col);
  return col;
}

void column_apply_schema(column_info *col, const db_schema *schema) {
  const db_table *t = schema ? schema_table(schema, col->table) : NULL;
  const db_column *dc = t ? schema_column(t, col->name) : NULL;
  if (!dc) return;
  col->name = dc->name;
  col->declared = affinity_type(dc->declared_type, &col->is_date);
}
