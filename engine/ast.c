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

expr *ast_binary(arena *a, int op, expr *l, expr *r, kam_span span) {
  expr *e = ast_expr(a, E_BINARY, span);
  e->op = op;
  e->a = l;
  e->b = r;
  return e;
}

expr *ast_unary(arena *a, expr_kind kind, expr *operand, kam_span span) {
  expr *e = ast_expr(a, kind, span);
  e->a = operand;
  return e;
}

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
                                      "tiering", "scorecard", "alert", "test"};
  return names[kind];
}
