/* meshes_signer: layout, the shared state cases (state_test.c), the token, re-init. */
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
    meshes_signer s;
};

static meshes_status init(void *s) {
    return meshes_signer_init(s, KEY, strlen(KEY), (const uint8_t *)SECRET, strlen(SECRET), ORG,
                              strlen(ORG));
}

static meshes_status init_bad_secret(void *s) {
    return meshes_signer_init(s, KEY, strlen(KEY), (const uint8_t *)"bad\n", 4, ORG, strlen(ORG));
}

static meshes_status sign_into(const meshes_signer *s, char *out, size_t cap) {
    size_t len;
    return meshes_signer_sign(s, IAT, 30, out, cap, &len);
}

static meshes_status sign(const void *s) {
    char out[MESHES_TOKEN_MAX_LEN + 1];
    return sign_into(s, out, sizeof out);
}

static void clear(void *s) { meshes_signer_clear(s); }

static meshes_signer static_signer; /* zero-initialized, like any static */

void test_signer(void) {
    static const state_ops ops = {"meshes_signer", sizeof(meshes_signer), SECRET,
                                  init, init_bad_secret, sign, clear};
    meshes_signer signer = {{0}};
    char out[MESHES_TOKEN_MAX_LEN + 1], expected[MESHES_TOKEN_MAX_LEN + 1];
    size_t len;

    case_begin("meshes_signer", "size and alignment");
    CHECK(sizeof(meshes_signer) == MESHES_SIGNER_SIZE);
    CHECK(offsetof(struct align_probe, s) <= MESHES_SIGNER_ALIGN);

    CHECK_STATUS(meshes_sign_token(KEY, strlen(KEY), (const uint8_t *)SECRET, strlen(SECRET), ORG,
                                   strlen(ORG), IAT, 30, expected, sizeof expected, &len),
                 MESHES_OK);

    test_state(&ops, &signer, &static_signer);

    case_begin("meshes_signer", "uninitialized leaves out empty");
    memset(out, 'x', sizeof out);
    CHECK_STATUS(sign_into(&signer, out, sizeof out), MESHES_ERR_UNINITIALIZED);
    CHECK(out[0] == '\0');

    case_begin("meshes_signer", "the token, re-init replaces");
    CHECK_STATUS(init(&signer), MESHES_OK);
    CHECK_STATUS(sign_into(&signer, out, sizeof out), MESHES_OK);
    CHECK(strcmp(out, expected) == 0);
    CHECK_STATUS(meshes_signer_init(&signer, "other", 5, (const uint8_t *)"x", 1, "org", 3),
                 MESHES_OK);
    CHECK_STATUS(sign_into(&signer, out, sizeof out), MESHES_OK);
    CHECK(strcmp(out, expected) != 0);
    CHECK_STATUS(init(&signer), MESHES_OK);
    CHECK_STATUS(sign_into(&signer, out, sizeof out), MESHES_OK);
    CHECK(strcmp(out, expected) == 0);
    meshes_signer_clear(&signer);
    case_end();
}
