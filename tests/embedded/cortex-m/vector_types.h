/* The C shapes of the four vector files, as gen_vectors.py writes them into the firmware's
 * flash (one struct per file, fields as the file names them; times as uint64_t). */
#ifndef VECTOR_TYPES_H
#define VECTOR_TYPES_H

#include <stddef.h>
#include <stdint.h>

#include "meshes_token.h"

/* A string's UTF-8 bytes (may hold NUL) and their count. */
typedef struct {
    const char *ptr;
    size_t len;
} vec_bytes;

/* One producer's token in tokens.json. */
typedef struct {
    const char *producer;
    vec_bytes token;
} vec_token;

/* tokens.json: the reference producer's token is `expected`. */
typedef struct {
    const char *name;
    vec_bytes access_key, org_id, secret;
    uint64_t iat, exp;
    uint32_t ttl;
    vec_bytes expected;
    const vec_token *tokens;
    size_t n_tokens;
} vec_mint;

/* verify_valid.json, with its claims. */
typedef struct {
    const char *name;
    vec_bytes token, secret;
    uint64_t now;
    uint32_t leeway;
    vec_bytes access_key, org_id;
    uint64_t iat, exp;
} vec_valid;

/* verify_invalid.json. */
typedef struct {
    const char *name;
    vec_bytes token, secret;
    uint64_t now;
    uint32_t leeway;
    meshes_status error;
} vec_invalid;

/* sign_invalid.json. */
typedef struct {
    const char *name;
    vec_bytes access_key, org_id, secret;
    uint64_t iat;
    uint32_t ttl;
    meshes_status error;
} vec_sign_invalid;

#endif
