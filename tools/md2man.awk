# md2man.awk: the markdown of docs/language.md as a man(7) page with tbl tables.
#
# It knows the subset that page uses and nothing more: one "# " title (the
# NAME line), "## " and "### " headings, paragraphs, "- " lists whose items
# continue on lines indented by two spaces, fenced code blocks, pipe tables
# with a header row, and inline `code`, **bold**, *italic* and [text](link).  Pandoc
# would do more, but is not on every build machine; this runs wherever awk
# does.  Usage: awk -v name=kam-language -v version=0.1.0 -f tools/md2man.awk FILE.md
#   name     the page's name (kam-language), section 7
#   version  shown in the footer

BEGIN {
  if (name == "") name = "kam-language"
  for (i = 128; i < 256; i++) byte_value[sprintf("%c", i)] = i
  in_code = 0; in_table = 0; in_para = 0; in_list = 0
}

# --- escaping ----------------------------------------------------------------------

# Text for roff: backslashes doubled as \e, and a leading . or ' made literal.
function roff_escape(s) {
  gsub(/\\/, "\\e", s)
  return s
}
function line_safe(s) {
  if (s ~ /^[.']/) s = "\\&" s
  return unicode_escape(s)
}
# Characters beyond ASCII as \[uXXXX], so the page needs no input encoding
# (run under LC_ALL=C, where awk sees bytes).
function unicode_escape(s,    out, i, b, n, cp, k) {
  if (s !~ /[\200-\377]/) return s
  out = ""
  for (i = 1; i <= length(s); i++) {
    b = byte_value[substr(s, i, 1)]
    if (b < 128) { out = out substr(s, i, 1); continue }
    if (b >= 240) { n = 3; cp = b - 240 } else if (b >= 224) { n = 2; cp = b - 224 } else { n = 1; cp = b - 192 }
    for (k = 1; k <= n; k++) cp = cp * 64 + byte_value[substr(s, i + k, 1)] - 128
    i += n
    out = out sprintf("\\[u%04X]", cp)
  }
  return out
}
# Code keeps its hyphens as minus signs, so options can be copied from the page.
function code_escape(s) {
  s = roff_escape(s)
  gsub(/-/, "\\-", s)
  return s
}

# Inline markup outside code spans: **bold** and *italic*.
function inline_plain(s,    out) {
  s = roff_escape(s)
  while (match(s, /\*\*[^*]+\*\*/))
    s = substr(s, 1, RSTART - 1) "\\fB" substr(s, RSTART + 2, RLENGTH - 4) "\\fR" substr(s, RSTART + RLENGTH)
  while (match(s, /\*[^* ][^*]*\*/))
    s = substr(s, 1, RSTART - 1) "\\fI" substr(s, RSTART + 1, RLENGTH - 2) "\\fR" substr(s, RSTART + RLENGTH)
  return s
}

# A line of markdown text: links become their text, `code` spans are set in bold.
function inline(s,    out, i, c, code, buf, link) {
  while (match(s, /\[[^]]*\]\([^)]*\)/)) {   # a link is its text (which may hold `code`)
    link = substr(s, RSTART, RLENGTH)
    sub(/\]\(.*/, "", link)
    s = substr(s, 1, RSTART - 1) substr(link, 2) substr(s, RSTART + RLENGTH)
  }
  out = ""; buf = ""; code = 0
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c == "`") {
      if (code) out = out "\\fB" code_escape(buf) "\\fR"
      else out = out inline_plain(buf)
      buf = ""; code = !code
    } else buf = buf c
  }
  if (code) buf = "`" buf   # an unpaired backquote stays as it is
  return out inline_plain(buf)
}

# --- blocks --------------------------------------------------------------------------

function end_para() { in_para = 0 }
function end_list() { if (in_list) { print ".RE"; print ".PP" } in_list = 0 }

# Splits a table row on the pipes that are not inside `code`.
function split_row(line, cells,    n, i, c, code, buf) {
  sub(/^[ \t]*\|/, "", line); sub(/\|[ \t]*$/, "", line)
  n = 0; buf = ""; code = 0
  for (i = 1; i <= length(line); i++) {
    c = substr(line, i, 1)
    if (c == "`") code = !code
    if (c == "|" && !code) { cells[++n] = buf; buf = "" } else buf = buf c
  }
  cells[++n] = buf
  for (i = 1; i <= n; i++) { sub(/^[ \t]+/, "", cells[i]); sub(/[ \t]+$/, "", cells[i]) }
  return n
}

function table_row(line, bold,    cells, n, i, row) {
  n = split_row(line, cells)
  row = ""
  for (i = 1; i <= n; i++)
    row = row (i > 1 ? "\t" : "") "T{\n" line_safe((bold ? "\\fB" : "") inline(cells[i]) (bold ? "\\fR" : "")) "\nT}"
  print row
}

function start_table(header,    cells, n, i, spec) {
  n = split_row(header, cells)
  spec = ""
  for (i = 1; i <= n; i++) spec = spec (i > 1 ? " " : "") "lx"
  print ".PP"
  print ".na"     # table cells are narrow: ragged lines read better than stretched ones
  print ".TS"
  print "allbox;"
  print spec "."
  table_row(header, 1)
}

function end_table() { if (in_table) { print ".TE"; print ".ad" } in_table = 0 }

# --- the page ------------------------------------------------------------------------

NR == 1 {
  print "'\\\" t"
  print ".\\\" " name "(7): generated from docs/language.md by tools/md2man.awk; edit the markdown."
  print ".TH " toupper(name) " 7 \"\" \"kam " version "\" \"kam manual\""
  print ".\\\" The Chinese scale suffixes of numbers, spelt out where the output device lacks them."
  print ".if !c\\[u4E07] .char \\[u4E07] (wan)"
  print ".if !c\\[u4EBF] .char \\[u4EBF] (yi)"
}

in_code && /^```/ { print ".fi"; print ".RE"; in_code = 0; next }
in_code { print line_safe(code_escape($0)); next }

/^```/ {
  end_table(); end_list(); end_para()
  print ".PP"; print ".RS 4"; print ".nf"
  in_code = 1; next
}

/^\|/ {
  end_list(); end_para()
  if (!in_table) { start_table($0); in_table = 1; next }
  if ($0 ~ /^\|[-:| ]+\|[ \t]*$/) next   # the header's underline
  table_row($0, 0); next
}
in_table { end_table() }

/^# / {
  title = $0; sub(/^# /, "", title)
  print ".SH NAME"
  print name " \\- " tolower(substr(title, 1, 1)) substr(title, 2)
  print ".SH DESCRIPTION"
  next
}
/^## / { end_list(); end_para(); h = $0; sub(/^## /, "", h); print ".SH " line_safe(inline(toupper(h))); next }
/^### / { end_list(); end_para(); h = $0; sub(/^### /, "", h); print ".SS " line_safe(inline(h)); next }

/^[ \t]*$/ { end_para(); next }

/^- / {
  end_para()
  if (!in_list) { print ".RS 2"; in_list = 1 }
  item = $0; sub(/^- /, "", item)
  print ".IP \\(bu 2"
  print line_safe(inline(item))
  next
}
in_list && /^  / { item = $0; sub(/^ +/, "", item); print line_safe(inline(item)); next }

{
  end_list()
  if (!in_para) { print ".PP"; in_para = 1 }
  print line_safe(inline($0))
}

END { end_table(); if (in_code) { print ".fi"; print ".RE" } end_list() }
