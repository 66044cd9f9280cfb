/*
 * builtins.h — the built-in functions (coalesce ... substr, number, date)
 * evaluated on one subject's values, and the lenient readers number() and
 * date().
 */
#ifndef KAM_BUILTINS_H
#define KAM_BUILTINS_H

#include "eval.h"

/* The value of an E_CALL node (op is an enum builtin). */
value builtin_call(evaluator *ev, const expr *e);

/* The lenient readers, also for the checker (literals): true with the
 * number or the day count when the text can be read. */
bool lenient_number(const char *s, int n, value *out);
bool lenient_date(const char *s, int n, int64_t *days);

#endif
