#include "check.h"

#include <stdio.h>
#include <string.h>

static unsigned passed, failed;
static const char *cur_group, *cur_name;
static int cur_open, cur_failed;

void case_begin(const char *group, const char *name) {
    if (cur_open) case_end();
    cur_group = group;
    cur_name = name;
    cur_open = 1;
    cur_failed = 0;
}

void case_end(void) {
    if (!cur_open) return;
    if (cur_failed) failed++; else passed++;
    cur_open = 0;
}

void check_failed(const char *file, int line, const char *what, const char *detail) {
    if (!cur_open) case_begin("(outside a case)", "?");
    cur_failed = 1;
    fprintf(stderr, "FAIL %s/%s: %s:%d: %s%s%s\n", cur_group, cur_name, file, line, what,
            detail ? ": " : "", detail ? detail : "");
}

void check_status_failed(const char *file, int line, const char *what, meshes_status got,
                         meshes_status want) {
    char detail[200];
    snprintf(detail, sizeof detail, "got %u (%s), want %u (%s)", (unsigned)got,
             meshes_status_message(got), (unsigned)want, meshes_status_message(want));
    check_failed(file, line, what, detail);
}

int check_summary(void) {
    case_end();
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}

/* The library's own names (meshes_status_name), so that no list of statuses is copied here. */
meshes_status status_from_name(const char *name, int *ok) {
    static const char prefix[] = "MESHES_ERR_";
    meshes_status code;
    const char *full;
    for (code = 0; (full = meshes_status_name(code)) != NULL; code++) {
        if (strncmp(full, prefix, sizeof prefix - 1) == 0 &&
            strcmp(full + sizeof prefix - 1, name) == 0) {
            *ok = 1;
            return code;
        }
    }
    *ok = 0;
    return MESHES_OK;
}
