/*
 * coverage.c — kam test --coverage: which parts of the rules the tests
 * exercised.  The evaluator marks what it uses (a tier chosen, a band or
 * grade taken, a weights row used, a `case` branch taken, an alert firing
 * or staying quiet) through coverage_mark; afterwards the rule set is
 * walked for every such item, and each one is reported as covered or not,
 * at its file and line.
 *
 * The marks are a set of addresses of the syntax tree's own nodes, so
 * nothing is looked up by name and a rule set's items cannot collide.  It
 * does not run tests (test.c does) and does not print (the CLI does).
 */
#include "coverage.h"

#include <stdlib.h>
#include <string.h>

/* --- the set of marks ---------------------------------------------------------- */

static size_t slot_of(const void *item, size_t cap) {
  uintptr_t h = (uintptr_t)item;
  h ^= h >> 17;
  h *= (uintptr_t)0x9E3779B97F4A7C15ull;
  return (size_t)(h >> 7) & (cap - 1);
}

static void grow(coverage *cov) {
  size_t cap = cov->cap ? cov->cap * 2 : 256;
  const void **marks = calloc(cap, sizeof *marks);
  if (!marks) abort();
  for (size_t i = 0; i < cov->cap; i++) {
    if (!cov->marks[i]) continue;
    size_t k = slot_of(cov->marks[i], cap);
    while (marks[k]) k = (k + 1) & (cap - 1);
    marks[k] = cov->marks[i];
  }
  free(cov->marks);
  cov->marks = marks;
  cov->cap = cap;
}

void coverage_mark(coverage *cov, const void *item) {
  if (!cov || !item) return;
  if ((cov->count + 1) * 2 > cov->cap) grow(cov);
  size_t k = slot_of(item, cov->cap);
  while (cov->marks[k]) {
    if (cov->marks[k] == item) return;
    k = (k + 1) & (cov->cap - 1);
  }
  cov->marks[k] = item;
  cov->count++;
}

static bool marked(const coverage *cov, const void *item) {
  if (!cov->cap) return false;
  size_t k = slot_of(item, cov->cap);
  while (cov->marks[k]) {
    if (cov->marks[k] == item) return true;
    k = (k + 1) & (cov->cap - 1);
  }
  return false;
}

void coverage_free(coverage *cov) {
  free(cov->marks);
  memset(cov, 0, sizeof *cov);
}

/* An alert has two items, firing and staying quiet: two addresses inside it. */
const void *coverage_alert_fired(const decl *alert) { return &alert->value; }
const void *coverage_alert_quiet(const decl *alert) { return &alert->message; }

/* --- the items of a rule set ------------------------------------------------------ */

typedef struct lister {
  const coverage *cov;
  const source_set *src;
  arena *mem;
  ptr_vec *items;   /* coverage_item* */
} lister;

/* A rule file may say why an item is left untested, in a comment on the
 * item's line or in the comment lines just above it:
 * `# uncovered: needs two runs`. */
static const char *marked_reason(lister *l, const source_file *f, int line) {
  static const char mark[] = "# uncovered:";
  int start = f->line_starts[line - 1], end = line < f->line_count ? f->line_starts[line] : f->length;
  for (int i = start; i + (int)sizeof mark - 1 <= end; i++) {
    if (memcmp(f->text + i, mark, sizeof mark - 1) != 0) continue;
    int from = i + (int)sizeof mark - 1, to = end;
    while (from < to && f->text[from] == ' ') from++;
    while (to > from && (f->text[to - 1] == '\n' || f->text[to - 1] == '\r' || f->text[to - 1] == ' ')) to--;
    return arena_strndup(l->mem, f->text + from, (size_t)(to - from));
  }
  return NULL;
}

static bool comment_only(const source_file *f, int line) {
  int i = f->line_starts[line - 1], end = line < f->line_count ? f->line_starts[line] : f->length;
  while (i < end && (f->text[i] == ' ' || f->text[i] == '\t')) i++;
  return i < end && f->text[i] == '#';
}

static const char *excuse(lister *l, int file, int line) {
  const source_file *f = l->src->files[file];
  const char *reason = marked_reason(l, f, line);
  for (int n = line - 1; !reason && n >= 1 && comment_only(f, n); n--) reason = marked_reason(l, f, n);
  return reason;
}

static void item(lister *l, const void *key, kam_span at, const char *what) {
  coverage_item *it = arena_alloc(l->mem, sizeof *it);
  it->file = at.file;
  it->line = span_line(l->src, at);
  it->what = what;
  it->covered = marked(l->cov, key);
  it->excused = it->covered ? NULL : excuse(l, at.file, it->line);
  ptr_vec_push(l->mem, l->items, it);
}

static void case_branches(lister *l, const expr *e, const char *owner) {
  if (!e) return;
  if (e->kind == E_CASE) {
    for (int i = 0; i < e->list.count; i++) {
      const expr *w = e->list.items[i];
      item(l, w, w->span, arena_printf(l->mem, "case branch %d in %s", i + 1, owner));
    }
    if (e->a) item(l, e->a, e->a->span, arena_printf(l->mem, "case else in %s", owner));
  }
  case_branches(l, e->a, owner);
  case_branches(l, e->b, owner);
  case_branches(l, e->c, owner);
  for (int i = 0; i < e->list.count; i++) case_branches(l, e->list.items[i], owner);
}

static void tiering_items(lister *l, const decl *t) {
  for (int i = 0; i < t->tiers.count; i++) {
    const tier *tr = t->tiers.items[i];
    item(l, tr, tr->name_span, arena_printf(l->mem, "tier %s of %s", tr->name, t->name));
    case_branches(l, tr->when, t->name);
  }
}

static void band_items(lister *l, const ptr_vec *bands, const char *owner) {
  for (int i = 0; i < bands->count; i++) {
    const band *b = bands->items[i];
    const char *which = b->op == -1 ? "else" : arena_printf(l->mem, "band %d", i + 1);
    item(l, b, b->span, arena_printf(l->mem, "%s of %s", which, owner));
  }
}

static void scorecard_items(lister *l, const decl *sc) {
  case_branches(l, sc->stage, sc->name);
  for (int r = 0; r < sc->weights.count; r++) {
    const weight_row *row = sc->weights.items[r];
    item(l, row, row->span, arena_printf(l->mem, "stage %s of %s", row->stage, sc->name));
  }
  for (int m = 0; m < sc->metric_count; m++) {
    const metric *mt = sc->metrics[m];
    band_items(l, &mt->bands, arena_printf(l->mem, "metric %s", mt->name));
    case_branches(l, mt->value, arena_printf(l->mem, "metric %s", mt->name));
  }
  band_items(l, &sc->grades, arena_printf(l->mem, "the grades of %s", sc->name));
}

static void alert_items(lister *l, const decl *a) {
  item(l, coverage_alert_fired(a), a->name_span, arena_printf(l->mem, "alert %s firing", a->name));
  item(l, coverage_alert_quiet(a), a->name_span, arena_printf(l->mem, "alert %s staying quiet", a->name));
  case_branches(l, a->value, a->name);
}

void coverage_items(const coverage *cov, const source_set *src, arena *mem, const parsed_file *files,
                    int file_count, ptr_vec *items) {
  lister l = {cov, src, mem, items};
  for (int f = 0; f < file_count; f++)
    for (int i = 0; i < files[f].decls.count; i++) {
      const decl *d = files[f].decls.items[i];
      switch (d->kind) {
      case D_TIERING: tiering_items(&l, d); break;
      case D_SCORECARD: scorecard_items(&l, d); break;
      case D_ALERT: alert_items(&l, d); break;
      case D_LET: case D_OUTPUT: case_branches(&l, d->value, d->name); break;
      default: break;
      }
    }
}
