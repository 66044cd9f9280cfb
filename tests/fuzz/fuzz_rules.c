/*
 * fuzz_rules.c — libFuzzer target: arbitrary bytes as a rule file, through
 * the lexer, the parser, the checker and the formatter.  Any crash, leak,
 * hang or sanitizer report is a bug; diagnostics are the expected outcome.
 * The formatted text of a file that parses must parse again.
 */
#include "kam.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  kam_ruleset *rs = kam_ruleset_new();
  kam_ruleset_add_source(rs, "fuzz.kam", (const char *)data, size);
  kam_ruleset_check(rs, NULL);
  char *formatted = NULL;
  if (kam_format(rs, 0, &formatted) == KAM_OK) {
    kam_ruleset *again = kam_ruleset_new();
    kam_ruleset_add_source(again, "formatted.kam", formatted, strlen(formatted));
    char *twice = NULL;
    if (kam_format(again, 0, &twice) != KAM_OK) abort();   /* fmt produced something unparsable */
    if (strcmp(formatted, twice) != 0) abort();            /* fmt is not idempotent */
    free(twice);
    kam_ruleset_free(again);
  }
  free(formatted);
  kam_ruleset_free(rs);
  return 0;
}
