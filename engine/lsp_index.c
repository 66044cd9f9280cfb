/*
 * lsp_index.c — the names of a checked rule set and every place they occur,
 * for hover, definition, references and document symbols.  Symbols are the
 * declarations with their tiers, perspectives and metrics; occurrences are
 * the spans in the rule text that name a symbol, a built-in or a column.
 * The checker has already resolved most names (E_DECL, E_TIER, E_SCORE_PART,
 * ...); names it could not reach (after an error) are looked up by spelling.
 */
#include "lsp.h"

#include <stdlib.h>
#include <string.h>

typedef struct name_table {      /* spelling -> first top-level symbol */
  int *slots;
  int cap;
} name_table;

static unsigned hash_bytes(const void *p, size_t n) {
  unsigned h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ ((const unsigned char *)p)[i]) * 16777619u;
  return h;
}

static void *grow(void *items, int *cap, int count, size_t size) {
  if (count < *cap) return items;
  *cap = *cap ? *cap * 2 : 64;
  void *more = realloc(items, size * (size_t)*cap);
  if (!more) abort();
  return more;
}

static int add_symbol(lsp_index *ix, sym_kind kind, const char *name, kam_span span, kam_span name_span,
                      const void *node, const decl *d, int parent) {
  ix->syms = grow(ix->syms, &ix->sym_cap, ix->sym_count, sizeof *ix->syms);
  ix->syms[ix->sym_count] = (lsp_symbol){kind, name ? name : "", span, name_span, node, d, parent};
  return ix->sym_count++;
}

static void add_occ(lsp_index *ix, kam_span span, occ_kind kind, int symbol, const char *name, bool is_decl) {
  if (span.file < 0 || span.end < span.start) return;
  ix->occs = grow(ix->occs, &ix->occ_cap, ix->occ_count, sizeof *ix->occs);
  ix->occs[ix->occ_count++] = (lsp_occ){span, kind, symbol, name, is_decl};
}

/* --- symbols ----------------------------------------------------------------------- */

/* A switch, not a table: a new decl kind must be given a symbol kind here
 * (-Wswitch says so), as `group by` once was not. */
static sym_kind kind_of_decl(decl_kind k) {
  switch (k) {
  case D_ENTITY: return SYM_ENTITY;
  case D_RELATION: return SYM_RELATION;
  case D_LET: return SYM_LET;
  case D_OUTPUT: return SYM_OUTPUT;
  case D_TIERING: return SYM_TIERING;
  case D_SCORECARD: return SYM_SCORECARD;
  case D_ALERT: return SYM_ALERT;
  case D_TEST: case D_GROUP: break;   /* a group is never a symbol (add_decl_symbols) */
  }
  return SYM_TEST;
}

static void add_decl_symbols(lsp_index *ix, const decl *d) {
  if (d->kind == D_GROUP) {   /* `group by COLUMN` declares no name: its column is the entity's */
    add_occ(ix, d->key_span, OCC_COLUMN, -1, d->key, false);
    return;
  }
  int self = add_symbol(ix, kind_of_decl(d->kind), d->name, d->span, d->name_span, d, d, -1);
  if (d->kind != D_TEST) add_occ(ix, d->name_span, OCC_SYMBOL, self, NULL, true);
  for (int i = 0; d->kind == D_TIERING && i < d->tiers.count; i++) {
    const tier *t = d->tiers.items[i];
    int k = add_symbol(ix, SYM_TIER, t->name, t->span, t->name_span, t, d, self);
    add_occ(ix, t->name_span, OCC_SYMBOL, k, NULL, true);
  }
  for (int i = 0; d->kind == D_SCORECARD && i < d->perspectives.count; i++) {
    const perspective *p = d->perspectives.items[i];
    int k = add_symbol(ix, SYM_PERSPECTIVE, p->name, p->span, p->name_span, p, d, self);
    add_occ(ix, p->name_span, OCC_SYMBOL, k, NULL, true);
    for (int m = 0; m < p->metrics.count; m++) {
      const metric *mt = p->metrics.items[m];
      int j = add_symbol(ix, SYM_METRIC, mt->name, mt->span, mt->name_span, mt, d, self);
      add_occ(ix, mt->name_span, OCC_SYMBOL, j, NULL, true);
    }
  }
}

/* An empty open-addressing table (-1 = free) for `count` entries, at most
 * half full; *cap becomes its size, a power of two. */
static int *empty_slots(int count, int *cap) {
  *cap = 64;
  while (*cap < count * 2) *cap *= 2;
  int *slots = malloc(sizeof *slots * (size_t)*cap);
  if (!slots) abort();
  for (int i = 0; i < *cap; i++) slots[i] = -1;
  return slots;
}

static void index_nodes(lsp_index *ix) {
  ix->by_node = empty_slots(ix->sym_count, &ix->node_cap);
  unsigned mask = (unsigned)ix->node_cap - 1;
  for (int k = 0; k < ix->sym_count; k++) {
    const void *node = ix->syms[k].node;
    unsigned i = hash_bytes(&node, sizeof node) & mask;
    while (ix->by_node[i] >= 0) i = (i + 1) & mask;
    ix->by_node[i] = k;
  }
}

int lsp_symbol_of_node(const lsp_index *ix, const void *node) {
  if (!ix->node_cap || !node) return -1;
  unsigned mask = (unsigned)ix->node_cap - 1;
  for (unsigned i = hash_bytes(&node, sizeof node) & mask; ix->by_node[i] >= 0; i = (i + 1) & mask)
    if (ix->syms[ix->by_node[i]].node == node) return ix->by_node[i];
  return -1;
}

static bool is_top_level(sym_kind k) { return k != SYM_TIER && k != SYM_PERSPECTIVE && k != SYM_METRIC && k != SYM_TEST; }

static void names_build(name_table *t, const lsp_index *ix) {
  t->slots = empty_slots(ix->sym_count, &t->cap);
  unsigned mask = (unsigned)t->cap - 1;
  for (int k = 0; k < ix->sym_count; k++) {
    const lsp_symbol *s = &ix->syms[k];
    if (!is_top_level(s->kind)) continue;
    unsigned i = hash_bytes(s->name, strlen(s->name)) & mask;
    while (t->slots[i] >= 0 && strcmp(ix->syms[t->slots[i]].name, s->name) != 0) i = (i + 1) & mask;
    if (t->slots[i] < 0) t->slots[i] = k;     /* the first declaration wins, as in the checker */
  }
}

static int names_find(const name_table *t, const lsp_index *ix, const char *name) {
  unsigned mask = (unsigned)t->cap - 1;
  for (unsigned i = hash_bytes(name, strlen(name)) & mask; t->slots[i] >= 0; i = (i + 1) & mask)
    if (strcmp(ix->syms[t->slots[i]].name, name) == 0) return t->slots[i];
  return -1;
}

/* The symbol among parent's children (tiers, metrics, perspectives) called name. */
static int child_named(const lsp_index *ix, int parent, sym_kind kind, const char *name) {
  for (int k = parent + 1; k < ix->sym_count && ix->syms[k].parent == parent; k++)
    if (ix->syms[k].kind == kind && strcmp(ix->syms[k].name, name) == 0) return k;
  return -1;
}

/* --- occurrences in expressions ------------------------------------------------------- */

typedef struct walker {
  lsp_index *ix;
  const name_table *names;
  const program *prog;
} walker;

static kam_span head_span(const expr *e) {
  return (kam_span){e->span.file, e->span.start, e->span.start + e->text_len};
}

static void add_named(walker *w, kam_span at, const char *name) {
  int k = names_find(w->names, w->ix, name);
  if (k >= 0) add_occ(w->ix, at, OCC_SYMBOL, k, NULL, false);
  else add_occ(w->ix, at, OCC_COLUMN, -1, name, false);   /* without --db a bare name is a column */
}

/* head.field: the head names the entity, a relation or a scorecard. */
static void add_field(walker *w, const expr *e) {
  int head = names_find(w->names, w->ix, e->text);
  if (head < 0) return;
  add_occ(w->ix, head_span(e), OCC_SYMBOL, head, NULL, false);
  sym_kind k = w->ix->syms[head].kind;
  if (k == SYM_ENTITY) add_occ(w->ix, e->field_span, OCC_COLUMN, -1, e->field, false);
  else if (k == SYM_RELATION) add_occ(w->ix, e->field_span, OCC_COLUMN, head, e->field, false);
  else if (k == SYM_SCORECARD) {
    int part = child_named(w->ix, head, SYM_METRIC, e->field);
    if (part < 0) part = child_named(w->ix, head, SYM_PERSPECTIVE, e->field);
    if (part >= 0) add_occ(w->ix, e->field_span, OCC_SYMBOL, part, NULL, false);
  }
}

static void walk(walker *w, const expr *e);

static void walk_children(walker *w, const expr *e) {
  walk(w, e->a);
  walk(w, e->b);
  walk(w, e->c);
  for (int i = 0; i < e->list.count; i++) walk(w, e->list.items[i]);
}

static void walk_resolved(walker *w, const expr *e) {
  int k = -1;
  if (e->kind == E_DECL) k = lsp_symbol_of_node(w->ix, e->decl);
  else if (e->kind == E_TIER && e->tiering >= 0 && e->tiering < w->prog->tierings.count) {
    const decl *t = w->prog->tierings.items[e->tiering];
    if (e->slot >= 0 && e->slot < t->tiers.count) k = lsp_symbol_of_node(w->ix, t->tiers.items[e->slot]);
  }
  if (k >= 0) add_occ(w->ix, e->span, OCC_SYMBOL, k, NULL, false);
  else if (e->text) add_named(w, e->span, e->text);
}

static void walk(walker *w, const expr *e) {
  if (!e) return;
  switch (e->kind) {
  case E_NAME: add_named(w, e->span, e->text); break;
  case E_DECL: case E_TIER: walk_resolved(w, e); break;
  case E_RELATION: add_named(w, e->span, e->text); break;
  case E_FIELD: case E_SCORE_PART: case E_REL_COLUMN: add_field(w, e); break;
  case E_COLUMN:
    if (e->field) add_field(w, e);
    else add_occ(w->ix, e->span, OCC_COLUMN, -1, e->text, false);
    break;
  case E_CALL: case E_AGGREGATE:
    add_occ(w->ix, head_span(e), e->kind == E_CALL ? OCC_BUILTIN : OCC_AGGREGATE, -1, e->text, false);
    walk_children(w, e);
    break;
  default: walk_children(w, e); break;
  }
}

static void walk_weights(walker *w, const decl *sc, int self) {
  for (int i = 0; i < sc->weights.count; i++) {
    const weight_row *row = sc->weights.items[i];
    for (int k = 0; k < row->entries.count; k++) {
      const weight_entry *we = row->entries.items[k];
      int m = child_named(w->ix, self, SYM_METRIC, we->metric);
      kam_span at = {we->span.file, we->span.start, we->span.start + (int)strlen(we->metric)};
      if (m >= 0) add_occ(w->ix, at, OCC_SYMBOL, m, NULL, false);
    }
  }
}

static void walk_test(walker *w, const decl *d) {
  for (int i = 0; i < d->rows.count; i++) {
    const test_row *row = d->rows.items[i];
    for (int k = 0; k < row->fields.count; k++) walk(w, ((const test_field *)row->fields.items[k])->value);
  }
  for (int i = 0; i < d->expects.count; i++) {
    const test_expect *x = d->expects.items[i];
    walk(w, x->for_key);
    walk(w, x->value);
    if (x->alert) add_named(w, x->alert_span, x->alert);
  }
}

static void walk_decl(walker *w, const decl *d) {
  walk(w, d->value);
  for (int i = 0; i < d->tiers.count; i++) walk(w, ((const tier *)d->tiers.items[i])->when);
  walk(w, d->stage);
  for (int i = 0; i < d->perspectives.count; i++) {
    const perspective *p = d->perspectives.items[i];
    for (int m = 0; m < p->metrics.count; m++) walk(w, ((const metric *)p->metrics.items[m])->value);
  }
  if (d->kind == D_SCORECARD) walk_weights(w, d, lsp_symbol_of_node(w->ix, d));
  for (int i = 0; i < d->message.count; i++) walk(w, ((const msg_piece *)d->message.items[i])->value);
  if (d->kind == D_TEST) walk_test(w, d);
}

void lsp_index_build(lsp_index *ix, kam_ruleset *rs) {
  memset(ix, 0, sizeof *ix);
  if (!rs->files) return;
  for (int f = 0; f < rs->src.file_count; f++)
    for (int i = 0; i < rs->files[f].decls.count; i++) add_decl_symbols(ix, rs->files[f].decls.items[i]);
  index_nodes(ix);
  name_table names;
  names_build(&names, ix);
  walker w = {ix, &names, &rs->prog};
  for (int f = 0; f < rs->src.file_count; f++)
    for (int i = 0; i < rs->files[f].decls.count; i++) walk_decl(&w, rs->files[f].decls.items[i]);
  free(names.slots);
}

void lsp_index_free(lsp_index *ix) {
  free(ix->syms);
  free(ix->occs);
  free(ix->by_node);
  memset(ix, 0, sizeof *ix);
}

/* The narrowest occurrence holding the offset; one ending right at it (the
 * cursor just after a name) when none holds it. */
const lsp_occ *lsp_index_at(const lsp_index *ix, int file, int at) {
  const lsp_occ *best = NULL, *touching = NULL;
  for (int i = 0; i < ix->occ_count; i++) {
    const lsp_occ *o = &ix->occs[i];
    if (o->span.file != file || at < o->span.start || at > o->span.end) continue;
    if (at == o->span.end) { if (!touching) touching = o; continue; }
    if (!best || o->span.end - o->span.start < best->span.end - best->span.start) best = o;
  }
  return best ? best : touching;
}

const char *lsp_symbol_kind_name(sym_kind kind) {
  static const char *const names[] = {"entity", "relation", "let", "output", "tiering", "tier",
                                      "scorecard", "perspective", "metric", "alert", "test"};
  return names[kind];
}
