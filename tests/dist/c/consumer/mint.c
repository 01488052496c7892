/* Mints the README's example token through an installed meshes-token SDK, prints it and the
 * library's version, and checks that the token verifies and that a wrong secret is refused
 * with MESHES_ERR_SIGNATURE. The caller (tests/dist/c/run.sh) compares the printed token, byte
 * for byte, with the one jsonwebtoken made (tests/vectors/tokens.json). */
#include <stdio.h>
#include <string.h>

#include <meshes_token.h>

static const char key[] = "AK7f3kQ9mZ2pL8xR4tV6";
static const char secret[] = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
static const char org[] = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";

static int fail(const char *step, meshes_status st) {
    fprintf(stderr, "mint: %s: %s (%s)\n", step, meshes_status_name(st), meshes_status_message(st));
    return 1;
}

int main(void) {
    meshes_signer signer = {{0}};
    char token[MESHES_TOKEN_MAX_LEN + 1];
    size_t len = 0;
    meshes_claims claims;
    static const char wrong[] = "s3cr3t_Key-with/chars=0123456789abcdefABCDEX";
    meshes_status st = meshes_signer_init(&signer, key, strlen(key), (const uint8_t *)secret,
                                          strlen(secret), org, strlen(org));
    if (st != MESHES_OK) return fail("meshes_signer_init", st);
    st = meshes_signer_sign(&signer, 1767225600u, 30, token, sizeof token, &len);
    meshes_signer_clear(&signer);
    if (st != MESHES_OK) return fail("meshes_signer_sign", st);
    if (strlen(token) != len) {
        fprintf(stderr, "mint: out_len %zu but strlen %zu\n", len, strlen(token));
        return 1;
    }
    st = meshes_verify_token(token, len, (const uint8_t *)secret, strlen(secret), 1767225610u, 0,
                             &claims);
    if (st != MESHES_OK) return fail("meshes_verify_token", st);
    if (claims.issued_at != 1767225600u || claims.expires_at != 1767225630u) {
        fprintf(stderr, "mint: verified claims iat=%llu exp=%llu\n",
                (unsigned long long)claims.issued_at, (unsigned long long)claims.expires_at);
        return 1;
    }
    st = meshes_verify_token(token, len, (const uint8_t *)wrong, strlen(wrong), 1767225610u, 0,
                             NULL);
    if (st != MESHES_ERR_SIGNATURE) {
        fprintf(stderr, "mint: wrong secret gave %s, not MESHES_ERR_SIGNATURE\n",
                meshes_status_name(st));
        return 1;
    }
    printf("%s\n%s\n", token, meshes_version());
    return 0;
}
