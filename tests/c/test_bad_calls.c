/* tests/vectors/bad_calls.json, the bad-argument policy of the header's conventions, as a
 * binding applies it: every sign row through meshes_sign_token and a meshes_signer, every
 * verify row through meshes_verify_token and a meshes_verifier, a number C cannot hold passed
 * as the value the library rejects for that argument, and a `now` before the epoch MESHES_ERR_TIME
 * before any call. Each gives the row's exact status (and the control rows the exact token). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "json.h"
#include "vector_file.h"

#define FILE_NAME "bad_calls.json"

/* Numeric field `key` as a binding passes it: the value when the C type of at most `max`
 * holds it, else `sentinel`. *before_epoch is set for a negative value (only `now` uses it). */
static int get_arg(json_value row, const char *key, uint64_t max, uint64_t sentinel,
                   uint64_t *arg, int *before_epoch) {
    json_value v;
    if (before_epoch) *before_epoch = 0;
    if (json_get(row, key, &v) != 0) {
        check_failed(__FILE__, __LINE__, "numeric field", key);
        return -1;
    }
    switch (json_uint(v, max, arg)) {
    case JSON_UINT_FITS:
        return 0;
    case JSON_UINT_NEGATIVE:
        if (before_epoch) *before_epoch = 1;
        /* fall through */
    case JSON_UINT_FRACTION:
    case JSON_UINT_ABOVE:
        *arg = sentinel;
        return 0;
    default:
        check_failed(__FILE__, __LINE__, "numeric field", key);
        return -1;
    }
}

/* The status named by field `key` (null: MESHES_OK); *present = 0 when the field is absent. */
static int get_status(json_value row, const char *key, meshes_status *status, int *present) {
    json_value v;
    str name;
    int ok;
    *present = json_get(row, key, &v) == 0;
    *status = MESHES_OK;
    if (!*present || strncmp(v.p, "null", 4) == 0) return 0;
    if (get_str(row, key, &name) != 0) return -1;
    *status = status_from_name(name.buf, &ok);
    if (!ok) {
        check_failed(__FILE__, __LINE__, "a status name", name.buf);
        return -1;
    }
    return 0;
}

static void sign_row(json_value row, meshes_status want) {
    str key, secret, org, token;
    uint64_t iat, ttl;
    int has_token = json_get(row, "token", &(json_value){0}) == 0;
    char out[MESHES_TOKEN_MAX_LEN + 1];
    size_t len = 1;
    meshes_signer signer = {0};
    meshes_status st;
    if (get_str(row, "access_key", &key) || get_str(row, "secret", &secret) ||
        get_str(row, "org_id", &org) ||
        get_arg(row, "iat", UINT64_MAX, UINT64_MAX, &iat, NULL) ||
        get_arg(row, "ttl", UINT32_MAX, 0, &ttl, NULL) ||
        (has_token && get_str(row, "token", &token)))
        return;
    CHECK(has_token == (want == MESHES_OK));
    CHECK_STATUS(meshes_sign_token(key.buf, key.len, (const uint8_t *)secret.buf, secret.len,
                                   org.buf, org.len, iat, (uint32_t)ttl, out, sizeof out, &len),
                 want);
    if (want == MESHES_OK && has_token)
        CHECK(len == token.len && memcmp(out, token.buf, len) == 0);
    else
        CHECK(len == 0 && out[0] == '\0');

    st = meshes_signer_init(&signer, key.buf, key.len, (const uint8_t *)secret.buf, secret.len,
                            org.buf, org.len);
    if (st == MESHES_OK) {
        len = 1;
        st = meshes_signer_sign(&signer, iat, (uint32_t)ttl, out, sizeof out, &len);
        if (st == MESHES_OK && has_token)
            CHECK(len == token.len && memcmp(out, token.buf, len) == 0);
    }
    CHECK_STATUS(st, want);
    meshes_signer_clear(&signer);
}

static void verify_row(json_value row, meshes_status want) {
    str token, secret;
    uint64_t now, leeway;
    int before_epoch, has_verifier_error;
    meshes_status want_verifier, st;
    meshes_verifier verifier = {0};
    if (get_str(row, "token", &token) || get_str(row, "secret", &secret) ||
        get_arg(row, "now", UINT64_MAX, UINT64_MAX, &now, &before_epoch) ||
        get_arg(row, "leeway", UINT32_MAX, UINT32_MAX, &leeway, NULL) ||
        get_status(row, "verifier_error", &want_verifier, &has_verifier_error))
        return;
    if (!has_verifier_error) want_verifier = want;
    /* The binding's one check, before any call. */
    st = before_epoch ? MESHES_ERR_TIME
                      : meshes_verify_token(token.buf, token.len, (const uint8_t *)secret.buf,
                                            secret.len, now, (uint32_t)leeway, NULL);
    CHECK_STATUS(st, want);

    st = meshes_verifier_init(&verifier, (const uint8_t *)secret.buf, secret.len);
    if (st == MESHES_OK)
        st = before_epoch ? MESHES_ERR_TIME
                          : meshes_verifier_verify(&verifier, token.buf, token.len, now,
                                                   (uint32_t)leeway, NULL);
    CHECK_STATUS(st, want_verifier);
    meshes_verifier_clear(&verifier);
}

void test_bad_calls(const char *dir) {
    char *text = NULL;
    json_value root, vectors, row;
    str name, call;
    meshes_status want;
    unsigned rows = 0;
    int more, present;
    if (open_vectors(dir, FILE_NAME, &text, &root, &vectors) != 0) goto done;
    for (more = json_array_first(vectors, &row); more == 1; more = json_array_next(&row)) {
        begin_vector(FILE_NAME, row, &name);
        rows++;
        if (get_str(row, "call", &call) || get_status(row, "error", &want, &present)) continue;
        CHECK(present);
        if (strcmp(call.buf, "sign") == 0)
            sign_row(row, want);
        else if (strcmp(call.buf, "verify") == 0)
            verify_row(row, want);
        else
            check_failed(__FILE__, __LINE__, "call is sign or verify", call.buf);
    }
    case_begin(FILE_NAME, "(every row read)");
    CHECK(more == 0);
    CHECK(rows >= 20);
    case_end();
done:
    free(text);
}
