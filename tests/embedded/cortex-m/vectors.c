/* The conformance vectors on the emulated CPU: every vector of tokens.json is minted (one-shot
 * and signer) and compared byte for byte, every producer's token verifies with its claims (by
 * meshes_verify_token and by a meshes_verifier);
 * every verify_valid.json token verifies, every verify_invalid.json token is rejected with its
 * exact status and the claims untouched; every sign_invalid.json input is rejected with its
 * status and no byte of output. The same checks as tests/c/test_vectors.c, over tables that
 * gen_vectors.py compiled into flash. Prints "<CPU_NAME>: N/N passed" (N vectors, one failed
 * check fails its vector) and exits QEMU with 0 only if all passed. */
#include <string.h>

#include "firmware.h"
#include "vectors.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *file, *vector_name;
static int vector_failed;

static void fail(int line, const char *what) {
    out_str("FAIL ");
    out_str(file);
    out_str(" ");
    out_str(vector_name);
    out_str(" (vectors.c:");
    out_u32((uint32_t)line);
    out_str("): ");
    out_str(what);
    out_str("\n");
    vector_failed = 1;
}

#define CHECK(cond)                              \
    do {                                         \
        if (!(cond)) fail(__LINE__, #cond);      \
    } while (0)

/* Statics, not locals: the CPU's stack is for the library (cortex-m0 has 16 KiB RAM). */
static meshes_signer signer;
static char out[MESHES_TOKEN_MAX_LEN + 1], pattern[sizeof out];
static meshes_claims claims, claims_pattern;
static const unsigned char ZERO_SIGNER[sizeof(meshes_signer)];

static const uint8_t *u8(vec_bytes b) { return (const uint8_t *)b.ptr; }

static meshes_verifier verifier;

/* The status of verifying with a meshes_verifier for the secret: that of init when it fails,
 * else that of meshes_verifier_verify. */
static meshes_status verifier_status(vec_bytes token, vec_bytes secret, uint64_t now,
                                     uint32_t leeway, meshes_claims *c) {
    meshes_status st = meshes_verifier_init(&verifier, u8(secret), secret.len);
    if (st == MESHES_OK) st = meshes_verifier_verify(&verifier, token.ptr, token.len, now, leeway, c);
    meshes_verifier_clear(&verifier);
    return st;
}

static int same(const char *buf, size_t len, vec_bytes want) {
    return len == want.len && memcmp(buf, want.ptr, len) == 0;
}

/* Whether the NUL-terminated field of `cap` bytes holds exactly `want`. */
static int field_is(const char *field, size_t cap, vec_bytes want) {
    const char *nul = memchr(field, '\0', cap);
    return nul != NULL && same(field, (size_t)(nul - field), want);
}

static void check_claims(vec_bytes key, vec_bytes org, uint64_t iat, uint64_t exp) {
    CHECK(field_is(claims.access_key, sizeof claims.access_key, key));
    CHECK(field_is(claims.org_id, sizeof claims.org_id, org));
    CHECK(claims.issued_at == iat);
    CHECK(claims.expires_at == exp);
}

static void check_key_id(vec_bytes token, vec_bytes key) {
    char kid[MESHES_ACCESS_KEY_MAX_LEN + 1];
    size_t kid_len = 0;
    CHECK(meshes_token_key_id(token.ptr, token.len, kid, sizeof kid, &kid_len) == MESHES_OK);
    CHECK(same(kid, kid_len, key) && kid[kid_len] == '\0');
}

static void mint(const vec_mint *v) {
    size_t i, len = 0;
    CHECK(meshes_sign_token(v->access_key.ptr, v->access_key.len, u8(v->secret), v->secret.len,
                            v->org_id.ptr, v->org_id.len, v->iat, v->ttl, out, sizeof out,
                            &len) == MESHES_OK);
    CHECK(same(out, len, v->expected) && out[len] == '\0');
    memset(out, 0, sizeof out);
    CHECK(meshes_signer_init(&signer, v->access_key.ptr, v->access_key.len, u8(v->secret),
                             v->secret.len, v->org_id.ptr, v->org_id.len) == MESHES_OK);
    CHECK(meshes_signer_sign(&signer, v->iat, v->ttl, out, sizeof out, &len) == MESHES_OK);
    CHECK(same(out, len, v->expected) && out[len] == '\0');
    meshes_signer_clear(&signer);
    /* The size query gives the same length. */
    len = 0;
    CHECK(meshes_sign_token(v->access_key.ptr, v->access_key.len, u8(v->secret), v->secret.len,
                            v->org_id.ptr, v->org_id.len, v->iat, v->ttl, NULL, 0,
                            &len) == MESHES_ERR_BUFFER_TOO_SMALL);
    CHECK(len == v->expected.len);
    /* Every producer's token verifies with the claims it carries, expires at exp, names its
     * key. */
    for (i = 0; i < v->n_tokens; i++) {
        vec_bytes token = v->tokens[i].token;
        memset(&claims, 0xA5, sizeof claims);
        CHECK(meshes_verify_token(token.ptr, token.len, u8(v->secret), v->secret.len, v->iat, 0,
                                  &claims) == MESHES_OK);
        check_claims(v->access_key, v->org_id, v->iat, v->exp);
        CHECK(meshes_verify_token(token.ptr, token.len, u8(v->secret), v->secret.len, v->exp, 0,
                                  NULL) == MESHES_ERR_EXPIRED);
        memset(&claims, 0xA5, sizeof claims);
        CHECK(verifier_status(token, v->secret, v->iat, 0, &claims) == MESHES_OK);
        check_claims(v->access_key, v->org_id, v->iat, v->exp);
        CHECK(verifier_status(token, v->secret, v->exp, 0, NULL) == MESHES_ERR_EXPIRED);
        check_key_id(token, v->access_key);
    }
    CHECK(v->n_tokens >= 2);
}

static void valid(const vec_valid *v) {
    memset(&claims, 0xA5, sizeof claims);
    CHECK(meshes_verify_token(v->token.ptr, v->token.len, u8(v->secret), v->secret.len, v->now,
                              v->leeway, &claims) == MESHES_OK);
    check_claims(v->access_key, v->org_id, v->iat, v->exp);
    CHECK(meshes_verify_token(v->token.ptr, v->token.len, u8(v->secret), v->secret.len, v->now,
                              v->leeway, NULL) == MESHES_OK);
    memset(&claims, 0xA5, sizeof claims);
    CHECK(verifier_status(v->token, v->secret, v->now, v->leeway, &claims) == MESHES_OK);
    check_claims(v->access_key, v->org_id, v->iat, v->exp);
    check_key_id(v->token, v->access_key);
}

static void invalid(const vec_invalid *v) {
    CHECK(v->error != MESHES_OK);
    memset(&claims, 0xA5, sizeof claims);
    memcpy(&claims_pattern, &claims, sizeof claims);
    CHECK(meshes_verify_token(v->token.ptr, v->token.len, u8(v->secret), v->secret.len, v->now,
                              v->leeway, &claims) == v->error);
    /* Claims are written only on success. */
    CHECK(memcmp(&claims, &claims_pattern, sizeof claims) == 0);
    CHECK(verifier_status(v->token, v->secret, v->now, v->leeway, &claims) == v->error);
    CHECK(memcmp(&claims, &claims_pattern, sizeof claims) == 0);
}

static void sign_invalid(const vec_sign_invalid *v) {
    meshes_status want = v->error, init_want;
    size_t len = 12345;
    CHECK(want != MESHES_OK);
    /* One-shot: the status, out[0] = NUL and not another byte written, len = 0. */
    memset(out, 0x5A, sizeof out);
    memcpy(pattern, out, sizeof out);
    CHECK(meshes_sign_token(v->access_key.ptr, v->access_key.len, u8(v->secret), v->secret.len,
                            v->org_id.ptr, v->org_id.len, v->iat, v->ttl, out, sizeof out,
                            &len) == want);
    CHECK(out[0] == '\0' && memcmp(out + 1, pattern + 1, sizeof out - 1) == 0);
    CHECK(len == 0);
    /* Signer: credential errors from init (which leaves it cleared), time errors from sign. */
    init_want = (want == MESHES_ERR_TTL || want == MESHES_ERR_TIME) ? MESHES_OK : want;
    memset(&signer, 0x77, sizeof signer);
    CHECK(meshes_signer_init(&signer, v->access_key.ptr, v->access_key.len, u8(v->secret),
                             v->secret.len, v->org_id.ptr, v->org_id.len) == init_want);
    if (init_want != MESHES_OK) {
        CHECK(memcmp(&signer, ZERO_SIGNER, sizeof signer) == 0);
        want = MESHES_ERR_UNINITIALIZED;
    }
    memset(out, 0x5A, sizeof out);
    CHECK(meshes_signer_sign(&signer, v->iat, v->ttl, out, sizeof out, &len) == want);
    CHECK(out[0] == '\0' && memcmp(out + 1, pattern + 1, sizeof out - 1) == 0);
    meshes_signer_clear(&signer);
}

static uint32_t total, passed;

static void begin(const char *f, const char *name) {
    file = f;
    vector_name = name;
    vector_failed = 0;
}

static void end(void) {
    total++;
    passed += vector_failed == 0;
}

int firmware_main(void) {
    size_t i;
    for (i = 0; i < COUNT(MINT_VECTORS); i++) {
        begin("tokens.json", MINT_VECTORS[i].name);
        mint(&MINT_VECTORS[i]);
        end();
    }
    for (i = 0; i < COUNT(VALID_VECTORS); i++) {
        begin("verify_valid.json", VALID_VECTORS[i].name);
        valid(&VALID_VECTORS[i]);
        end();
    }
    for (i = 0; i < COUNT(INVALID_VECTORS); i++) {
        begin("verify_invalid.json", INVALID_VECTORS[i].name);
        invalid(&INVALID_VECTORS[i]);
        end();
    }
    for (i = 0; i < COUNT(SIGN_INVALID_VECTORS); i++) {
        begin("sign_invalid.json", SIGN_INVALID_VECTORS[i].name);
        sign_invalid(&SIGN_INVALID_VECTORS[i]);
        end();
    }
    out_str("main stack peak of the run: ");
    out_u32(main_stack_peak());
    out_str(" bytes\n");
    out_str(CPU_NAME ": ");
    out_u32(passed);
    out_str("/");
    out_u32(total);
    out_str(" passed\n");
    return passed == total && total > 0 ? 0 : 1;
}
