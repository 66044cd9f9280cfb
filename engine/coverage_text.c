/*
 * coverage_text.c — kam test --coverage as people and tools read it: the
 * items no test exercised at FILE:LINE (with the reason a file gives, when
 * it gives one), and the share covered per file and in all, as text or
 * JSON.  It formats a kam_test_report; test.c and coverage.c fill it.
 */
#include "arena.h"
#include "kam.h"

#include <stdlib.h>
#include <string.h>

typedef struct file_count { const char *file; size_t covered, total; } file_count;

static double percent_of(size_t covered, size_t total) {
  return total ? 100.0 * (double)covered / (double)total : 100.0;
}

/* Per file, in the order files first appear; excused items are not counted. */
static size_t count_by_file(const kam_test_report *r, file_count *counts) {
  size_t n = 0;
  for (size_t i = 0; i < r->coverage_count; i++) {
    const kam_coverage_item *it = &r->coverage[i];
    size_t k = 0;
    while (k < n && strcmp(counts[k].file, it->file) != 0) k++;
    if (k == n) counts[n++] = (file_count){it->file, 0, 0};
    if (it->excused) continue;
    counts[k].total++;
    counts[k].covered += it->covered;
  }
  return n;
}

static void as_text(const kam_test_report *r, const file_count *counts, size_t files, strbuf *out) {
  for (size_t i = 0; i < r->coverage_count; i++) {
    const kam_coverage_item *it = &r->coverage[i];
    if (it->excused) sb_printf(out, "%s:%d: not covered (%s): %s\n", it->file, it->line, it->excused, it->what);
    else if (!it->covered) sb_printf(out, "%s:%d: not covered: %s\n", it->file, it->line, it->what);
  }
  size_t covered = 0, total = 0;
  for (size_t k = 0; k < files; k++) {
    sb_printf(out, "coverage %s: %zu of %zu (%.1f%%)\n", counts[k].file, counts[k].covered, counts[k].total,
              percent_of(counts[k].covered, counts[k].total));
    covered += counts[k].covered;
    total += counts[k].total;
  }
  sb_printf(out, "coverage: %zu of %zu (%.1f%%)\n", covered, total, percent_of(covered, total));
}

static void json_string(strbuf *out, const char *s) { sb_json_string(out, s, strlen(s)); }

static void not_covered_json(const kam_test_report *r, const char *file, strbuf *out) {
  bool first = true;
  for (size_t i = 0; i < r->coverage_count; i++) {
    const kam_coverage_item *it = &r->coverage[i];
    if (it->covered || strcmp(it->file, file) != 0) continue;
    sb_printf(out, "%s{\"line\":%d,\"what\":", first ? "" : ",", it->line);
    json_string(out, it->what);
    if (it->excused) {
      sb_puts(out, ",\"excused\":");
      json_string(out, it->excused);
    }
    sb_putc(out, '}');
    first = false;
  }
}

static void as_json(const kam_test_report *r, const file_count *counts, size_t files, strbuf *out) {
  size_t covered = 0, total = 0;
  sb_printf(out, "{\"passed\":%d,\"failed\":%d,\"files\":[", r->passed, r->failed);
  for (size_t k = 0; k < files; k++) {
    sb_puts(out, k ? ",{\"file\":" : "{\"file\":");
    json_string(out, counts[k].file);
    sb_printf(out, ",\"covered\":%zu,\"total\":%zu,\"percent\":%.1f,\"not_covered\":[", counts[k].covered,
              counts[k].total, percent_of(counts[k].covered, counts[k].total));
    not_covered_json(r, counts[k].file, out);
    sb_puts(out, "]}");
    covered += counts[k].covered;
    total += counts[k].total;
  }
  sb_printf(out, "],\"covered\":%zu,\"total\":%zu,\"percent\":%.1f}\n", covered, total, percent_of(covered, total));
}

char *kam_coverage_text(const kam_test_report *r, bool json, double *percent) {
  file_count *counts = calloc(r->coverage_count + 1, sizeof *counts);
  if (!counts) return NULL;
  size_t files = count_by_file(r, counts), covered = 0, total = 0;
  for (size_t k = 0; k < files; k++) {
    covered += counts[k].covered;
    total += counts[k].total;
  }
  *percent = percent_of(covered, total);
  strbuf out;
  sb_init(&out);
  if (json) as_json(r, counts, files, &out);
  else as_text(r, counts, files, &out);
  free(counts);
  return out.data;
}
