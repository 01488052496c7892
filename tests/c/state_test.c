/* The cases meshes_signer and meshes_verifier share (see state_test.h). */
#include "state_test.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

#ifdef MESHES_VALGRIND_BUILD
#include <valgrind/memcheck.h>
#else
#define VALGRIND_MAKE_MEM_DEFINED(p, n) ((void)(p), (void)(n))
#endif

static int all_zero(const void *p, size_t n) {
    const unsigned char *b = p;
    size_t i;
    for (i = 0; i < n; i++)
        if (b[i] != 0) return 0;
    return 1;
}

/* Reads the bytes through a volatile pointer, so that the compiler cannot assume what clear()
 * left there. */
static int volatile_all_zero(const void *p, size_t n) {
    const volatile unsigned char *b = (const volatile unsigned char *)p;
    size_t i;
    for (i = 0; i < n; i++)
        if (b[i] != 0) return 0;
    return 1;
}

void test_state(const state_ops *ops, void *zeroed_local, const void *zeroed_static) {
    size_t n = ops->size;
    /* malloc's alignment suffices for both structs (8 bytes). */
    unsigned char *state = malloc(n), *raw = malloc(n + 8), *copy = malloc(n);
    case_begin(ops->group, "= {0}, static, memset 0 are uninitialized; NULL");
    CHECK(state && raw && copy);
    if (!state || !raw || !copy) goto done;
    CHECK_STATUS(ops->use(zeroed_local), MESHES_ERR_UNINITIALIZED);
    CHECK_STATUS(ops->use(zeroed_static), MESHES_ERR_UNINITIALIZED);
    memset(state, 0, n);
    CHECK_STATUS(ops->use(state), MESHES_ERR_UNINITIALIZED);
    CHECK_STATUS(ops->use(NULL), MESHES_ERR_NULL_POINTER);
    CHECK_STATUS(ops->init(NULL), MESHES_ERR_NULL_POINTER);
    ops->clear(NULL);

    case_begin(ops->group, "misaligned is rejected");
    memset(raw, 0x33, n + 8);
    CHECK_STATUS(ops->init(raw + 1), MESHES_ERR_NULL_POINTER);
    CHECK_STATUS(ops->use(raw + 1), MESHES_ERR_NULL_POINTER);
    ops->clear(raw + 1); /* wipes the bytes, alignment or not */
    CHECK(raw[0] == 0x33 && all_zero(raw + 1, n) && raw[n + 1] == 0x33);

    case_begin(ops->group, "init, use, clear");
    memset(state, 0xEE, n); /* init accepts any prior contents */
    CHECK_STATUS(ops->init(state), MESHES_OK);
    CHECK(!all_zero(state, n));
    CHECK_STATUS(ops->use(state), MESHES_OK);
    ops->clear(state);
    CHECK(volatile_all_zero(state, n));
    CHECK_STATUS(ops->use(state), MESHES_ERR_UNINITIALIZED);
    ops->clear(state); /* clearing twice is fine */
    CHECK(volatile_all_zero(state, n));

    case_begin(ops->group, "holds no copy of the secret");
    CHECK_STATUS(ops->init(state), MESHES_OK);
    {
        /* The copy includes the padding bytes of the Rust struct inside, which nothing ever
         * initialized; memcheck is told to let the scan read them. */
        size_t i, len = strlen(ops->secret);
        memcpy(copy, state, n);
        VALGRIND_MAKE_MEM_DEFINED(copy, n);
        for (i = 0; i + len <= n; i++) CHECK(memcmp(copy + i, ops->secret, len) != 0);
    }

    case_begin(ops->group, "a failed init clears");
    CHECK_STATUS(ops->init_bad_secret(state), MESHES_ERR_SECRET);
    CHECK(volatile_all_zero(state, n));
    CHECK_STATUS(ops->use(state), MESHES_ERR_UNINITIALIZED);

    case_begin(ops->group, "on the heap, init, use, clear");
    CHECK_STATUS(ops->init(state), MESHES_OK);
    CHECK_STATUS(ops->use(state), MESHES_OK);
    ops->clear(state);
    CHECK(volatile_all_zero(state, n));
done:
    case_end();
    free(state);
    free(raw);
    free(copy);
}
