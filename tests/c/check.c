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

static const struct { const char *name; meshes_status status; } NAMES[] = {
    {"NULL_POINTER", MESHES_ERR_NULL_POINTER},   {"ACCESS_KEY", MESHES_ERR_ACCESS_KEY},
    {"SECRET", MESHES_ERR_SECRET},               {"ORG_ID", MESHES_ERR_ORG_ID},
    {"TTL", MESHES_ERR_TTL},                     {"TIME", MESHES_ERR_TIME},
    {"BUFFER_TOO_SMALL", MESHES_ERR_BUFFER_TOO_SMALL}, {"CLOCK", MESHES_ERR_CLOCK},
    {"UNINITIALIZED", MESHES_ERR_UNINITIALIZED}, {"MALFORMED", MESHES_ERR_MALFORMED},
    {"ALGORITHM", MESHES_ERR_ALGORITHM},         {"SIGNATURE", MESHES_ERR_SIGNATURE},
    {"CLAIMS", MESHES_ERR_CLAIMS},               {"EXPIRED", MESHES_ERR_EXPIRED},
    {"NOT_YET_VALID", MESHES_ERR_NOT_YET_VALID}, {"INTERNAL", MESHES_ERR_INTERNAL},
    {"LEEWAY", MESHES_ERR_LEEWAY},               {"OVERLAP", MESHES_ERR_OVERLAP},
};

meshes_status status_from_name(const char *name, int *ok) {
    size_t i;
    for (i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++) {
        if (strcmp(NAMES[i].name, name) == 0) {
            *ok = 1;
            return NAMES[i].status;
        }
    }
    *ok = 0;
    return MESHES_OK;
}
