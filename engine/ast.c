/*
 * ast.c — constructors for syntax nodes.  Kept tiny so grammar actions stay
 * one line each; all memory comes from the rule set's arena.
 */
#include "ast.h"

expr *ast_expr(arena *a, expr_kind kind, kam_span span) {
  expr *e = arena_alloc(a, sizeof *e);
  e->kind = kind;
  e->span = span;
  e->slot = -1;
  e->relation = -1;
  e->tiering = -1;
  e->memo = -1;
  return e;
}

static int deeper(int depth, const expr *child) {
  return child && child->depth >= depth ? child->depth + 1 : depth;
}

expr *ast_deepen(expr *e) {
  int d = 1;
  d = deeper(d, e->a);
  d = deeper(d, e->b);
  d = deeper(d, e->c);
  for (int i = 0; i < e->list.count; i++) d = deeper(d, e->list.items[i]);
  e->depth = d;
  return e;
}

expr *ast_binary(arena *a, enum binop op, expr *l, expr *r, kam_span span) {
  expr *e = ast_expr(a, E_BINARY, span);
  e->binop = op;
  e->a = l;
  e->b = r;
  return ast_deepen(e);
}

expr *ast_unary(arena *a, expr_kind kind, expr *operand, kam_span span) {
  expr *e = ast_expr(a, kind, span);
  e->a = operand;
  return ast_deepen(e);
}

static int max_of(int m, const expr *e, int (*visit)(void *ctx, const expr *e), void *ctx) {
  if (!e) return m;
  int v = visit(ctx, e);
  return v > m ? v : m;
}

int decl_max_over(const decl *d, int (*visit)(void *ctx, const expr *e), void *ctx) {
  int m = max_of(max_of(0, d->value, visit, ctx), d->stage, visit, ctx);
  for (int i = 0; i < d->tiers.count; i++) m = max_of(m, ((tier *)d->tiers.items[i])->when, visit, ctx);
  for (int i = 0; i < d->perspectives.count; i++) {
    const perspective *p = d->perspectives.items[i];
    for (int k = 0; k < p->metrics.count; k++) m = max_of(m, ((metric *)p->metrics.items[k])->value, visit, ctx);
  }
  for (int i = 0; i < d->message.count; i++) m = max_of(m, ((msg_piece *)d->message.items[i])->value, visit, ctx);
  for (int i = 0; i < d->expects.count; i++) m = max_of(m, ((test_expect *)d->expects.items[i])->value, visit, ctx);
  for (int i = 0; i < d->rows.count; i++) {
    const test_row *r = d->rows.items[i];
    for (int k = 0; k < r->fields.count; k++) m = max_of(m, ((test_field *)r->fields.items[k])->value, visit, ctx);
  }
  return m;
}

static int parsed_depth(void *ctx, const expr *e) {
  (void)ctx;
  return e->depth;
}

int ast_decl_depth(const decl *d) { return decl_max_over(d, parsed_depth, NULL); }

decl *ast_decl(arena *a, decl_kind kind, kam_span span) {
  decl *d = arena_alloc(a, sizeof *d);
  d->kind = kind;
  d->span = span;
  d->tiering = -1;
  return d;
}

const char *binop_text(int op) {
  static const char *const text[] = {"+", "-", "*", "/", "=", "!=", "<", "<=",
                                     ">", ">=", "and", "or"};
  return op >= 0 && op <= OP_OR ? text[op] : "?";
}

const char *decl_kind_name(decl_kind kind) {
  static const char *const names[] = {"entity", "relation", "let", "output",
                                      "tiering", "scorecard", "alert", "test",
                                      "group by"};
  return names[kind];
}
