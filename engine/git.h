/*
 * git.h — rule files read from git history (REV:PATH).  A leaf: it runs git
 * and hands back names and texts; what becomes of them is the caller's.
 */
#ifndef KAM_GIT_H
#define KAM_GIT_H

#include "arena.h"

#include <stdbool.h>
#include <stddef.h>

/* One file at a revision: shown as REV:PATH (the user's spelling). */
typedef struct git_file {
  const char *name;
  const char *text;
  size_t length;
} git_file;

/* What git_read gives back; everything lives in mem. */
typedef struct git_files {
  arena mem;
  git_file *items;
  int count;
  const char *error;   /* why nothing could be read; NULL on success */
} git_files;

/* True when path names nothing on disk but has the shape REV:PATH. */
bool git_is_spec(const char *path);
/* Reads REV:PATH: one file, or every *.kam below a directory in path order
 * (count 0 when there is none).  PATH is relative to the current directory.
 * False with files->error set when git cannot give it.  Free files with
 * git_files_free either way. */
bool git_read(const char *spec, git_files *files);
void git_files_free(git_files *files);

#endif
