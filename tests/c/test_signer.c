/* meshes_signer: layout, zeroed and cleared signers, memory after clear, re-init. */
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
    meshes_signer s;
};

static int all_zero(const void *p, size_t n) {
    const unsigned char *b = p;
    size_t i;
    for (i = 0; i < n; i++)
        if (b[i] != 0) return 0;
    return 1;
}

/* Reads the signer's bytes through a volatile pointer, so that the compiler cannot assume
 * what clear() left there. */
static int volatile_all_zero(const meshes_signer *s) {
    const volatile unsigned char *b = (const volatile unsigned char *)s;
    size_t i;
    for (i = 0; i < sizeof *s; i++)
        if (b[i] != 0) return 0;
    return 1;
}

static meshes_status init(meshes_signer *s) {
    return meshes_signer_init(s, KEY, strlen(KEY), (const uint8_t *)SECRET, strlen(SECRET), ORG,
                              strlen(ORG));
}

static meshes_status sign(const meshes_signer *s, char *out, size_t cap) {
    size_t len;
    return meshes_signer_sign(s, IAT, 30, out, cap, &len);
}

static meshes_signer static_signer; /* zero-initialized, like any static */

void test_signer(void) {
    meshes_signer signer = {{0}}, copy;
    meshes_signer *heap;
    char out[MESHES_TOKEN_MAX_LEN + 1], expected[MESHES_TOKEN_MAX_LEN + 1];
    size_t len;

    case_begin("meshes_signer", "size and alignment");
    CHECK(sizeof(meshes_signer) == MESHES_SIGNER_SIZE);
    CHECK(offsetof(struct align_probe, s) <= MESHES_SIGNER_ALIGN);

    CHECK_STATUS(meshes_sign_token(KEY, strlen(KEY), (const uint8_t *)SECRET, strlen(SECRET), ORG,
                                   strlen(ORG), IAT, 30, expected, sizeof expected, &len),
                 MESHES_OK);

    case_begin("meshes_signer", "= {0} is uninitialized");
    CHECK_STATUS(sign(&signer, out, sizeof out), MESHES_ERR_UNINITIALIZED);
    CHECK(out[0] == '\0');

    case_begin("meshes_signer", "static is uninitialized");
    CHECK_STATUS(sign(&static_signer, out, sizeof out), MESHES_ERR_UNINITIALIZED);

    case_begin("meshes_signer", "memset 0 is uninitialized");
    memset(&copy, 0, sizeof copy);
    CHECK_STATUS(sign(&copy, out, sizeof out), MESHES_ERR_UNINITIALIZED);

    case_begin("meshes_signer", "NULL");
    CHECK_STATUS(sign(NULL, out, sizeof out), MESHES_ERR_NULL_POINTER);
    CHECK_STATUS(init(NULL), MESHES_ERR_NULL_POINTER);
    meshes_signer_clear(NULL);

    case_begin("meshes_signer", "misaligned is rejected");
    {
        unsigned char raw[sizeof(meshes_signer) + 8];
        meshes_signer *odd = (meshes_signer *)(void *)(raw + 1);
        memset(raw, 0x33, sizeof raw);
        CHECK_STATUS(init(odd), MESHES_ERR_NULL_POINTER);
        CHECK_STATUS(sign(odd, out, sizeof out), MESHES_ERR_NULL_POINTER);
        meshes_signer_clear(odd); /* wipes the bytes, alignment or not */
        CHECK(raw[0] == 0x33 && all_zero(raw + 1, sizeof(meshes_signer)) &&
              raw[sizeof(meshes_signer) + 1] == 0x33);
    }

    case_begin("meshes_signer", "init, sign, clear");
    memset(&signer, 0xEE, sizeof signer); /* init accepts any prior contents */
    CHECK_STATUS(init(&signer), MESHES_OK);
    CHECK(!all_zero(&signer, sizeof signer));
    CHECK_STATUS(sign(&signer, out, sizeof out), MESHES_OK);
    CHECK(strcmp(out, expected) == 0);
    meshes_signer_clear(&signer);
    /* Inspect the memory of the cleared signer: every byte is zero. */
    CHECK(volatile_all_zero(&signer));
    CHECK_STATUS(sign(&signer, out, sizeof out), MESHES_ERR_UNINITIALIZED);
    meshes_signer_clear(&signer); /* clearing twice is fine */
    CHECK(volatile_all_zero(&signer));

    case_begin("meshes_signer", "the signer holds no copy of the secret");
    CHECK_STATUS(init(&signer), MESHES_OK);
    {
        /* The copy includes the padding bytes of the Rust struct inside, which nothing ever
         * initialized; memcheck is told to let the scan read them. */
        static unsigned char b[sizeof(meshes_signer)];
        size_t i, n = strlen(SECRET);
        memcpy(b, &signer, sizeof b);
        VALGRIND_MAKE_MEM_DEFINED(b, sizeof b);
        for (i = 0; i + n <= sizeof b; i++) CHECK(memcmp(b + i, SECRET, n) != 0);
    }

    case_begin("meshes_signer", "re-init replaces, failed init clears");
    CHECK_STATUS(meshes_signer_init(&signer, "other", 5, (const uint8_t *)"x", 1, "org", 3),
                 MESHES_OK);
    CHECK_STATUS(sign(&signer, out, sizeof out), MESHES_OK);
    CHECK(strcmp(out, expected) != 0);
    CHECK_STATUS(init(&signer), MESHES_OK);
    CHECK_STATUS(sign(&signer, out, sizeof out), MESHES_OK);
    CHECK(strcmp(out, expected) == 0);
    CHECK_STATUS(meshes_signer_init(&signer, KEY, strlen(KEY), (const uint8_t *)"bad\n", 4, ORG,
                                    strlen(ORG)),
                 MESHES_ERR_SECRET);
    CHECK(volatile_all_zero(&signer));
    CHECK_STATUS(sign(&signer, out, sizeof out), MESHES_ERR_UNINITIALIZED);

    case_begin("meshes_signer", "on the heap");
    heap = malloc(sizeof *heap);
    CHECK(heap != NULL);
    if (heap) {
        CHECK_STATUS(init(heap), MESHES_OK);
        CHECK_STATUS(sign(heap, out, sizeof out), MESHES_OK);
        CHECK(strcmp(out, expected) == 0);
        meshes_signer_clear(heap);
        CHECK(volatile_all_zero(heap));
        free(heap);
    }
    case_end();
}
