/* Overlapping buffers (issue 15, item 7): an output that shares a byte with an input, the
 * signer or another output is MESHES_ERR_OVERLAP, checked before anything is read or written,
 * so every byte of the arena and *out_len must be exactly as before. Buffers that touch
 * without sharing a byte are fine. Also the new leeway cap (MESHES_ERR_LEEWAY). */
#include <string.h>

#include "check.h"

static const char KEY[] = "AK7f3kQ9mZ2pL8xR4tV6";
static const char SECRET[] = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
static const char ORG[] = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
static const uint64_t IAT = 1767225600u;
#define SENTINEL ((size_t)0xC0FFEE)

/* Inputs and outputs carved out of one arena, so that they can overlap on purpose. */
static union {
    meshes_signer signer; /* keeps the arena aligned for a signer */
    unsigned char bytes[8192];
} arena;
static unsigned char before[sizeof arena.bytes];

static void snapshot(void) { memcpy(before, arena.bytes, sizeof before); }
static int unchanged(void) { return memcmp(before, arena.bytes, sizeof before) == 0; }

/* Puts `s` at `at` in the arena and returns where. */
static char *place(size_t at, const char *s) {
    memcpy(arena.bytes + at, s, strlen(s));
    return (char *)arena.bytes + at;
}

static meshes_status sign_at(size_t key_at, size_t secret_at, size_t org_at, size_t out_at,
                             size_t cap, size_t *out_len) {
    const char *key = place(key_at, KEY), *secret = place(secret_at, SECRET),
               *org = place(org_at, ORG);
    snapshot();
    return meshes_sign_token(key, strlen(KEY), (const uint8_t *)secret, strlen(SECRET), org,
                             strlen(ORG), IAT, 30, (char *)arena.bytes + out_at, cap, out_len);
}

static void overlap_sign_token(void) {
    size_t len = SENTINEL;
    /* Inputs at 0, 100, 200 (lengths 20, 44, 36); out over [out_at, out_at + 700). */
    case_begin("overlap", "sign_token: out over the secret, the key, the org id");
    CHECK_STATUS(sign_at(0, 100, 200, 130, 700, &len), MESHES_ERR_OVERLAP);
    CHECK(unchanged() && len == SENTINEL);
    CHECK_STATUS(sign_at(1000, 2000, 3000, 1019 - 700 + 1, 700, &len), MESHES_ERR_OVERLAP);
    CHECK(unchanged() && len == SENTINEL);
    CHECK_STATUS(sign_at(0, 100, 3000, 3035, 700, &len), MESHES_ERR_OVERLAP);
    CHECK(unchanged() && len == SENTINEL);
    /* In place over the whole input area (what a caller reusing one buffer would do). */
    CHECK_STATUS(sign_at(0, 100, 200, 0, 700, &len), MESHES_ERR_OVERLAP);
    CHECK(unchanged() && len == SENTINEL);

    case_begin("overlap", "sign_token: out_len inside out");
    {
        size_t *inside = (size_t *)(void *)(arena.bytes + 4096);
        *inside = SENTINEL;
        CHECK_STATUS(sign_at(0, 100, 200, 4000, 700, inside), MESHES_ERR_OVERLAP);
        CHECK(unchanged() && *inside == SENTINEL);
    }

    case_begin("overlap", "sign_token: adjacent buffers are fine");
    /* The secret ends at 144, the key at 20, the org id at 236: out starts at 236. */
    CHECK_STATUS(sign_at(0, 100, 200, 236, 700, &len), MESHES_OK);
    CHECK(len == 311);
    /* ... and out ending right before the key: [1000 - 312, 1000). */
    CHECK_STATUS(sign_at(1000, 1100, 1200, 1000 - 312, 312, &len), MESHES_OK);
    CHECK(len == 311);
    /* A NULL or empty input overlaps nothing. */
    len = SENTINEL;
    CHECK_STATUS(meshes_sign_token(KEY, strlen(KEY), NULL, 0, ORG, strlen(ORG), IAT, 30,
                                   (char *)arena.bytes, 700, &len),
                 MESHES_ERR_SECRET);
    CHECK(len == 0);

    case_begin("overlap", "sign_token_now: out over an input");
    place(0, SECRET);
    snapshot();
    len = SENTINEL;
    CHECK_STATUS(meshes_sign_token_now(KEY, strlen(KEY), arena.bytes, strlen(SECRET), ORG,
                                       strlen(ORG), 30, (char *)arena.bytes + 40, 700, &len),
                 MESHES_ERR_OVERLAP);
    CHECK(unchanged() && len == SENTINEL);
}

static void overlap_signer(void) {
    meshes_signer *signer = &arena.signer;
    char out[MESHES_TOKEN_MAX_LEN + 1], first[MESHES_TOKEN_MAX_LEN + 1];
    size_t len = SENTINEL, first_len = 0;
    memset(arena.bytes, 0, sizeof arena.bytes);
    CHECK_STATUS(meshes_signer_init(signer, KEY, strlen(KEY), (const uint8_t *)SECRET,
                                    strlen(SECRET), ORG, strlen(ORG)),
                 MESHES_OK);
    CHECK_STATUS(meshes_signer_sign(signer, IAT, 30, first, sizeof first, &first_len), MESHES_OK);

    case_begin("overlap", "signer_sign: out over the signer, out_len inside the signer");
    snapshot();
    CHECK_STATUS(meshes_signer_sign(signer, IAT, 30, (char *)arena.bytes + 100, 700, &len),
                 MESHES_ERR_OVERLAP);
    CHECK(unchanged() && len == SENTINEL);
    CHECK_STATUS(meshes_signer_sign(signer, IAT, 30, (char *)arena.bytes + MESHES_SIGNER_SIZE - 1,
                                    700, &len),
                 MESHES_ERR_OVERLAP);
    CHECK(unchanged() && len == SENTINEL);
    CHECK_STATUS(meshes_signer_sign(signer, IAT, 30, out, sizeof out,
                                    (size_t *)(void *)(arena.bytes + 512)),
                 MESHES_ERR_OVERLAP);
    CHECK(unchanged());
    /* Right after the signer is fine. */
    CHECK_STATUS(meshes_signer_sign(signer, IAT, 30, (char *)arena.bytes + MESHES_SIGNER_SIZE,
                                    700, &len),
                 MESHES_OK);
    CHECK(len == first_len && memcmp(arena.bytes + MESHES_SIGNER_SIZE, first, len) == 0);

    case_begin("overlap", "signer_init: an input inside the signer leaves it as it was");
    memset(arena.bytes + MESHES_SIGNER_SIZE, 0, 1024);
    snapshot();
    CHECK_STATUS(meshes_signer_init(signer, KEY, strlen(KEY), arena.bytes + 200, 44, ORG,
                                    strlen(ORG)),
                 MESHES_ERR_OVERLAP);
    CHECK(unchanged());
    CHECK_STATUS(meshes_signer_init(signer, (const char *)arena.bytes + MESHES_SIGNER_SIZE - 4, 20,
                                    (const uint8_t *)SECRET, strlen(SECRET), ORG, strlen(ORG)),
                 MESHES_ERR_OVERLAP);
    CHECK(unchanged());
    CHECK_STATUS(meshes_signer_sign(signer, IAT, 30, out, sizeof out, &len), MESHES_OK);
    CHECK(len == first_len && memcmp(out, first, len) == 0);
    meshes_signer_clear(signer);
}

static void overlap_token_readers(void) {
    char token[MESHES_TOKEN_MAX_LEN + 1];
    size_t token_len = 0, len = SENTINEL;
    meshes_claims *claims = (meshes_claims *)(void *)(arena.bytes + 1024);
    CHECK_STATUS(meshes_sign_token(KEY, strlen(KEY), (const uint8_t *)SECRET, strlen(SECRET), ORG,
                                   strlen(ORG), IAT, 30, token, sizeof token, &token_len),
                 MESHES_OK);

    case_begin("overlap", "key_id: out over the token, in place included");
    memcpy(arena.bytes, token, token_len);
    snapshot();
    CHECK_STATUS(meshes_token_key_id((const char *)arena.bytes, token_len, (char *)arena.bytes,
                                     MESHES_ACCESS_KEY_MAX_LEN + 1, &len),
                 MESHES_ERR_OVERLAP);
    CHECK(unchanged() && len == SENTINEL);
    CHECK_STATUS(meshes_token_key_id((const char *)arena.bytes, token_len,
                                     (char *)arena.bytes + token_len - 1, 129, &len),
                 MESHES_ERR_OVERLAP);
    CHECK(unchanged() && len == SENTINEL);
    CHECK_STATUS(meshes_token_key_id((const char *)arena.bytes, token_len,
                                     (char *)arena.bytes + token_len, 129, &len),
                 MESHES_OK);
    CHECK(len == strlen(KEY) && memcmp(arena.bytes + token_len, KEY, len + 1) == 0);

    case_begin("overlap", "verify: claims over the token or the secret");
    memset(arena.bytes, 0, sizeof arena.bytes);
    memcpy(arena.bytes + 1024 + sizeof *claims - 10, token, token_len);
    memcpy(arena.bytes + 2048, SECRET, strlen(SECRET));
    snapshot();
    CHECK_STATUS(meshes_verify_token((const char *)arena.bytes + 1024 + sizeof *claims - 10,
                                     token_len, arena.bytes + 2048, strlen(SECRET), IAT, 0, claims),
                 MESHES_ERR_OVERLAP);
    CHECK(unchanged());
    CHECK_STATUS(meshes_verify_token(token, token_len, arena.bytes + 1030, strlen(SECRET), IAT, 0,
                                     claims),
                 MESHES_ERR_OVERLAP);
    CHECK(unchanged());
    CHECK_STATUS(meshes_verify_token(token, token_len, arena.bytes + 2048, strlen(SECRET), IAT, 0,
                                     claims),
                 MESHES_OK);
    CHECK(claims->issued_at == IAT && strcmp(claims->access_key, KEY) == 0);
}

static void leeway_cap(void) {
    char token[MESHES_TOKEN_MAX_LEN + 1];
    size_t token_len = 0;
    meshes_claims claims;
    case_begin("leeway", "0 to MESHES_LEEWAY_MAX accepted, above it MESHES_ERR_LEEWAY");
    CHECK(MESHES_LEEWAY_MAX == 300);
    CHECK_STATUS(meshes_sign_token(KEY, strlen(KEY), (const uint8_t *)SECRET, strlen(SECRET), ORG,
                                   strlen(ORG), IAT, 30, token, sizeof token, &token_len),
                 MESHES_OK);
    /* Expired by 300 s at exactly exp + 299: valid with the largest leeway. */
    CHECK_STATUS(meshes_verify_token(token, token_len, (const uint8_t *)SECRET, strlen(SECRET),
                                     IAT + 30 + 299, MESHES_LEEWAY_MAX, &claims),
                 MESHES_OK);
    CHECK_STATUS(meshes_verify_token(token, token_len, (const uint8_t *)SECRET, strlen(SECRET),
                                     IAT + 30 + 300, MESHES_LEEWAY_MAX, NULL),
                 MESHES_ERR_EXPIRED);
    CHECK_STATUS(meshes_verify_token(token, token_len, (const uint8_t *)SECRET, strlen(SECRET), IAT,
                                     MESHES_LEEWAY_MAX + 1, NULL),
                 MESHES_ERR_LEEWAY);
    CHECK_STATUS(meshes_verify_token(token, token_len, (const uint8_t *)SECRET, strlen(SECRET), IAT,
                                     30000, NULL),
                 MESHES_ERR_LEEWAY);
    CHECK_STATUS(meshes_verify_token(token, token_len, (const uint8_t *)SECRET, strlen(SECRET), IAT,
                                     UINT32_MAX, NULL),
                 MESHES_ERR_LEEWAY);
    CHECK(strcmp(meshes_status_name(MESHES_ERR_LEEWAY), "MESHES_ERR_LEEWAY") == 0);
    CHECK(strcmp(meshes_status_name(MESHES_ERR_OVERLAP), "MESHES_ERR_OVERLAP") == 0);
    CHECK(meshes_status_name(MESHES_ERR_OVERLAP + 1) == NULL);
}

void test_overlap(void) {
    overlap_sign_token();
    overlap_signer();
    overlap_token_readers();
    leeway_cap();
}
