/*
 * resolve.c — names and types inside expressions.
 *
 * Each E_NAME / E_FIELD / E_CALL node is rewritten in place into what it
 * means (a column with its slot, a declaration, a tier, a scorecard part,
 * a built-in, an aggregate over one relation), and every node gets a
 * static type.  Types the checker cannot know (columns without --db) are
 * T_ANY and checked when values arrive.  Errors are reported here; the
 * declarations around expressions are check.c's business.
 */
#include "builtins.h"
#include "check.h"
#include "value.h"

#include <string.h>
#include <strings.h>

static kam_type resolve_with_tier_context(checker *c, expr *e, scope *s, const expr *other);


/* --- columns ----------------------------------------------------------- */

const db_table *table_of(const checker *c, int relation) {
  if (!c->schema) return NULL;
  decl *d = relation < 0 ? c->prog->entity
                         : ((relation_info *)c->prog->relations.items[relation])->d;
  return d ? schema_table(c->schema, d->table) : NULL;
}

static const char *column_suggestion(checker *c, const db_table *t, const char *name) {
  const char **names = arena_alloc(c->mem, sizeof(char *) * (size_t)(t->column_count + 1));
  for (int i = 0; i < t->column_count; i++) names[i] = t->columns[i].name;
  return suggest_names(c->mem, name, names, t->column_count);
}

/* A column of the entity (relation -1) or of a relation, checked against
 * the schema when there is one. */
kam_type resolve_column(checker *c, expr *e, int relation, const char *name, kam_span at) {
  const db_table *t = table_of(c, relation);
  if (t && !schema_column(t, name)) {
    diag_error(c->src, at, "table '%s' has no column '%s'%s", t->name, name,
               column_suggestion(c, t, name));
    return expr_set_type(e, T_ANY);
  }
  column_info *col = program_column(c->mem, c->prog, relation, name, at);
  column_apply_schema(col, c->schema);
  e->kind = relation < 0 ? E_COLUMN : E_REL_COLUMN;
  e->slot = col->id;
  e->relation = relation;
  return expr_set_type(e, col->declared);
}

/* --- names --------------------------------------------------------------- */

int relation_index(const checker *c, const decl *d) {
  for (int i = 0; i < c->prog->relations.count; i++)
    if (((relation_info *)c->prog->relations.items[i])->d == d) return i;
  return -1;
}

static kam_type decl_type_without_checking(decl *d) {
  switch (d->kind) {
  case D_TIERING: return T_TIER;
  case D_SCORECARD: return T_NUMBER;
  case D_ALERT: return T_BOOL;
  default: return T_ANY;
  }
}

static kam_type resolve_decl_ref(checker *c, expr *e, decl *d, scope *s) {
  e->kind = E_DECL;
  e->decl = d;
  if (d->kind == D_TIERING) e->tiering = d->index;
  if (s->in_previous) return expr_set_type(e, decl_type_without_checking(d));
  kam_type t = check_decl(c, d);
  if (t == T_TIER && d->kind != D_TIERING) e->tiering = d->tiering;   /* a let of a tier */
  return expr_set_type(e, t);
}

static const char *name_suggestion(checker *c, const char *name) {
  ptr_vec candidates = {0};
  for (int i = 0; i < c->name_cap; i++)
    if (c->names[i].name) ptr_vec_push(c->mem, &candidates, (void *)c->names[i].name);
  const db_table *t = table_of(c, -1);
  for (int i = 0; t && i < t->column_count; i++)
    ptr_vec_push(c->mem, &candidates, t->columns[i].name);
  return suggest_names(c->mem, name, (const char *const *)candidates.items, candidates.count);
}

kam_type resolve_name(checker *c, expr *e, scope *s) {
  decl *d = names_lookup(c, e->text);
  if (!d) {
    const db_table *t = table_of(c, -1);
    if (t && !schema_column(t, e->text)) {
      diag_error(c->src, e->span, "unknown name '%s'%s", e->text, name_suggestion(c, e->text));
      return expr_set_type(e, T_ANY);
    }
    return resolve_column(c, e, -1, e->text, e->span);
  }
  switch (d->kind) {
  case D_RELATION:
    e->kind = E_RELATION;
    e->relation = relation_index(c, d);
    return expr_set_type(e, T_ANY);   /* only count()/exists() accept it; see resolve_aggregate */
  case D_ENTITY:
    diag_error(c->src, e->span, "'%s' is the entity; name one of its columns, e.g. %s.%s",
               e->text, e->text, d->key);
    return expr_set_type(e, T_ANY);
  case D_TEST:
    return expr_set_type(e, T_ANY);
  default:
    return resolve_decl_ref(c, e, d, s);
  }
}

static kam_type resolve_tier_name(checker *c, expr *e, int tiering) {
  decl *t = c->prog->tierings.items[tiering];
  for (int i = 0; i < t->tiers.count; i++) {
    tier *tr = t->tiers.items[i];
    if (strcmp(tr->name, e->text) == 0) {
      e->kind = E_TIER;
      e->tiering = tiering;
      e->slot = i;
      return expr_set_type(e, T_TIER);
    }
  }
  return T_NULL;   /* not a tier of this tiering */
}

/* --- fields: entity.column, relation.column, scorecard.part ------------ */

static kam_type resolve_scorecard_part(checker *c, expr *e, decl *sc, scope *s) {
  e->kind = E_SCORE_PART;
  e->decl = sc;
  const char *f = e->field;
  kam_type type = T_NUMBER;
  if (strcmp(f, "stage") == 0) { e->part = PART_STAGE; type = T_TEXT; }
  else if (strcmp(f, "grade") == 0) { e->part = PART_GRADE; type = T_TEXT; }
  else {
    e->part = PART_UNKNOWN;
    for (int i = 0; i < sc->metric_count; i++)
      if (strcmp(sc->metrics[i]->name, f) == 0) { e->part = PART_METRIC; e->slot = i; }
    for (int i = 0; i < sc->perspectives.count; i++)
      if (strcmp(((perspective *)sc->perspectives.items[i])->name, f) == 0) {
        e->part = PART_PERSPECTIVE;
        e->slot = i;
      }
    if (e->part == PART_UNKNOWN && strcmp(f, "coverage") == 0) e->part = PART_COVERAGE;   /* unless a metric took the name */
    if (e->part == PART_UNKNOWN) {
      diag_error(c->src, e->field_span,
                 "scorecard '%s' has no metric or perspective '%s' (parts: stage, grade, "
                 "coverage, its metrics and perspectives)", sc->name, f);
      return expr_set_type(e, T_ANY);
    }
  }
  if (!s->in_previous) check_decl(c, sc);
  return expr_set_type(e, type);
}

static kam_type resolve_relation_column(checker *c, expr *e, decl *rel, scope *s) {
  int r = relation_index(c, rel);
  if (s->aggregate == -1) {
    diag_error(c->src, e->span,
               "'%s.%s' is a column of relation '%s': use it inside an aggregate, "
               "e.g. sum(%s.%s) or count(%s where %s.%s ...)",
               rel->name, e->field, rel->name, rel->name, e->field, rel->name, rel->name, e->field);
    return expr_set_type(e, T_ANY);
  }
  if (s->aggregate >= 0 && s->aggregate != r) {
    decl *first = ((relation_info *)c->prog->relations.items[s->aggregate])->d;
    diag_error(c->src, e->span,
               "an aggregate reads one relation, but this one mixes '%s' and '%s'",
               first->name, rel->name);
    return expr_set_type(e, T_ANY);
  }
  s->aggregate = r;
  return resolve_column(c, e, r, e->field, e->span);
}

static kam_type resolve_field(checker *c, expr *e, scope *s) {
  decl *d = names_lookup(c, e->text);
  if (!d) {
    kam_span head = {e->span.file, e->span.start, e->span.start + e->text_len};
    diag_error(c->src, head, "unknown name '%s'%s", e->text, name_suggestion(c, e->text));
    return expr_set_type(e, T_ANY);
  }
  switch (d->kind) {
  case D_ENTITY: return resolve_column(c, e, -1, e->field, e->field_span);
  case D_RELATION: return resolve_relation_column(c, e, d, s);
  case D_SCORECARD: return resolve_scorecard_part(c, e, d, s);
  default:
    diag_error(c->src, e->span, "'%s' is a %s; only the entity, a relation or a scorecard "
               "has parts after a dot", d->name, decl_kind_name(d->kind));
    return expr_set_type(e, T_ANY);
  }
}

/* --- operators ------------------------------------------------------------ */

static void type_error(checker *c, const expr *e, const char *fmt, kam_type a, kam_type b) {
  diag_error(c->src, e->span, fmt, type_name(a), type_name(b));
}

static kam_type resolve_arithmetic(checker *c, expr *e, kam_type a, kam_type b) {
  enum binop op = e->binop;
  if (a == T_ANY || b == T_ANY) {
    if (a == T_DURATION || b == T_DURATION) return T_DATE;
    if ((a == T_DATE || b == T_DATE) && op == OP_SUB) return T_ANY;
    return T_ANY;
  }
  if (a == T_NULL || b == T_NULL) return T_NULL;
  bool text_a = a == T_TEXT, text_b = b == T_TEXT;   /* text columns convert */
  if ((a == T_NUMBER || text_a) && (b == T_NUMBER || text_b)) return T_NUMBER;
  if (op == OP_SUB && (a == T_DATE || text_a) && (b == T_DATE || text_b)) return T_NUMBER;
  if ((op == OP_ADD || op == OP_SUB) && (a == T_DATE || text_a) && b == T_DURATION) return T_DATE;
  if (op == OP_ADD && a == T_DURATION && (b == T_DATE || text_b)) return T_DATE;
  if ((a == T_DATE && b == T_NUMBER) || (a == T_NUMBER && b == T_DATE))
    diag_error(c->src, e->span, "cannot %s a number and a date; write a duration such as "
               "'30 days'", op == OP_ADD ? "add" : "combine");
  else
    type_error(c, e, "cannot apply arithmetic to %s and %s", a, b);
  return T_ANY;
}

static bool comparable(const expr *x, const expr *y) {
  kam_type a = x->type, b = y->type;
  if (a == T_ANY || b == T_ANY || a == T_NULL || b == T_NULL) return true;
  if (a == T_TIER || b == T_TIER) return a == b && x->tiering == y->tiering;
  if (a == T_DURATION || b == T_DURATION) return false;
  if (a == b) return true;
  if (a == T_TEXT || b == T_TEXT) return a != T_BOOL && b != T_BOOL;   /* read as number/date */
  return (a == T_BOOL && b == T_NUMBER) || (a == T_NUMBER && b == T_BOOL);
}

static void require_comparable(checker *c, const expr *at, const expr *x, const expr *y) {
  if (comparable(x, y)) return;
  if (x->type == T_TIER && y->type == T_TIER)
    diag_error(c->src, at->span, "cannot compare tiers of two different tierings");
  else if (x->type == T_TIER || y->type == T_TIER)
    diag_error(c->src, at->span, "a tier can only be compared with a tier name of its tiering "
               "(e.g. key_account >= A), not with %s",
               type_name(x->type == T_TIER ? y->type : x->type));
  else
    diag_error(c->src, at->span, "cannot compare %s with %s", type_name(x->type), type_name(y->type));
}

/* Resolves both sides of a comparison; a bare name beside a tier is
 * looked up among that tiering's tiers first. */
static bool is_undeclared_name(const checker *c, const expr *e) {
  return e->kind == E_NAME && !names_lookup(c, e->text);
}

static void resolve_pair(checker *c, expr *x, expr *y, scope *s) {
  /* A = key_account: the declared side first, so A is looked up as a tier */
  if ((x->kind == E_NAME && y->kind != E_NAME) || (is_undeclared_name(c, x) && !is_undeclared_name(c, y))) {
    resolve_expr(c, y, s);
    resolve_with_tier_context(c, x, s, y);
  } else {
    resolve_expr(c, x, s);
    resolve_with_tier_context(c, y, s, x);
  }
}

/* A quoted literal where a number or a date is needed: "3000万", "12" and
 * "2026/3/31" read as one, so the quotes are almost certainly a slip that
 * would make every comparison null at run time; other text can never be
 * one.  Either way it is an error at the literal (contract §3). */
static bool literal_fits(checker *c, const expr *e, kam_type needed) {
  if (e->kind != E_TEXT || (needed != T_NUMBER && needed != T_DATE)) return true;
  value n;
  int64_t days;
  if (lenient_number(e->text, e->text_len, &n)) {
    /* "3000万" unquoted is a literal as written; "1,200" is not, so show 1200 */
    bool literal_as_written = strspn(e->text, "0123456789._%+-eEKMB") == strlen(e->text) ||
                              strstr(e->text, "\u4E07") || strstr(e->text, "\u4EBF");
    char shown[64];
    number_format(n, shown, sizeof shown);
    diag_error(c->src, e->span, "\"%s\" is text, not a number: drop the quotes (%s), or use number() "
               "on a column that holds such text", e->text, literal_as_written ? e->text : shown);
  }
  else if (lenient_date(e->text, e->text_len, &days)) {
    char iso[11];
    date_format(days, iso);
    diag_error(c->src, e->span, "\"%s\" is text, not a date: write the date without quotes (%s), or "
               "use date() on a column that holds such text", e->text, iso);
  } else
    diag_error(c->src, e->span, "text \"%s\" is not %s", e->text, type_name(needed));
  return false;
}

/* Each side of a comparison against the other's type. */
static bool literals_fit(checker *c, const expr *x, const expr *y) {
  return literal_fits(c, x, y->type) && literal_fits(c, y, x->type);
}

/* In arithmetic a text literal is never a number. */
bool literal_can_be_number(checker *c, const expr *e) { return literal_fits(c, e, T_NUMBER); }

static kam_type resolve_binary(checker *c, expr *e, scope *s) {
  if (e->binop == OP_AND || e->binop == OP_OR) {
    resolve_condition(c, e->a, s, "an operand of 'and'/'or'");
    resolve_condition(c, e->b, s, "an operand of 'and'/'or'");
    return expr_set_type(e, T_BOOL);
  }
  if (e->binop >= OP_EQ) {
    resolve_pair(c, e->a, e->b, s);
    if (literals_fit(c, e->a, e->b)) require_comparable(c, e, e->a, e->b);
    return expr_set_type(e, T_BOOL);
  }
  kam_type a = resolve_expr(c, e->a, s), b = resolve_expr(c, e->b, s);
  if (!literal_can_be_number(c, e->a) || !literal_can_be_number(c, e->b)) return expr_set_type(e, T_ANY);
  if (e->binop == OP_MUL || e->binop == OP_DIV) {
    if (!type_is_numeric(a) || !type_is_numeric(b)) type_error(c, e, "cannot multiply or divide %s and %s", a, b);
    return expr_set_type(e, T_NUMBER);
  }
  return expr_set_type(e, resolve_arithmetic(c, e, a, b));
}

static kam_type resolve_in(checker *c, expr *e, scope *s) {
  resolve_expr(c, e->a, s);
  for (int i = 0; i < e->list.count; i++) {
    expr *item = e->list.items[i];
    resolve_with_tier_context(c, item, s, e->a);
    if (literals_fit(c, e->a, item)) require_comparable(c, item, e->a, item);
  }
  return expr_set_type(e, T_BOOL);
}

static kam_type resolve_between(checker *c, expr *e, scope *s) {
  resolve_expr(c, e->a, s);
  resolve_with_tier_context(c, e->b, s, e->a);
  resolve_with_tier_context(c, e->c, s, e->a);
  if (literals_fit(c, e->a, e->b)) require_comparable(c, e->b, e->a, e->b);
  if (literals_fit(c, e->a, e->c)) require_comparable(c, e->c, e->a, e->c);
  return expr_set_type(e, T_BOOL);
}

kam_type type_unify(kam_type a, kam_type b) {
  if (a == T_NULL) return b;
  if (b == T_NULL) return a;
  return a == b ? a : T_ANY;
}

static kam_type resolve_case(checker *c, expr *e, scope *s) {
  kam_type t = T_NULL;
  int tiering = -1;
  for (int i = 0; i < e->list.count; i++) {
    expr *w = e->list.items[i];
    resolve_condition(c, w->a, s, "a 'when' condition");
    t = type_unify(t, resolve_expr(c, w->b, s));
    if (w->b->type == T_TIER) tiering = w->b->tiering;
  }
  if (e->a) t = type_unify(t, resolve_expr(c, e->a, s));
  e->tiering = tiering;
  return expr_set_type(e, t);
}

/* --- the dispatcher --------------------------------------------------------- */

static kam_type resolve_with_tier_context(checker *c, expr *e, scope *s, const expr *other) {
  if (e->kind == E_NAME && other->type == T_TIER && other->tiering >= 0) {
    if (resolve_tier_name(c, e, other->tiering) == T_TIER) return T_TIER;
    decl *d = names_lookup(c, e->text);
    if (!d) {
      decl *t = c->prog->tierings.items[other->tiering];
      strbuf tiers;
      sb_init(&tiers);
      for (int i = 0; i < t->tiers.count; i++)
        sb_printf(&tiers, "%s%s", i ? ", " : "", ((tier *)t->tiers.items[i])->name);
      diag_error(c->src, e->span, "'%s' is not a tier of '%s' (its tiers: %s)", e->text, t->name,
                 tiers.data ? tiers.data : "");
      sb_free(&tiers);
      return expr_set_type(e, T_ANY);
    }
  }
  return resolve_expr(c, e, s);
}

static kam_type resolve_expr_inner(checker *c, expr *e, scope *s);

kam_type resolve_expr(checker *c, expr *e, scope *s) {
  if (c->nesting >= CHECK_MAX_NESTING) {
    if (!c->too_deep)
      diag_error(c->src, e->span, "declarations refer to each other, through nested expressions, "
                 "more than %d levels deep", CHECK_MAX_NESTING);
    c->too_deep = true;
    return expr_set_type(e, T_ANY);
  }
  c->nesting++;
  kam_type t = resolve_expr_inner(c, e, s);
  c->nesting--;
  return t;
}

static kam_type resolve_expr_inner(checker *c, expr *e, scope *s) {
  switch (e->kind) {
  case E_INT: case E_REAL: return expr_set_type(e, T_NUMBER);
  case E_TEXT: return expr_set_type(e, T_TEXT);
  case E_DATE: case E_AS_OF: return expr_set_type(e, T_DATE);
  case E_BOOL: return expr_set_type(e, T_BOOL);
  case E_NULL: return expr_set_type(e, T_NULL);
  case E_DURATION: return expr_set_type(e, T_DURATION);
  case E_NAME: return resolve_name(c, e, s);
  case E_FIELD: return resolve_field(c, e, s);
  case E_NEG: {
    kam_type t = resolve_expr(c, e->a, s);
    if (t != T_DURATION && !type_is_numeric(t))
      diag_error(c->src, e->span, "cannot negate %s", type_name(t));
    return expr_set_type(e, t == T_DURATION ? T_DURATION : T_NUMBER);
  }
  case E_NOT:
    resolve_condition(c, e->a, s, "the operand of 'not'");
    return expr_set_type(e, T_BOOL);
  case E_BINARY: return resolve_binary(c, e, s);
  case E_IN: return resolve_in(c, e, s);
  case E_BETWEEN: return resolve_between(c, e, s);
  case E_IS_NULL: resolve_expr(c, e->a, s); return expr_set_type(e, T_BOOL);
  case E_CASE: return resolve_case(c, e, s);
  case E_CALL: return resolve_call(c, e, s);
  case E_PREVIOUS: return resolve_previous(c, e, s);
  default: return e->type;   /* already resolved */
  }
}

kam_type resolve_condition(checker *c, expr *e, scope *s, const char *what) {
  kam_type t = resolve_expr(c, e, s);
  bool ok = t == T_BOOL || t == T_ANY || t == T_NULL || t == T_NUMBER;
  if (e->kind == E_INT && e->ival != 0 && e->ival != 1) ok = false;
  if (e->kind == E_REAL) ok = false;
  if (!ok)
    diag_error(c->src, e->span, "%s must be true or false, not %s", what, type_name(t));
  return t;
}

const char *type_name(kam_type t) {
  static const char *const names[] = {"a value", "null", "a number", "text", "a boolean",
                                      "a date", "a duration", "a tier"};
  return names[t];
}
