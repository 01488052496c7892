/* The cases every caller-allocated state struct shares (meshes_signer, meshes_verifier):
 * zeroed and NULL states, misalignment, init / use / clear and the memory after clear, no
 * copy of the secret inside, a failed init that clears, a state on the heap. */
#ifndef MESHES_STATE_TEST_H
#define MESHES_STATE_TEST_H

#include <stddef.h>

#include "meshes_token.h"

typedef struct {
    const char *group; /* the case group, e.g. "meshes_signer" */
    size_t size;       /* sizeof the struct */
    const char *secret; /* the secret `init` uses, looked for inside the struct */
    /* init with the test's valid inputs; init with the secret "bad\n" (MESHES_ERR_SECRET) */
    meshes_status (*init)(void *state);
    meshes_status (*init_bad_secret)(void *state);
    /* sign or verify with the test's inputs: MESHES_OK after init */
    meshes_status (*use)(const void *state);
    void (*clear)(void *state);
} state_ops;

/* Runs the shared cases; `zeroed_local` (= {0}) and `zeroed_static` are zeroed structs. */
void test_state(const state_ops *ops, void *zeroed_local, const void *zeroed_static);

#endif
