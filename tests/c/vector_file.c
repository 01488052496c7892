/* Reading the files of tests/vectors in the C suite (see vector_file.h). */
#include "vector_file.h"

#include <stdio.h>
#include <string.h>

#include "check.h"

int get_str(json_value obj, const char *key, str *s) {
    json_value v;
    if (json_get(obj, key, &v) != 0 || json_string(v, s->buf, sizeof s->buf, &s->len) != 0) {
        check_failed(__FILE__, __LINE__, "string field", key);
        return -1;
    }
    return 0;
}

int open_vectors(const char *dir, const char *file, char **text, json_value *root,
                 json_value *vectors) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    case_begin(file, "(file)");
    if (json_load(path, text, root) != 0 || json_get(*root, "vectors", vectors) != 0) {
        check_failed(__FILE__, __LINE__, "file parses and has \"vectors\"", path);
        case_end();
        return -1;
    }
    case_end();
    return 0;
}

void begin_vector(const char *file, json_value v, str *name) {
    json_value n;
    if (json_get(v, "name", &n) != 0 || json_string(n, name->buf, sizeof name->buf, &name->len) != 0)
        strcpy(name->buf, "(unnamed)");
    case_begin(file, name->buf);
}
