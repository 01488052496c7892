/* Reading the files of tests/vectors in the C suite: the fields every file has, each failure
 * recorded in the current case. */
#ifndef MESHES_VECTOR_FILE_H
#define MESHES_VECTOR_FILE_H

#include <stddef.h>

#include "json.h"

#define STR_CAP 4096

/* A decoded string field. */
typedef struct {
    char buf[STR_CAP];
    size_t len;
} str;

/* Decodes field `key` of `obj` into s; a missing or ill-typed field fails the case. */
int get_str(json_value obj, const char *key, str *s);

/* Opens dir/file and returns its "vectors" array, or -1 (the failure is recorded). */
int open_vectors(const char *dir, const char *file, char **text, json_value *root,
                 json_value *vectors);

/* Starts a case named after the vector's "name". */
void begin_vector(const char *file, json_value v, str *name);

#endif
