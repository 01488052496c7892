/* The header compiles as C (C99 and later) with every warning as an error, twice over
 * (include guard), and declares what the issue names. */
#include "meshes_token.h"
#include "meshes_token.h"

typedef meshes_status (*sign_fn)(const char *, size_t, const uint8_t *, size_t, const char *,
                                 size_t, uint64_t, uint32_t, char *, size_t, size_t *);

int header_compiles(void);
int header_compiles(void) {
    sign_fn f = meshes_sign_token;
    meshes_signer signer = {{0}};
    meshes_verifier verifier = {{0}};
    meshes_claims claims;
    meshes_status st = MESHES_ERR_INTERNAL;
    char key[MESHES_ACCESS_KEY_MAX_LEN + 1], token[MESHES_TOKEN_MAX_LEN + 1];
    (void)f;
    (void)signer;
    (void)verifier;
    (void)claims;
    (void)key;
    (void)token;
    return (int)st + MESHES_ORG_ID_MAX_LEN + MESHES_SECRET_MAX_LEN + MESHES_TTL_MAX +
           MESHES_VERIFY_MAX_LEN + MESHES_SIGNER_SIZE + MESHES_SIGNER_ALIGN + MESHES_VERIFIER_SIZE +
           MESHES_VERIFIER_ALIGN;
}
