/*
 * fmt_expr.c — expressions in kam fmt's canonical layout.
 *
 * Printed from the syntax tree with the fewest parentheses that keep the
 * same tree; literals keep their spelling from the source (1亿 stays 1亿,
 * 15% stays 15%).  A condition too long for its line is broken before each
 * top-level `and`/`or`; a long `case` puts each `when` on its own line.
 * A comment inside an expression forces the break just after the element
 * it follows and ends that line, so it stays beside what it describes (see
 * placeable).  Declarations and comments between them are fmt.c's.
 */
#include "fmt.h"

#include <string.h>

enum { PREC_OR = 1, PREC_AND, PREC_NOT, PREC_CMP, PREC_ADD, PREC_MUL, PREC_NEG, PREC_PRIMARY };

static int precedence(const expr *e) {
  switch (e->kind) {
  case E_BINARY:
    if (e->binop == OP_OR) return PREC_OR;
    if (e->binop == OP_AND) return PREC_AND;
    if (e->binop >= OP_EQ) return PREC_CMP;
    return e->binop == OP_ADD || e->binop == OP_SUB ? PREC_ADD : PREC_MUL;
  case E_NOT: return PREC_NOT;
  case E_IN: case E_BETWEEN: case E_IS_NULL: return PREC_CMP;
  case E_NEG: return PREC_NEG;
  default: return PREC_PRIMARY;
  }
}

/* The source spelling of a literal, white space folded (`12   months`). */
/* A literal as written, its white space folded ("30   days"); a string is
 * its value and is copied byte for byte ("a  b" keeps both spaces). */
static void literal_text(fmt_state *f, const expr *e, strbuf *out) {
  int n;
  const char *s = span_text(f->src, e->span, &n);
  if (e->kind == E_TEXT) {
    sb_append(out, s, (size_t)n);
    return;
  }
  bool space = false;
  for (int i = 0; i < n; i++) {
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
      space = true;
      continue;
    }
    if (space) sb_putc(out, ' ');
    space = false;
    sb_putc(out, s[i]);
  }
}

static void flat(fmt_state *f, const expr *e, strbuf *out);

/* Operands of equal precedence on the right keep their parentheses, so the
 * tree read back is the tree printed. */
/* Parentheses the tree needs, plus `a or (b and c)`: not needed, but no
 * reader should have to remember that `and` binds tighter. */
static bool needs_parens(const expr *e, int parent, bool right) {
  int p = precedence(e);
  return p < parent || (p == parent && (right || parent == PREC_CMP)) ||
         (parent == PREC_OR && p == PREC_AND);
}

static void operand(fmt_state *f, const expr *e, int parent, bool right, strbuf *out) {
  bool parens = needs_parens(e, parent, right);
  if (parens) sb_putc(out, '(');
  flat(f, e, out);
  if (parens) sb_putc(out, ')');
}

static void list_of(fmt_state *f, const ptr_vec *items, strbuf *out) {
  for (int i = 0; i < items->count; i++) {
    if (i) sb_puts(out, ", ");
    flat(f, items->items[i], out);
  }
}

static void call(fmt_state *f, const expr *e, strbuf *out) {
  sb_printf(out, "%s(", e->text);
  if (e->distinct) sb_puts(out, "distinct ");
  list_of(f, &e->list, out);
  if (e->b) {
    sb_puts(out, " where ");
    flat(f, e->b, out);
  }
  sb_putc(out, ')');
}

static void case_flat(fmt_state *f, const expr *e, strbuf *out) {
  sb_puts(out, "case");
  for (int i = 0; i < e->list.count; i++) {
    const expr *w = e->list.items[i];
    sb_puts(out, " when ");
    flat(f, w->a, out);
    sb_puts(out, " then ");
    flat(f, w->b, out);
  }
  if (e->a) {
    sb_puts(out, " else ");
    flat(f, e->a, out);
  }
  sb_puts(out, " end");
}

static void flat(fmt_state *f, const expr *e, strbuf *out) {
  int p = precedence(e);
  switch (e->kind) {
  case E_INT: case E_REAL: case E_TEXT: case E_DATE: case E_DURATION:
    literal_text(f, e, out);
    return;
  case E_BOOL: sb_puts(out, e->ival ? "true" : "false"); return;
  case E_NULL: sb_puts(out, "null"); return;
  case E_AS_OF: sb_puts(out, "as_of"); return;
  case E_NAME: sb_puts(out, e->text); return;
  case E_FIELD: sb_printf(out, "%s.%s", e->text, e->field); return;
  case E_CALL: call(f, e, out); return;
  case E_PREVIOUS:
    sb_puts(out, "previous(");
    flat(f, e->a, out);
    if (e->b) {   /* previous(X, N) */
      sb_puts(out, ", ");
      flat(f, e->b, out);
    }
    sb_putc(out, ')');
    return;
  case E_CASE: case_flat(f, e, out); return;
  case E_NEG:
    sb_putc(out, '-');
    operand(f, e->a, p, true, out);
    return;
  case E_NOT:   /* not (a < b): the parentheses are not needed, but say what is negated */
    sb_puts(out, "not ");
    operand(f, e->a, precedence(e->a) == PREC_CMP ? PREC_CMP + 1 : p, true, out);
    return;
  case E_BINARY:
    operand(f, e->a, p, false, out);
    sb_printf(out, " %s ", binop_text(e->binop));
    operand(f, e->b, p, true, out);
    return;
  case E_IN:
    operand(f, e->a, PREC_ADD, false, out);
    sb_puts(out, e->negated ? " not in (" : " in (");
    list_of(f, &e->list, out);
    sb_putc(out, ')');
    return;
  case E_BETWEEN:
    operand(f, e->a, PREC_ADD, false, out);
    sb_puts(out, e->negated ? " not between " : " between ");
    operand(f, e->b, PREC_ADD, false, out);
    sb_puts(out, " and ");
    operand(f, e->c, PREC_ADD, false, out);
    return;
  case E_IS_NULL:
    operand(f, e->a, PREC_ADD, false, out);
    sb_puts(out, e->negated ? " is not null" : " is null");
    return;
  default:
    literal_text(f, e, out);
  }
}

void fmt_expr_flat(fmt_state *f, const expr *e, strbuf *out) { flat(f, e, out); }

/* The operands of a chain of one operator (a and b and c). */
static void chain(const expr *e, enum binop op, ptr_vec *parts, arena *mem) {
  if (e->kind == E_BINARY && e->binop == op) {
    chain(e->a, op, parts, mem);
    ptr_vec_push(mem, parts, e->b);   /* a right operand of the same op keeps its parentheses */
  } else {
    ptr_vec_push(mem, parts, (void *)e);
  }
}

static void broken(fmt_state *f, const expr *e, strbuf *out);

static bool placeable(fmt_state *f, const expr *e);

static bool any_placeable(fmt_state *f, const ptr_vec *items) {
  for (int i = 0; i < items->count; i++)
    if (placeable(f, items->items[i])) return true;
  return false;
}

/* A list breaks only between items: a comment before its last item ends a
 * line when there are two items or more. */
static bool list_places(fmt_state *f, int start, const ptr_vec *items) {
  if (items->count > 1 && fmt_comment_in(f, start, ((const expr *)items->items[items->count - 1])->span.start))
    return true;
  return any_placeable(f, items);
}

/* Whether laying e out broken puts a comment at one of its line breaks: a
 * comment before e's last break, or one a part of e places.  Mirrors
 * broken() below: a comment after e's last break, in a part that cannot
 * break, ends the line e ends (fmt.c), so that fmt(fmt(x)) == fmt(x). */
static bool placeable(fmt_state *f, const expr *e) {
  int start = e->span.start;
  switch (e->kind) {
  case E_BINARY:
    if (e->binop == OP_AND || e->binop == OP_OR) {
      ptr_vec parts = {0};
      chain(e, e->binop, &parts, f->mem);
      const expr *last = parts.items[parts.count - 1];
      return fmt_comment_in(f, start, last->span.start) || any_placeable(f, &parts);
    }
    return fmt_comment_in(f, start, e->b->span.start) || placeable(f, e->a) || placeable(f, e->b);
  case E_NOT: return placeable(f, e->a);
  case E_CALL:
    if (e->b) return fmt_comment_in(f, start, e->b->span.start) || any_placeable(f, &e->list) || placeable(f, e->b);
    return list_places(f, start, &e->list);
  case E_IN: return list_places(f, start, &e->list) || placeable(f, e->a);
  case E_CASE: return fmt_comment_in(f, start, e->span.end);
  default: return false;
  }
}

static void case_broken(fmt_state *f, const expr *e, strbuf *out) {
  int indent = fmt_width(out);
  sb_puts(out, "case");
  for (int i = 0; i < e->list.count; i++) {
    const expr *w = e->list.items[i];
    fmt_break(f, out, w->span.start, indent + 2);
    sb_puts(out, "when ");
    broken(f, w->a, out);
    sb_puts(out, " then ");
    broken(f, w->b, out);
  }
  if (e->a) {
    fmt_break(f, out, e->a->span.start, indent + 2);
    sb_puts(out, "else ");
    broken(f, e->a, out);
  }
  fmt_break(f, out, e->span.end, indent);
  sb_puts(out, "end");
}

/* An operand that needs parentheses keeps them around its broken form. */
static void broken_operand(fmt_state *f, const expr *e, int parent, bool right, strbuf *out) {
  bool parens = needs_parens(e, parent, right);
  if (parens) sb_putc(out, '(');
  broken(f, e, out);
  if (parens) sb_putc(out, ')');
}

/* a and b and c: one operand a line, the operators under the first. */
static void chain_broken(fmt_state *f, const expr *e, strbuf *out) {
  int indent = fmt_width(out);
  ptr_vec parts = {0};
  chain(e, e->binop, &parts, f->mem);
  for (int i = 0; i < parts.count; i++) {
    if (i) {
      fmt_break(f, out, ((const expr *)parts.items[i])->span.start, indent);
      sb_printf(out, "%s ", binop_text(e->binop));
    }
    broken_operand(f, parts.items[i], precedence(e), i > 0, out);
  }
}

/* Items of a long list fill lines, each new line under the first item. */
static void list_wrapped(fmt_state *f, const ptr_vec *items, strbuf *out) {
  int column = fmt_width(out);
  for (int i = 0; i < items->count; i++) {
    strbuf one;
    sb_init(&one);
    const expr *item = items->items[i];
    flat(f, item, &one);
    if (i) sb_putc(out, ',');
    if (i && (fmt_width(out) + 1 + utf8_display_width(one.data, (int)one.len) + 1 > FMT_WIDTH ||
              fmt_comment_in(f, 0, item->span.start)))
      fmt_break(f, out, item->span.start, column);
    else if (i)
      sb_putc(out, ' ');
    if (utf8_display_width(one.data, (int)one.len) + fmt_width(out) > FMT_WIDTH || placeable(f, item))
      broken(f, item, out);
    else sb_append(out, one.data, one.len);
    sb_free(&one);
  }
}

/* sum(x
 *     where a
 *       and b): `where` under the argument, the condition under itself. */
static void call_broken(fmt_state *f, const expr *e, strbuf *out) {
  sb_printf(out, "%s(", e->text);
  int column = fmt_width(out);
  if (e->distinct) sb_puts(out, "distinct ");
  list_wrapped(f, &e->list, out);
  fmt_break(f, out, e->b->span.start, column);
  sb_puts(out, "where ");
  broken(f, e->b, out);
  sb_putc(out, ')');
}

/* Lays e out from the current column, breaking only what does not fit. */
static void broken(fmt_state *f, const expr *e, strbuf *out) {
  strbuf one;
  sb_init(&one);
  flat(f, e, &one);
  bool too_long = fmt_width(out) + utf8_display_width(one.data, (int)one.len) > FMT_WIDTH;
  int indent = fmt_width(out);
  if (!too_long && !placeable(f, e)) {
    sb_append(out, one.data, one.len);
  } else if (e->kind == E_BINARY && (e->binop == OP_AND || e->binop == OP_OR)) {
    chain_broken(f, e, out);
  } else if (e->kind == E_BINARY) {   /* left OP, then the right operand on the next line */
    broken_operand(f, e->a, precedence(e), false, out);
    sb_printf(out, " %s", binop_text(e->binop));
    if (too_long || fmt_comment_in(f, 0, e->b->span.start)) fmt_break(f, out, e->b->span.start, indent);
    else sb_putc(out, ' ');
    broken_operand(f, e->b, precedence(e), true, out);
  } else if (e->kind == E_NOT) {
    sb_puts(out, "not ");
    broken_operand(f, e->a, PREC_NOT, true, out);
  } else if (e->kind == E_CALL && e->b) {
    call_broken(f, e, out);
  } else if (e->kind == E_CALL && (e->list.count > 1 || (e->list.count && placeable(f, e)))) {
    sb_printf(out, "%s(", e->text);
    list_wrapped(f, &e->list, out);
    sb_putc(out, ')');
  } else if (e->kind == E_IN) {
    broken_operand(f, e->a, PREC_ADD, false, out);
    sb_puts(out, e->negated ? " not in (" : " in (");
    list_wrapped(f, &e->list, out);
    sb_putc(out, ')');
  } else if (e->kind == E_CASE) {
    case_broken(f, e, out);
  } else {
    sb_append(out, one.data, one.len);
  }
  sb_free(&one);
}

int fmt_width(const strbuf *b) {
  int start = (int)b->len;
  while (start > 0 && b->data[start - 1] != '\n') start--;
  return utf8_display_width(b->data + start, (int)b->len - start);
}

bool fmt_expr_places_comment(fmt_state *f, const expr *e) { return placeable(f, e); }

/* A comment between the keyword before e and e ends that keyword's line. */
void fmt_expr(fmt_state *f, const expr *e, strbuf *out) {
  if (fmt_comment_in(f, 0, e->span.start)) fmt_break(f, out, e->span.start, fmt_width(out));
  broken(f, e, out);
}
