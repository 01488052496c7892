/* Every vector in tests/vectors/: exact bytes from meshes_sign_token and meshes_signer_sign,
 * every producer's token verifies, key_id returns the key, every rejection has its status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "json.h"
#include "vector_file.h"

/* An integer field; when the file also gives it as a decimal string ("<key>_str", for the
 * values a double cannot hold), the two must agree, which checks json_u64 on every vector. */
static int get_u64(json_value obj, const char *key, uint64_t *n) {
    json_value v;
    char str_key[64], digits[32];
    size_t len, i;
    uint64_t from_str = 0;
    if (json_get(obj, key, &v) != 0 || json_u64(v, n) != 0) {
        check_failed(__FILE__, __LINE__, "integer field", key);
        return -1;
    }
    snprintf(str_key, sizeof str_key, "%s_str", key);
    if (json_get(obj, str_key, &v) != 0) return 0;
    if (json_string(v, digits, sizeof digits, &len) != 0 || len == 0) {
        check_failed(__FILE__, __LINE__, "decimal string field", str_key);
        return -1;
    }
    for (i = 0; i < len; i++) {
        unsigned d = (unsigned)(digits[i] - '0');
        if (d > 9 || from_str > (UINT64_MAX - d) / 10) {
            check_failed(__FILE__, __LINE__, "decimal string field", str_key);
            return -1;
        }
        from_str = from_str * 10 + d;
    }
    if (from_str != *n) {
        check_failed(__FILE__, __LINE__, "number equals its _str twin", key);
        return -1;
    }
    return 0;
}

static int get_u32(json_value obj, const char *key, uint32_t *n) {
    uint64_t wide;
    if (get_u64(obj, key, &wide) != 0) return -1;
    if (wide > UINT32_MAX) {
        check_failed(__FILE__, __LINE__, "integer field fits uint32_t", key);
        return -1;
    }
    *n = (uint32_t)wide;
    return 0;
}

/* Whether the NUL-terminated field `field` (of `cap` bytes) holds exactly `want`. */
static int field_is(const char *field, size_t cap, const str *want) {
    const char *nul = memchr(field, '\0', cap);
    return nul && (size_t)(nul - field) == want->len && memcmp(field, want->buf, want->len) == 0;
}

static void check_claims(const meshes_claims *c, const str *key, const str *org, uint64_t iat,
                         uint64_t exp) {
    CHECK(field_is(c->access_key, sizeof c->access_key, key));
    CHECK(field_is(c->org_id, sizeof c->org_id, org));
    CHECK(c->issued_at == iat);
    CHECK(c->expires_at == exp);
}

static void check_key_id(const str *token, const str *key) {
    char kid[MESHES_ACCESS_KEY_MAX_LEN + 1];
    size_t kid_len = 0;
    CHECK_STATUS(meshes_token_key_id(token->buf, token->len, kid, sizeof kid, &kid_len), MESHES_OK);
    CHECK(kid_len == key->len && memcmp(kid, key->buf, key->len) == 0 && kid[kid_len] == '\0');
}

/* The status of verifying `token` with a meshes_verifier for `secret`: that of
 * meshes_verifier_init when it fails (it checks the secret, meshes_verify_token's second
 * rule), else that of meshes_verifier_verify. The verifier is cleared and checked all zeros. */
static meshes_status verifier_status(const str *token, const str *secret, uint64_t now,
                                     uint32_t leeway, meshes_claims *claims) {
    static const unsigned char zero[sizeof(meshes_verifier)];
    meshes_verifier verifier;
    meshes_status status;
    memset(&verifier, 0x5A, sizeof verifier);
    status = meshes_verifier_init(&verifier, (const uint8_t *)secret->buf, secret->len);
    if (status == MESHES_OK)
        status = meshes_verifier_verify(&verifier, token->buf, token->len, now, leeway, claims);
    meshes_verifier_clear(&verifier);
    CHECK_MEM(&verifier, zero, sizeof verifier);
    return status;
}

static unsigned tokens_json(const char *dir) {
    char *text;
    json_value root, vectors, v, ref;
    str reference;
    unsigned count = 0;
    int more;
    if (open_vectors(dir, "tokens.json", &text, &root, &vectors) != 0) goto done;
    case_begin("tokens.json", "(reference)");
    if (json_get(root, "reference", &ref) != 0 ||
        json_string(ref, reference.buf, sizeof reference.buf, &reference.len) != 0) {
        check_failed(__FILE__, __LINE__, "\"reference\" names the producer to match", NULL);
        goto done;
    }
    case_end();
    for (more = json_array_first(vectors, &v); more == 1; more = json_array_next(&v)) {
        static str name, key, org, secret, expected, producer, token;
        uint64_t iat, exp;
        uint32_t ttl;
        json_value tokens, member, value;
        char out[MESHES_TOKEN_MAX_LEN + 1];
        size_t out_len = 0;
        meshes_signer signer;
        int m, producers = 0;

        begin_vector("tokens.json", v, &name);
        count++;
        if (get_str(v, "access_key", &key) || get_str(v, "org_id", &org) ||
            get_str(v, "secret", &secret) || get_u64(v, "iat", &iat) || get_u32(v, "ttl", &ttl) ||
            get_u64(v, "exp", &exp) || json_get(v, "tokens", &tokens) != 0 ||
            get_str(tokens, reference.buf, &expected))
            continue;

        /* The one-shot call and the signer produce the reference's exact bytes. */
        CHECK_STATUS(meshes_sign_token(key.buf, key.len, (const uint8_t *)secret.buf, secret.len,
                                       org.buf, org.len, iat, ttl, out, sizeof out, &out_len),
                     MESHES_OK);
        CHECK(out_len == expected.len && memcmp(out, expected.buf, expected.len) == 0 &&
              out[out_len] == '\0');
        memset(out, 0, sizeof out);
        CHECK_STATUS(meshes_signer_init(&signer, key.buf, key.len, (const uint8_t *)secret.buf,
                                        secret.len, org.buf, org.len),
                     MESHES_OK);
        CHECK_STATUS(meshes_signer_sign(&signer, iat, ttl, out, sizeof out, &out_len), MESHES_OK);
        CHECK(out_len == expected.len && memcmp(out, expected.buf, expected.len) == 0 &&
              out[out_len] == '\0');
        meshes_signer_clear(&signer);
        /* The size query gives the same length. */
        out_len = 0;
        CHECK_STATUS(meshes_sign_token(key.buf, key.len, (const uint8_t *)secret.buf, secret.len,
                                       org.buf, org.len, iat, ttl, NULL, 0, &out_len),
                     MESHES_ERR_BUFFER_TOO_SMALL);
        CHECK(out_len == expected.len);

        /* Every producer's token verifies, with the claims it carries, and names its key. */
        for (m = json_member_first(tokens, &member); m == 1; m = json_member_next(&member)) {
            meshes_claims claims;
            size_t producer_len;
            producers++;
            if (json_string(member, producer.buf, sizeof producer.buf, &producer_len) != 0 ||
                json_member_value(member, &value) != 0 ||
                json_string(value, token.buf, sizeof token.buf, &token.len) != 0) {
                check_failed(__FILE__, __LINE__, "tokens member", NULL);
                break;
            }
            memset(&claims, 0xA5, sizeof claims);
            CHECK_STATUS(meshes_verify_token(token.buf, token.len, (const uint8_t *)secret.buf,
                                             secret.len, iat, 0, &claims),
                         MESHES_OK);
            check_claims(&claims, &key, &org, iat, exp);
            CHECK_STATUS(meshes_verify_token(token.buf, token.len, (const uint8_t *)secret.buf,
                                             secret.len, exp, 0, NULL),
                         MESHES_ERR_EXPIRED);
            memset(&claims, 0xA5, sizeof claims);
            CHECK_STATUS(verifier_status(&token, &secret, iat, 0, &claims), MESHES_OK);
            check_claims(&claims, &key, &org, iat, exp);
            CHECK_STATUS(verifier_status(&token, &secret, exp, 0, NULL), MESHES_ERR_EXPIRED);
            check_key_id(&token, &key);
        }
        CHECK(m == 0 && producers >= 2);
    }
    CHECK(more == 0);
done:
    case_end();
    free(text);
    return count;
}

static unsigned verify_valid_json(const char *dir) {
    char *text;
    json_value root, vectors, v;
    unsigned count = 0;
    int more;
    if (open_vectors(dir, "verify_valid.json", &text, &root, &vectors) != 0) goto done;
    for (more = json_array_first(vectors, &v); more == 1; more = json_array_next(&v)) {
        static str name, token, secret, key, org;
        uint64_t now, iat, exp;
        uint32_t leeway;
        json_value claims_v;
        meshes_claims claims;

        begin_vector("verify_valid.json", v, &name);
        count++;
        if (get_str(v, "token", &token) || get_str(v, "secret", &secret) ||
            get_u64(v, "now", &now) || get_u32(v, "leeway", &leeway) ||
            json_get(v, "claims", &claims_v) != 0 || get_str(claims_v, "access_key", &key) ||
            get_str(claims_v, "org_id", &org) || get_u64(claims_v, "iat", &iat) ||
            get_u64(claims_v, "exp", &exp))
            continue;
        memset(&claims, 0xA5, sizeof claims);
        CHECK_STATUS(meshes_verify_token(token.buf, token.len, (const uint8_t *)secret.buf,
                                         secret.len, now, leeway, &claims),
                     MESHES_OK);
        check_claims(&claims, &key, &org, iat, exp);
        CHECK_STATUS(meshes_verify_token(token.buf, token.len, (const uint8_t *)secret.buf,
                                         secret.len, now, leeway, NULL),
                     MESHES_OK);
        memset(&claims, 0xA5, sizeof claims);
        CHECK_STATUS(verifier_status(&token, &secret, now, leeway, &claims), MESHES_OK);
        check_claims(&claims, &key, &org, iat, exp);
        check_key_id(&token, &key);
    }
    CHECK(more == 0);
done:
    case_end();
    free(text);
    return count;
}

static unsigned verify_invalid_json(const char *dir) {
    char *text;
    json_value root, vectors, v;
    unsigned count = 0;
    int more;
    if (open_vectors(dir, "verify_invalid.json", &text, &root, &vectors) != 0) goto done;
    for (more = json_array_first(vectors, &v); more == 1; more = json_array_next(&v)) {
        static str name, token, secret, error;
        uint64_t now;
        uint32_t leeway;
        meshes_claims claims, pattern;
        meshes_status want;
        int known;

        begin_vector("verify_invalid.json", v, &name);
        count++;
        if (get_str(v, "token", &token) || get_str(v, "secret", &secret) ||
            get_u64(v, "now", &now) || get_u32(v, "leeway", &leeway) || get_str(v, "error", &error))
            continue;
        want = status_from_name(error.buf, &known);
        CHECK(known && want != MESHES_OK);
        memset(&claims, 0xA5, sizeof claims);
        memcpy(&pattern, &claims, sizeof claims);
        CHECK_STATUS(meshes_verify_token(token.buf, token.len, (const uint8_t *)secret.buf,
                                         secret.len, now, leeway, &claims),
                     want);
        /* Claims are written only on success. */
        CHECK_MEM(&claims, &pattern, sizeof claims);
        CHECK_STATUS(verifier_status(&token, &secret, now, leeway, &claims), want);
        CHECK_MEM(&claims, &pattern, sizeof claims);
    }
    CHECK(more == 0);
done:
    case_end();
    free(text);
    return count;
}

static unsigned sign_invalid_json(const char *dir) {
    char *text;
    json_value root, vectors, v;
    unsigned count = 0;
    int more;
    if (open_vectors(dir, "sign_invalid.json", &text, &root, &vectors) != 0) goto done;
    for (more = json_array_first(vectors, &v); more == 1; more = json_array_next(&v)) {
        static str name, key, org, secret, error;
        static const unsigned char zero[sizeof(meshes_signer)];
        uint64_t iat;
        uint32_t ttl;
        meshes_status want, init_want;
        char out[MESHES_TOKEN_MAX_LEN + 1], pattern[sizeof out];
        size_t out_len = 12345;
        meshes_signer signer;
        int known;

        begin_vector("sign_invalid.json", v, &name);
        count++;
        if (get_str(v, "access_key", &key) || get_str(v, "org_id", &org) ||
            get_str(v, "secret", &secret) || get_u64(v, "iat", &iat) || get_u32(v, "ttl", &ttl) ||
            get_str(v, "error", &error))
            continue;
        want = status_from_name(error.buf, &known);
        CHECK(known && want != MESHES_OK);

        /* One-shot: the status, out[0] = NUL and not another byte written, *out_len = 0. */
        memset(out, 0x5A, sizeof out);
        memcpy(pattern, out, sizeof out);
        CHECK_STATUS(meshes_sign_token(key.buf, key.len, (const uint8_t *)secret.buf, secret.len,
                                       org.buf, org.len, iat, ttl, out, sizeof out, &out_len),
                     want);
        CHECK(out[0] == '\0');
        CHECK_MEM(out + 1, pattern + 1, sizeof out - 1);
        CHECK(out_len == 0);

        /* Signer: credential errors come from init (which leaves it cleared), time errors
         * from sign. */
        init_want = (want == MESHES_ERR_TTL || want == MESHES_ERR_TIME) ? MESHES_OK : want;
        memset(&signer, 0x77, sizeof signer);
        CHECK_STATUS(meshes_signer_init(&signer, key.buf, key.len, (const uint8_t *)secret.buf,
                                        secret.len, org.buf, org.len),
                     init_want);
        if (init_want != MESHES_OK) {
            CHECK_MEM(&signer, zero, sizeof signer);
            want = MESHES_ERR_UNINITIALIZED;
        }
        memset(out, 0x5A, sizeof out);
        CHECK_STATUS(meshes_signer_sign(&signer, iat, ttl, out, sizeof out, &out_len), want);
        CHECK(out[0] == '\0');
        CHECK_MEM(out + 1, pattern + 1, sizeof out - 1);
        meshes_signer_clear(&signer);
    }
    CHECK(more == 0);
done:
    case_end();
    free(text);
    return count;
}

void test_vectors(const char *dir) {
    unsigned n;
    n = tokens_json(dir);
    n += verify_valid_json(dir);
    n += verify_invalid_json(dir);
    n += sign_invalid_json(dir);
    case_begin("vectors", "(some vectors were read)");
    CHECK(n > 0);
    printf("vectors: %u read from %s\n", n, dir);
    case_end();
}
