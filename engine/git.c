/*
 * git.c — rule files read from git history: REV:PATH names a file or a
 * directory at a revision, read with `git cat-file` / `git ls-tree` /
 * `git show`.  git runs as a child process with its arguments passed as
 * they are (no shell), so a path cannot inject a command.
 */
#include "ruleset.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs git with argv, collecting its standard output; true on exit 0. */
static bool run_git(const char *const *argv, strbuf *out) {
  int pipefd[2];
  if (pipe(pipefd) != 0) return false;
  pid_t pid = fork();
  if (pid < 0) {
    close(pipefd[0]);
    close(pipefd[1]);
    return false;
  }
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(pipefd[1], 1);
    if (devnull >= 0) dup2(devnull, 2);
    close(pipefd[0]);
    close(pipefd[1]);
    execvp("git", (char *const *)argv);
    _exit(127);
  }
  close(pipefd[1]);
  char chunk[65536];
  ssize_t n;
  while ((n = read(pipefd[0], chunk, sizeof chunk)) > 0) sb_append(out, chunk, (size_t)n);
  close(pipefd[0]);
  int status;
  while (waitpid(pid, &status, 0) < 0) {}
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static bool git_object_type(const char *spec, char *type, size_t size) {
  strbuf out;
  sb_init(&out);
  const char *argv[] = {"git", "cat-file", "-t", spec, NULL};
  bool ok = run_git(argv, &out) && out.len > 0;
  if (ok) {
    size_t n = out.len < size ? out.len : size - 1;
    memcpy(type, out.data, n);
    type[n] = 0;
    type[strcspn(type, "\n")] = 0;
  }
  sb_free(&out);
  return ok;
}

static bool add_git_blob(kam_ruleset *rs, const char *spec) {
  strbuf text;
  sb_init(&text);
  const char *argv[] = {"git", "show", spec, NULL};
  bool ok = run_git(argv, &text);
  if (ok) kam_ruleset_add_source(rs, spec, text.data ? text.data : "", text.len);
  sb_free(&text);
  return ok;
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.kam of the tree at spec, in sorted path order. */
static bool add_git_tree(kam_ruleset *rs, const char *spec) {
  strbuf list;
  sb_init(&list);
  const char *argv[] = {"git", "ls-tree", "-r", "--name-only", spec, NULL};
  bool ok = run_git(argv, &list);
  arena tmp;
  arena_init(&tmp);
  ptr_vec names = {0};
  for (char *line = list.data; ok && line && *line;) {
    char *end = strchr(line, '\n');
    if (end) *end = 0;
    size_t n = strlen(line);
    if (n > 4 && strcmp(line + n - 4, ".kam") == 0) {
      size_t s = strlen(spec);
      const char *slash = s && spec[s - 1] != ':' && spec[s - 1] != '/' ? "/" : "";
      ptr_vec_push(&tmp, &names, arena_printf(&tmp, "%s%s%s", spec, slash, line));
    }
    line = end ? end + 1 : NULL;
  }
  qsort(names.items, (size_t)names.count, sizeof(char *), compare_names);
  for (int i = 0; ok && i < names.count; i++) ok = add_git_blob(rs, names.items[i]);
  if (ok && !names.count) {
    diag_plain(&rs->src, KAM_DIAG_ERROR, "%s: no .kam files in this directory", spec);
    rs->io_diags = rs->src.diag_count;
    rs->io_errors = rs->src.errors;
  }
  arena_free(&tmp);
  sb_free(&list);
  return ok;
}

bool ruleset_add_git(kam_ruleset *rs, const char *spec) {
  char type[32];
  if (!git_object_type(spec, type, sizeof type)) return false;
  bool ok = strcmp(type, "tree") == 0 ? add_git_tree(rs, spec)
          : strcmp(type, "blob") == 0 && add_git_blob(rs, spec);
  if (!ok) {
    diag_plain(&rs->src, KAM_DIAG_ERROR, "%s: cannot read it from git", spec);
    rs->io_diags = rs->src.diag_count;
    rs->io_errors = rs->src.errors;
  }
  return true;
}
