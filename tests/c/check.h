/* A minimal test harness: named cases, checks that name the case, and a closing
 * "N passed, N failed" line. */
#ifndef MESHES_CHECK_H
#define MESHES_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "meshes_token.h"

/* Starts a case; every CHECK until the next case_begin() or case_end() belongs to it. */
void case_begin(const char *group, const char *name);
/* Closes the current case, counting it as passed or failed. */
void case_end(void);
/* Records a failed check in the current case (use the macros). */
void check_failed(const char *file, int line, const char *what, const char *detail);
/* Prints the closing line and returns the process exit status. */
int check_summary(void);

#define CHECK(cond) \
    do { if (!(cond)) check_failed(__FILE__, __LINE__, #cond, NULL); } while (0)
#define CHECK_STATUS(got, want) \
    do { meshes_status got_ = (got), want_ = (want); \
         if (got_ != want_) check_status_failed(__FILE__, __LINE__, #got, got_, want_); } while (0)
#define CHECK_MEM(a, b, n) \
    do { if (memcmp((a), (b), (n)) != 0) check_failed(__FILE__, __LINE__, #a " == " #b, NULL); } while (0)

void check_status_failed(const char *file, int line, const char *what, meshes_status got,
                         meshes_status want);

/* meshes_status for a vector file's error name ("ACCESS_KEY", ...); 0 with *ok = 0 if none. */
meshes_status status_from_name(const char *name, int *ok);

/* The test groups (each file's entry point); `dir` is tests/vectors. */
void test_vectors(const char *dir);
void test_bad_calls(const char *dir);
void test_api(void);
void test_signer(void);
void test_verifier(void);
void test_threads(void);
void test_overlap(void);

#endif
