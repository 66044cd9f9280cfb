/*
 * git.c — rule files read from git history: REV:PATH names a file or a
 * directory at a revision, read with `git cat-file` and `git ls-tree`.
 * git runs as a child process with its arguments passed as they are (no
 * shell), after --end-of-options, so neither a path nor a revision can
 * become a command or an option.  A leaf: it returns names and texts and
 * knows nothing of rule sets.
 */
#include "git.h"
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* --- running git ------------------------------------------------------------- */

/* What one git command gave: its standard output, its standard error (where
 * git says what went wrong), and whether it exited 0. */
typedef struct git_run {
  strbuf out, err;
  bool ok;
} git_run;

/* The child: stdin from /dev/null, stdout and stderr into the pipes.  An
 * exec failure is said on the error pipe, where the parent reads it. */
static void exec_git(const char *const *argv, int out_fd, int err_fd) {
  int devnull = open("/dev/null", O_RDONLY);
  if (devnull >= 0) dup2(devnull, 0);
  dup2(out_fd, 1);
  dup2(err_fd, 2);
  execvp("git", (char *const *)argv);
  /* Only async-signal-safe calls between fork and _exit. */
  static const char missing[] = "fatal: git is not installed (not found on PATH)\n";
  static const char failed[] = "fatal: cannot run git\n";
  bool not_found = errno == ENOENT;
  ssize_t ignored = write(2, not_found ? missing : failed, not_found ? sizeof missing - 1 : sizeof failed - 1);
  (void)ignored;
  _exit(127);
}

/* Reads both pipes to their ends; poll keeps a chatty stderr from
 * blocking git while stdout is being read, and the other way round. */
static void drain(int out_fd, int err_fd, git_run *run) {
  struct pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  strbuf *into[2] = {&run->out, &run->err};
  int open_fds = 2;
  char chunk[65536];
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; i++) {
      if (fds[i].fd < 0 || !fds[i].revents) continue;
      ssize_t n = read(fds[i].fd, chunk, sizeof chunk);
      if (n > 0) sb_append(into[i], chunk, (size_t)n);
      else if (n == 0 || errno != EINTR) { fds[i].fd = -1; open_fds--; }
    }
  }
}

/* A host that ignores SIGCHLD (or sets SA_NOCLDWAIT) has the kernel reap
 * its children, and waitpid then fails with ECHILD: git's exit status
 * would be lost.  The default disposition holds while git runs. */
static bool sigchld_to_default(struct sigaction *saved) {
  if (sigaction(SIGCHLD, NULL, saved) != 0) return false;
  if (saved->sa_handler != SIG_IGN && !(saved->sa_flags & SA_NOCLDWAIT)) return false;
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  return sigaction(SIGCHLD, &dfl, NULL) == 0;
}

static bool wait_for(pid_t pid, git_run *run) {
  int status;
  pid_t got;
  while ((got = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {}
  if (got < 0) {
    sb_printf(&run->err, "fatal: the exit status of git was lost: %s\n", strerror(errno));
    return false;
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void close_pair(int fds[2]) {
  close(fds[0]);
  close(fds[1]);
}

static void run_git(const char *const *argv, git_run *run) {
  sb_init(&run->out);
  sb_init(&run->err);
  run->ok = false;
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0) { sb_printf(&run->err, "fatal: %s\n", strerror(errno)); return; }
  if (pipe(err_pipe) != 0) {
    sb_printf(&run->err, "fatal: %s\n", strerror(errno));
    close_pair(out_pipe);
    return;
  }
  struct sigaction saved;
  bool restore = sigchld_to_default(&saved);
  pid_t pid = fork();
  if (pid == 0) exec_git(argv, out_pipe[1], err_pipe[1]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (pid < 0) sb_printf(&run->err, "fatal: cannot start git: %s\n", strerror(errno));
  else drain(out_pipe[0], err_pipe[0], run);
  close(out_pipe[0]);
  close(err_pipe[0]);
  if (pid > 0) run->ok = wait_for(pid, run);
  if (restore) sigaction(SIGCHLD, &saved, NULL);
}

static void git_run_free(git_run *run) {
  sb_free(&run->out);
  sb_free(&run->err);
}

/* git's own first line of complaint, without its "fatal: " prefix. */
static void fail_with(git_files *files, const git_run *run) {
  const char *msg = run->err.len ? run->err.data : "git failed without saying why";
  size_t len = run->err.len ? strcspn(msg, "\n") : strlen(msg);
  for (const char *prefix = "fatal: ", *alt = "error: "; prefix; prefix = alt, alt = NULL) {
    size_t p = strlen(prefix);
    if (len >= p && strncmp(msg, prefix, p) == 0) { msg += p; len -= p; }
  }
  files->error = arena_strndup(&files->mem, msg, len);
}

/* --- REV:PATH --------------------------------------------------------------------- */

bool git_is_spec(const char *path) {
  struct stat st;
  return strchr(path, ':') && stat(path, &st) != 0;
}

/* A PATH git already reads as the user meant: "./x" and "../x" from the
 * current directory, and git's own ":/TEXT" and ":N:PATH" (index stage). */
static bool path_is_explicit(const char *spec, const char *path) {
  if (path == spec + 1 && (path[0] == '/' || (path[0] >= '0' && path[0] <= '3' && path[1] == ':')))
    return true;
  return strncmp(path, "./", 2) == 0 || strncmp(path, "../", 3) == 0 || strcmp(path, ".") == 0 ||
         strcmp(path, "..") == 0;
}

/* PATH relative to the current directory, as for files on disk: git reads
 * REV:PATH from the top of the repository but REV:./PATH from here. */
static const char *object_name(arena *mem, const char *spec) {
  const char *colon = strchr(spec, ':');
  if (path_is_explicit(spec, colon + 1)) return spec;
  return arena_printf(mem, "%.*s:./%s", (int)(colon - spec), spec, colon + 1);
}

static int compare_files(const void *a, const void *b) {
  return strcmp(((const git_file *)a)->name, ((const git_file *)b)->name);
}

/* One blob's bytes, into the file shown as name. */
static bool read_blob(git_files *files, const char *object, const char *name, git_file *file) {
  const char *argv[] = {"git", "cat-file", "blob", "--end-of-options", object, NULL};
  git_run run;
  run_git(argv, &run);
  if (run.ok) {
    file->name = name;
    file->length = run.out.len;
    file->text = arena_strndup(&files->mem, run.out.data ? run.out.data : "", run.out.len);
  } else {
    fail_with(files, &run);
  }
  git_run_free(&run);
  return run.ok;
}

/* Regular files only: a symbolic link's blob is its target's name and a
 * submodule has no blob here, so neither is a rule file. */
static bool is_regular_blob(const char *record) {
  return strncmp(record, "100644 blob ", 12) == 0 || strncmp(record, "100755 blob ", 12) == 0;
}

/* The *.kam blobs of a tree: -z gives "MODE TYPE OID\tPATH\0" records with
 * the path as it is (no quoting of non-ASCII names); --full-tree lists the
 * whole tree even when run from a subdirectory. */
static bool read_tree(git_files *files, const char *spec, const char *object) {
  const char *argv[] = {"git", "ls-tree", "-r", "-z", "--full-tree", "--end-of-options", object, NULL};
  git_run run;
  run_git(argv, &run);
  if (!run.ok) {
    fail_with(files, &run);
    git_run_free(&run);
    return false;
  }
  ptr_vec records = {0};
  for (size_t at = 0; at < run.out.len; at += strlen(run.out.data + at) + 1) {
    const char *record = run.out.data + at, *tab = strchr(record, '\t');
    if (tab && is_regular_blob(record) && has_kam_suffix(tab + 1))
      ptr_vec_push(&files->mem, &records, (void *)record);
  }
  size_t s = strlen(spec);
  const char *slash = spec[s - 1] != ':' && spec[s - 1] != '/' ? "/" : "";
  files->items = arena_alloc(&files->mem, (size_t)(records.count + 1) * sizeof(git_file));
  bool ok = true;
  for (int i = 0; ok && i < records.count; i++) {
    const char *record = records.items[i], *tab = strchr(record, '\t');
    const char *oid = arena_strndup(&files->mem, record + 12, (size_t)(tab - record - 12));
    const char *name = arena_printf(&files->mem, "%s%s%s", spec, slash, tab + 1);
    ok = read_blob(files, oid, name, &files->items[files->count]);
    if (ok) files->count++;
  }
  qsort(files->items, (size_t)files->count, sizeof(git_file), compare_files);
  git_run_free(&run);
  return ok;
}

static bool refuse_option_like(git_files *files, const char *spec) {
  if (spec[0] != '-') return false;
  files->error = "a revision cannot begin with '-'";
  return true;
}

bool git_read(const char *spec, git_files *files) {
  memset(files, 0, sizeof *files);
  arena_init(&files->mem);
  if (!strchr(spec, ':')) { files->error = "not of the form REV:PATH"; return false; }
  if (refuse_option_like(files, spec)) return false;
  const char *object = object_name(&files->mem, spec);
  const char *argv[] = {"git", "cat-file", "-t", "--end-of-options", object, NULL};
  git_run type;
  run_git(argv, &type);
  if (!type.ok) fail_with(files, &type);
  bool ok = type.ok;
  bool typed = ok && type.out.len >= 5;
  if (typed && strncmp(type.out.data, "tree\n", 5) == 0) {
    ok = read_tree(files, spec, object);
  } else if (typed && strncmp(type.out.data, "blob\n", 5) == 0) {
    files->items = arena_alloc(&files->mem, sizeof(git_file));
    ok = read_blob(files, object, spec, &files->items[0]);
    files->count = ok;
  } else if (ok) {
    const char *what = type.out.len ? type.out.data : "object\n";
    files->error = arena_printf(&files->mem, "a git %.*s, not a file or directory",
                                (int)strcspn(what, "\n"), what);
    ok = false;
  }
  git_run_free(&type);
  return ok;
}

void git_files_free(git_files *files) {
  arena_free(&files->mem);
  memset(files, 0, sizeof *files);
}
