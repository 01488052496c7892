/* meshes_verifier: layout, zeroed and cleared verifiers, memory after clear, re-init, overlap.
 * (Its verdicts on every vector are checked in test_vectors.c.) */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#ifdef MESHES_VALGRIND_BUILD
#include <valgrind/memcheck.h>
#else
#define VALGRIND_MAKE_MEM_DEFINED(p, n) ((void)(p), (void)(n))
#endif

static const char KEY[] = "AK7f3kQ9mZ2pL8xR4tV6";
static const char SECRET[] = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
static const char ORG[] = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
static const uint64_t IAT = 1767225600u;

struct align_probe {
    char c;
    meshes_verifier v;
};

static int all_zero(const void *p, size_t n) {
    const unsigned char *b = p;
    size_t i;
    for (i = 0; i < n; i++)
        if (b[i] != 0) return 0;
    return 1;
}

/* Reads the verifier's bytes through a volatile pointer, so that the compiler cannot assume
 * what clear() left there. */
static int volatile_all_zero(const meshes_verifier *v) {
    const volatile unsigned char *b = (const volatile unsigned char *)v;
    size_t i;
    for (i = 0; i < sizeof *v; i++)
        if (b[i] != 0) return 0;
    return 1;
}

static meshes_status init(meshes_verifier *v) {
    return meshes_verifier_init(v, (const uint8_t *)SECRET, strlen(SECRET));
}

static char token[MESHES_TOKEN_MAX_LEN + 1];
static size_t token_len;

static meshes_status verify(const meshes_verifier *v, meshes_claims *claims) {
    return meshes_verifier_verify(v, token, token_len, IAT + 1, 0, claims);
}

static meshes_verifier static_verifier; /* zero-initialized, like any static */

void test_verifier(void) {
    meshes_verifier verifier = {{0}}, copy;
    meshes_verifier *heap;
    meshes_claims claims;

    case_begin("meshes_verifier", "size and alignment");
    CHECK(sizeof(meshes_verifier) == MESHES_VERIFIER_SIZE);
    CHECK(offsetof(struct align_probe, v) <= MESHES_VERIFIER_ALIGN);
    CHECK_STATUS(meshes_sign_token(KEY, strlen(KEY), (const uint8_t *)SECRET, strlen(SECRET), ORG,
                                   strlen(ORG), IAT, 30, token, sizeof token, &token_len),
                 MESHES_OK);

    case_begin("meshes_verifier", "= {0}, static and memset 0 are uninitialized");
    CHECK_STATUS(verify(&verifier, NULL), MESHES_ERR_UNINITIALIZED);
    CHECK_STATUS(verify(&static_verifier, NULL), MESHES_ERR_UNINITIALIZED);
    memset(&copy, 0, sizeof copy);
    CHECK_STATUS(verify(&copy, NULL), MESHES_ERR_UNINITIALIZED);

    case_begin("meshes_verifier", "NULL");
    CHECK_STATUS(verify(NULL, NULL), MESHES_ERR_NULL_POINTER);
    CHECK_STATUS(init(NULL), MESHES_ERR_NULL_POINTER);
    CHECK_STATUS(meshes_verifier_init(&verifier, NULL, 5), MESHES_ERR_NULL_POINTER);
    CHECK_STATUS(meshes_verifier_init(&verifier, NULL, 0), MESHES_ERR_SECRET);
    CHECK_STATUS(init(&verifier), MESHES_OK);
    CHECK_STATUS(meshes_verifier_verify(&verifier, NULL, 5, IAT, 0, NULL),
                 MESHES_ERR_NULL_POINTER);
    CHECK_STATUS(meshes_verifier_verify(&verifier, NULL, 0, IAT, 0, NULL), MESHES_ERR_MALFORMED);
    meshes_verifier_clear(&verifier);
    meshes_verifier_clear(NULL);

    case_begin("meshes_verifier", "misaligned is rejected");
    {
        unsigned char raw[sizeof(meshes_verifier) + 8];
        meshes_verifier *odd = (meshes_verifier *)(void *)(raw + 1);
        memset(raw, 0x33, sizeof raw);
        CHECK_STATUS(init(odd), MESHES_ERR_NULL_POINTER);
        CHECK_STATUS(verify(odd, NULL), MESHES_ERR_NULL_POINTER);
        meshes_verifier_clear(odd); /* wipes the bytes, alignment or not */
        CHECK(raw[0] == 0x33 && all_zero(raw + 1, sizeof(meshes_verifier)) &&
              raw[sizeof(meshes_verifier) + 1] == 0x33);
    }

    case_begin("meshes_verifier", "init, verify, clear");
    memset(&verifier, 0xEE, sizeof verifier); /* init accepts any prior contents */
    CHECK_STATUS(init(&verifier), MESHES_OK);
    CHECK(!all_zero(&verifier, sizeof verifier));
    memset(&claims, 0xA5, sizeof claims);
    CHECK_STATUS(verify(&verifier, &claims), MESHES_OK);
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
    meshes_verifier_clear(&verifier);
    CHECK(volatile_all_zero(&verifier));
    CHECK_STATUS(verify(&verifier, NULL), MESHES_ERR_UNINITIALIZED);
    meshes_verifier_clear(&verifier); /* clearing twice is fine */
    CHECK(volatile_all_zero(&verifier));

    case_begin("meshes_verifier", "the verifier holds no copy of the secret");
    CHECK_STATUS(init(&verifier), MESHES_OK);
    {
        /* The copy includes the padding bytes of the Rust struct inside, which nothing ever
         * initialized; memcheck is told to let the scan read them. */
        static unsigned char b[sizeof(meshes_verifier)];
        size_t i, n = strlen(SECRET);
        memcpy(b, &verifier, sizeof b);
        VALGRIND_MAKE_MEM_DEFINED(b, sizeof b);
        for (i = 0; i + n <= sizeof b; i++) CHECK(memcmp(b + i, SECRET, n) != 0);
    }

    case_begin("meshes_verifier", "re-init replaces, failed init clears");
    CHECK_STATUS(meshes_verifier_init(&verifier, (const uint8_t *)"x", 1), MESHES_OK);
    CHECK_STATUS(verify(&verifier, NULL), MESHES_ERR_SIGNATURE);
    CHECK_STATUS(init(&verifier), MESHES_OK);
    CHECK_STATUS(verify(&verifier, NULL), MESHES_OK);
    CHECK_STATUS(meshes_verifier_init(&verifier, (const uint8_t *)"bad\n", 4), MESHES_ERR_SECRET);
    CHECK(volatile_all_zero(&verifier));
    CHECK_STATUS(verify(&verifier, NULL), MESHES_ERR_UNINITIALIZED);

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

    case_begin("meshes_verifier", "on the heap");
    heap = malloc(sizeof *heap);
    CHECK(heap != NULL);
    if (heap) {
        CHECK_STATUS(init(heap), MESHES_OK);
        CHECK_STATUS(verify(heap, NULL), MESHES_OK);
        meshes_verifier_clear(heap);
        CHECK(volatile_all_zero(heap));
        free(heap);
    }
    case_end();
}
