/* meshes_verifier: layout, the shared state cases (state_test.c), claims, re-init, overlap.
 * (Its verdicts on every vector are checked in test_vectors.c.) */
#include <stddef.h>
#include <string.h>

#include "check.h"
#include "state_test.h"

static const char KEY[] = "AK7f3kQ9mZ2pL8xR4tV6";
static const char SECRET[] = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
static const char ORG[] = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
static const uint64_t IAT = 1767225600u;

struct align_probe {
    char c;
    meshes_verifier v;
};

static meshes_status init(void *v) {
    return meshes_verifier_init(v, (const uint8_t *)SECRET, strlen(SECRET));
}

static meshes_status init_bad_secret(void *v) {
    return meshes_verifier_init(v, (const uint8_t *)"bad\n", 4);
}

static char token[MESHES_TOKEN_MAX_LEN + 1];
static size_t token_len;

static meshes_status verify_into(const meshes_verifier *v, meshes_claims *claims) {
    return meshes_verifier_verify(v, token, token_len, IAT + 1, 0, claims);
}

static meshes_status verify(const void *v) { return verify_into(v, NULL); }

static void clear(void *v) { meshes_verifier_clear(v); }

static meshes_verifier static_verifier; /* zero-initialized, like any static */

void test_verifier(void) {
    static const state_ops ops = {"meshes_verifier", sizeof(meshes_verifier), SECRET,
                                  init, init_bad_secret, verify, clear};
    meshes_verifier verifier = {{0}}, copy;
    meshes_claims claims;

    case_begin("meshes_verifier", "size and alignment");
    CHECK(sizeof(meshes_verifier) == MESHES_VERIFIER_SIZE);
    CHECK(offsetof(struct align_probe, v) <= MESHES_VERIFIER_ALIGN);
    CHECK_STATUS(meshes_sign_token(KEY, strlen(KEY), (const uint8_t *)SECRET, strlen(SECRET), ORG,
                                   strlen(ORG), IAT, 30, token, sizeof token, &token_len),
                 MESHES_OK);

    test_state(&ops, &verifier, &static_verifier);

    case_begin("meshes_verifier", "NULL inputs");
    CHECK_STATUS(meshes_verifier_init(&verifier, NULL, 5), MESHES_ERR_NULL_POINTER);
    CHECK_STATUS(meshes_verifier_init(&verifier, NULL, 0), MESHES_ERR_SECRET);
    CHECK_STATUS(init(&verifier), MESHES_OK);
    CHECK_STATUS(meshes_verifier_verify(&verifier, NULL, 5, IAT, 0, NULL),
                 MESHES_ERR_NULL_POINTER);
    CHECK_STATUS(meshes_verifier_verify(&verifier, NULL, 0, IAT, 0, NULL), MESHES_ERR_MALFORMED);
    meshes_verifier_clear(&verifier);

    case_begin("meshes_verifier", "claims, leeway, expiry");
    CHECK_STATUS(init(&verifier), MESHES_OK);
    memset(&claims, 0xA5, sizeof claims);
    CHECK_STATUS(verify_into(&verifier, &claims), MESHES_OK);
    CHECK(strcmp(claims.access_key, KEY) == 0 && strcmp(claims.org_id, ORG) == 0);
    CHECK(claims.issued_at == IAT && claims.expires_at == IAT + 30);
    {
        /* The padding before issued_at is zeros, not the library's stack (as in test_api.c). */
        static const unsigned char zeros[8];
        size_t pad_at = offsetof(meshes_claims, org_id) + sizeof claims.org_id;
        size_t pad_len = offsetof(meshes_claims, issued_at) - pad_at;
        CHECK(pad_len < sizeof zeros);
        CHECK_MEM((const unsigned char *)&claims + pad_at, zeros, pad_len);
    }
    CHECK_STATUS(meshes_verifier_verify(&verifier, token, token_len, IAT, 301, NULL),
                 MESHES_ERR_LEEWAY);
    CHECK_STATUS(meshes_verifier_verify(&verifier, token, token_len, IAT + 30, 0, NULL),
                 MESHES_ERR_EXPIRED);

    case_begin("meshes_verifier", "re-init replaces");
    CHECK_STATUS(meshes_verifier_init(&verifier, (const uint8_t *)"x", 1), MESHES_OK);
    CHECK_STATUS(verify(&verifier), MESHES_ERR_SIGNATURE);
    CHECK_STATUS(init(&verifier), MESHES_OK);
    CHECK_STATUS(verify(&verifier), MESHES_OK);

    case_begin("meshes_verifier", "overlaps are refused, nothing written");
    CHECK_STATUS(init(&verifier), MESHES_OK);
    memcpy(&copy, &verifier, sizeof copy);
    /* claims over the verifier, or over the token */
    CHECK_STATUS(meshes_verifier_verify(&verifier, token, token_len, IAT + 1, 0,
                                        (meshes_claims *)(void *)((unsigned char *)&verifier + 8)),
                 MESHES_ERR_OVERLAP);
    CHECK_MEM(&verifier, &copy, sizeof copy);
    {
        static char both[sizeof(meshes_claims) + MESHES_TOKEN_MAX_LEN];
        memcpy(both, token, token_len);
        CHECK_STATUS(meshes_verifier_verify(&verifier, both, token_len, IAT + 1, 0,
                                            (meshes_claims *)(void *)(both + 4)),
                     MESHES_ERR_OVERLAP);
        CHECK(memcmp(both, token, token_len) == 0);
    }
    /* a secret inside the verifier being initialized */
    CHECK_STATUS(meshes_verifier_init(&verifier, (const uint8_t *)&verifier + 16, 8),
                 MESHES_ERR_OVERLAP);
    CHECK_MEM(&verifier, &copy, sizeof copy);
    meshes_verifier_clear(&verifier);
    memset(&copy, 0, sizeof copy);

    case_end();
}
