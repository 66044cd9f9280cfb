/*
 * report_svg.c — the report's charts as inline SVG: horizontal bars (a
 * distribution) and stacked columns (alerts per run).  They scale with
 * the page through their viewBox, carry their numbers as text (so a
 * printed page and a screen reader read the same figures) and load
 * nothing.
 */
#include "report.h"
#include "value.h"

#include <stdio.h>
#include <string.h>

static void svg_open(strbuf *b, const char *title, int width, int height) {
  sb_printf(b, "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" style=\"max-width:%dpx\" "
               "xmlns=\"http://www.w3.org/2000/svg\"><title>", width, height, width);
  html_text(b, title);
  sb_puts(b, "</title>");
}

/* One labelled bar per row, widths to scale, each with its count and share. */
void svg_bars(strbuf *b, const char *title, const char *const *labels, const long *counts, int n) {
  long max = 1, total = 0;
  for (int i = 0; i < n; i++) {
    if (counts[i] > max) max = counts[i];
    total += counts[i];
  }
  int row = 24, width = 560, label_w = 110, bar_max = width - label_w - 130;
  svg_open(b, title, width, row * n + 6);
  for (int i = 0; i < n; i++) {
    int y = 3 + row * i, w = (int)((double)counts[i] / (double)max * bar_max);
    sb_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"label\">", label_w - 8, y + 14);
    html_text(b, labels[i]);
    sb_printf(b, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"17\" class=\"bar\"/>"
                 "<text x=\"%d\" y=\"%d\" class=\"value\" data-count=\"%ld\">%ld (",
              label_w, y, w > 0 ? w : 1, label_w + (w > 0 ? w : 1) + 6, y + 13, counts[i], counts[i]);
    number_format_with(v_real(total ? (double)counts[i] / (double)total : 0), ".1%", b);
    sb_puts(b, ")</text>");
  }
  sb_puts(b, "</svg>\n");
}

/* Known severities keep their colour whichever of them a run raised. */
static int layer_class(const char *severity) {
  int rank = severity_rank(severity);
  return rank < 0 ? SEVERITY_COUNT : SEVERITY_COUNT - 1 - rank;   /* l0 critical ... l4 info, l5 other */
}

static void trend_legend(strbuf *b, const char *const *layers, int n_layers, int y) {
  for (int k = 0, x = 40; k < n_layers; k++, x += 90) {
    sb_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" class=\"l%d\"/>"
                 "<text x=\"%d\" y=\"%d\" class=\"label\">", x, y, layer_class(layers[k]), x + 14, y + 9);
    html_text(b, layers[k]);
    sb_puts(b, "</text>");
  }
}

/* Columns stacked by layer (severity), the total above, every few runs'
 * date below so the labels never overlap. */
void svg_trend(strbuf *b, const char *title, const char *const *runs, int n_runs,
               const char *const *layers, int n_layers, const long *counts) {
  long max = 1;
  for (int i = 0; i < n_runs; i++) {
    long total = 0;
    for (int k = 0; k < n_layers; k++) total += counts[i * n_layers + k];
    if (total > max) max = total;
  }
  int width = 560, left = 40, top = 16, plot_h = 120, slot = (width - left - 10) / (n_runs > 0 ? n_runs : 1);
  if (slot > 80) slot = 80;
  int every = slot >= 72 ? 1 : (72 + slot - 1) / slot;   /* a date label is about 65 units wide */
  svg_open(b, title, width, top + plot_h + 44);
  sb_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>", left, top + plot_h,
            width - 4, top + plot_h);
  for (int i = 0; i < n_runs; i++) {
    int x = left + i * slot + slot / 6, w = slot - slot / 3, y = top + plot_h;
    long total = 0;
    for (int k = 0; k < n_layers; k++) {
      long c = counts[i * n_layers + k];
      int h = (int)((double)c / (double)max * plot_h);
      total += c;
      if (h <= 0) continue;
      y -= h;
      sb_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"l%d\"/>", x, y, w > 1 ? w : 1, h,
                layer_class(layers[k]));
    }
    bool labelled = (i % every == 0 && i + every <= n_runs - 1) || i == n_runs - 1;
    if (labelled || slot >= 40)
      sb_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"value\" data-total=\"%ld\">%ld</text>",
                x + w / 2, y - 3, total, total);
    if (labelled) {
      sb_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"label\">", x + w / 2, top + plot_h + 14);
      html_text(b, runs[i]);
      sb_puts(b, "</text>");
    }
  }
  trend_legend(b, layers, n_layers, top + plot_h + 26);
  sb_puts(b, "</svg>\n");
}
