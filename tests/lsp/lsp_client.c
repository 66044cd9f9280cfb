/*
 * lsp_client.c — a scripted Language Server Protocol client for testing
 * `kam lsp` (tests/cli/lsp.sh) and timing it (bench/lsp_latency.sh).
 *
 *   lsp_client SCRIPT CMD [ARGS...]
 *
 * starts CMD with pipes to its stdin and stdout and runs SCRIPT line by line:
 *
 *   send BODY      sends BODY (as written, valid JSON or not) with a Content-Length header;
 *                  @file:PATH@ in BODY becomes the contents of PATH as a JSON string
 *   raw TEXT       sends TEXT as it is, after \r \n \\ escapes (to break the framing)
 *   wait TEXT      reads messages until one contains TEXT (fails after LSP_TIMEOUT
 *                  seconds, default 10); with `waitt`, also prints "elapsed_ms N",
 *                  the milliseconds since the last send
 *   mark LABEL     prints "== LABEL" (tests cut the output into steps with it)
 *   close          closes the server's input
 *   end            reads what is left, waits for the server and prints "exit N"
 *   # ...          a comment
 *
 * Every message the server sends is printed on one line as "<< BODY".  The
 * exit status is 0 when the script ran to its end, 1 otherwise.
 */
#define _GNU_SOURCE   /* memmem */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct conn {
  int to, from;
  pid_t pid;
  char *buf;
  size_t len, cap;
  struct timespec last_send;
} conn;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

static double ms_of(struct timespec t) { return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6; }

static int start(conn *c, char **argv) {
  int in[2], out[2];
  if (pipe(in) || pipe(out)) return -1;
  c->pid = fork();
  if (c->pid < 0) return -1;
  if (c->pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    close(in[0]), close(in[1]), close(out[0]), close(out[1]);
    execvp(argv[0], argv);
    perror(argv[0]);
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  c->to = in[1];
  c->from = out[0];
  return 0;
}

static void write_all(conn *c, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(c->to, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) { fprintf(stderr, "lsp_client: the server stopped reading\n"); return; }
    p += w;
    n -= (size_t)w;
  }
  clock_gettime(CLOCK_MONOTONIC, &c->last_send);
}

/* Reads what is available (waiting at most timeout_ms); false at end of output. */
static int fill(conn *c, int timeout_ms) {
  struct pollfd p = {c->from, POLLIN, 0};
  int r = poll(&p, 1, timeout_ms);
  if (r <= 0) return r;          /* 0: timeout */
  if (c->len + 65536 > c->cap) {
    c->cap = (c->len + 65536) * 2;
    c->buf = realloc(c->buf, c->cap);
  }
  ssize_t n = read(c->from, c->buf + c->len, 65536);
  if (n <= 0) return -1;
  c->len += (size_t)n;
  return 1;
}

/* Takes one whole message out of the buffer into *body (malloc'd). */
static int take_message(conn *c, char **body) {
  char *end = c->len ? memmem(c->buf, c->len, "\r\n\r\n", 4) : NULL;
  if (!end) return 0;
  char *cl = memmem(c->buf, (size_t)(end - c->buf), "Content-Length: ", 16);
  if (!cl) { fprintf(stderr, "lsp_client: a message without Content-Length\n"); exit(1); }
  size_t n = strtoul(cl + 16, NULL, 10), head = (size_t)(end - c->buf) + 4;
  if (c->len < head + n) return 0;
  *body = malloc(n + 1);
  memcpy(*body, c->buf + head, n);
  (*body)[n] = 0;
  memmove(c->buf, c->buf + head + n, c->len - head - n);
  c->len -= head + n;
  return 1;
}

/* Prints messages until one contains want (NULL: until the output ends). */
static int wait_for(conn *c, const char *want, int timeout_s) {
  double deadline = now_ms() + timeout_s * 1000.0;
  for (;;) {
    char *body;
    while (take_message(c, &body)) {
      printf("<< %s\n", body);
      int found = want && strstr(body, want);
      free(body);
      if (found) return 1;
    }
    double left = deadline - now_ms();
    if (left <= 0) { printf("!! timeout waiting for %s\n", want ? want : "the end"); return 0; }
    int r = fill(c, (int)left);
    if (r < 0) {
      if (want) printf("!! output ended waiting for %s\n", want);
      return !want;
    }
  }
}

static void unescape(char *s) {
  char *o = s;
  for (; *s; s++) {
    if (*s != '\\' || !s[1]) { *o++ = *s; continue; }
    s++;
    *o++ = *s == 'r' ? '\r' : *s == 'n' ? '\n' : *s;
  }
  *o = 0;
}

/* Appends s[0..n) to out as a JSON string literal. */
static void json_quote(FILE *out, const char *s, size_t n) {
  fputc('"', out);
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch == '"' || ch == '\\') fprintf(out, "\\%c", ch);
    else if (ch == '\n') fputs("\\n", out);
    else if (ch < 0x20) fprintf(out, "\\u%04x", ch);
    else fputc(ch, out);
  }
  fputc('"', out);
}

/* BODY with each @file:PATH@ replaced (malloc'd), or NULL when a file cannot be read. */
static char *expand_files(const char *body) {
  char *text = NULL;
  size_t size = 0;
  FILE *out = open_memstream(&text, &size);
  for (const char *p = body; *p;) {
    const char *at = strstr(p, "@file:"), *end = at ? strchr(at + 6, '@') : NULL;
    if (!end) { fputs(p, out); break; }
    fwrite(p, 1, (size_t)(at - p), out);
    char path[4096];
    snprintf(path, sizeof path, "%.*s", (int)(end - at - 6), at + 6);
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); fclose(out); free(text); return NULL; }
    char *data = NULL;
    size_t cap = 0, len = 0, n;
    char chunk[65536];
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
      if (len + n > cap) data = realloc(data, cap = (len + n) * 2);
      memcpy(data + len, chunk, n);
      len += n;
    }
    fclose(f);
    json_quote(out, data ? data : "", len);
    free(data);
    p = end + 1;
  }
  fclose(out);
  return text;
}

static int run_line(conn *c, char *line, int timeout_s) {
  size_t n = strlen(line);
  if (n && line[n - 1] == '\n') line[--n] = 0;
  if (!n || line[0] == '#') return 1;
  char *arg = strchr(line, ' ');
  arg = arg ? arg + 1 : line + n;
  if (strncmp(line, "send ", 5) == 0) {
    char *body = expand_files(arg);
    if (!body) return 0;
    char head[64];
    int h = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", strlen(body));
    write_all(c, head, (size_t)h);
    write_all(c, body, strlen(body));
    free(body);
  } else if (strncmp(line, "raw ", 4) == 0) {
    unescape(arg);
    write_all(c, arg, strlen(arg));
  } else if (strncmp(line, "wait ", 5) == 0 || strncmp(line, "waitt ", 6) == 0) {
    if (!wait_for(c, arg, timeout_s)) return 0;
    if (line[4] == 't') printf("elapsed_ms %.1f\n", now_ms() - ms_of(c->last_send));
  } else if (strncmp(line, "mark ", 5) == 0) {
    printf("== %s\n", arg);
  } else if (strcmp(line, "close") == 0) {
    close(c->to);
    c->to = -1;
  } else if (strcmp(line, "end") == 0) {
    if (c->to >= 0) close(c->to), c->to = -1;
    if (!wait_for(c, NULL, timeout_s)) return 0;
    int status;
    if (waitpid(c->pid, &status, 0) < 0) return 0;
    printf("exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    c->pid = 0;
  } else {
    fprintf(stderr, "lsp_client: unknown step: %s\n", line);
    return 0;
  }
  fflush(stdout);
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: lsp_client SCRIPT CMD [ARGS...]\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  FILE *script = fopen(argv[1], "r");
  if (!script) { perror(argv[1]); return 2; }
  const char *t = getenv("LSP_TIMEOUT");
  int timeout_s = t && atoi(t) > 0 ? atoi(t) : 10;
  conn c = {0};
  if (start(&c, argv + 2) != 0) { perror("lsp_client"); return 2; }
  char *line = NULL;
  size_t cap = 0;
  int ok = 1;
  while (ok && getline(&line, &cap, script) > 0) ok = run_line(&c, line, timeout_s);
  free(line);
  fclose(script);
  if (c.pid > 0) {               /* the script stopped early: do not leave the server behind */
    kill(c.pid, SIGKILL);
    waitpid(c.pid, NULL, 0);
  }
  free(c.buf);
  return ok ? 0 : 1;
}
