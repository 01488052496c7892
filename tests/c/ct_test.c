/* Constant-time test: valgrind's memcheck as a checker that the secret never steers a branch
 * or a memory address (the method of libsodium, BearSSL and Monocypher).
 *
 * Each case copies a secret into a fresh buffer, marks it undefined with
 * VALGRIND_MAKE_MEM_UNDEFINED and calls the library. memcheck then reports every conditional
 * jump and every load or store whose address depends on those bytes. The library's only
 * exceptions are where secret-derived bytes become public by design (whether the secret obeys
 * the rules, the verdict of the MAC comparison, the MAC written into a token): it passes them
 * to meshes-token-core's declassify hook (meshes-token-core/src/declassify.rs). The wrapper
 * below runs the hook and then marks exactly those bytes defined. Any other report fails the
 * case it happened in, and memcheck's stack trace names the function; every case also checks
 * its results byte for byte against a run with the secret defined, and the number of
 * declassified values against the list above.
 *
 * Run by `make test-ct` (mk/ct.mk) under valgrind, against the release static library, built
 * at -O1. Outside valgrind it refuses to run, so it cannot pass without checking anything. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <valgrind/memcheck.h>
#include <valgrind/valgrind.h>

#include "check.h"

/* Wraps every function whose (mangled) name contains "meshes_declassify_hook" in the main
 * executable, where the static library's code is ("NONE": no soname). The hook has the C
 * calling convention: (pointer, length). */
static unsigned declassified;

void I_WRAP_SONAME_FNNAME_ZZ(NONE, ZameshesZudeclassifyZuhookZa)(unsigned char *bytes,
                                                                  size_t len);
void I_WRAP_SONAME_FNNAME_ZZ(NONE, ZameshesZudeclassifyZuhookZa)(unsigned char *bytes,
                                                                  size_t len) {
    OrigFn hook;
    VALGRIND_GET_ORIG_FN(hook);
    CALL_FN_v_WW(hook, bytes, len);
    (void)VALGRIND_MAKE_MEM_DEFINED(bytes, len);
    declassified++;
}

static const char KEY[] = "AK7f3kQ9mZ2pL8xR4tV6";
static const char ORG[] = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
static const char SECRET[] = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
static const uint64_t IAT = 1767225600u;
/* Node jsonwebtoken's token for these inputs (tests/vectors/tokens.json, vector "example"). */
static const char REFERENCE[] =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IkFLN2Yza1E5bVoycEw4eFI0dFY2In0."
    "eyJpc3MiOiJ1cm46bWVzaGVzOm0ybTpBSzdmM2tROW1aMnBMOHhSNHRWNiIsImF1ZCI6Im1lc2hlcy1hcGkiLCJvcm"
    "ciOiIzZjZjMmE5ZS04YjFkLTRlN2EtOWMyZi01ZDhlMWE3YjRjNjAiLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MTc2"
    "NzIyNTYzMH0.9_BgmO6NbzN3slwudGDyUs8El62p1EgJw4maDWLku5w";

/* The secret of the case being run, in its own heap buffer (so memcheck also sees reads past
 * its end), undefined while `secret_hidden` is set. */
static uint8_t *secret_buf;
static size_t secret_len;

static void secret_set(const uint8_t *bytes, size_t len) {
    free(secret_buf);
    secret_buf = malloc(len);
    if (secret_buf == NULL) {
        fprintf(stderr, "ct_test: out of memory\n");
        exit(2);
    }
    memcpy(secret_buf, bytes, len);
    secret_len = len;
}

/* Snapshot taken before a call under test. */
struct probe {
    unsigned long errors;
    unsigned declassified;
};

static struct probe hide(void) {
    struct probe p;
    (void)VALGRIND_MAKE_MEM_UNDEFINED(secret_buf, secret_len);
    p.errors = VALGRIND_COUNT_ERRORS;
    p.declassified = declassified;
    return p;
}

/* Ends the call under test: no new memcheck report, and `want_declassified` declassified
 * values. The secret is defined again afterwards, for the reference runs. */
static void reveal(struct probe p, unsigned want_declassified) {
    unsigned long reports = VALGRIND_COUNT_ERRORS - p.errors;
    unsigned got = declassified - p.declassified;
    char detail[160];
    (void)VALGRIND_MAKE_MEM_DEFINED(secret_buf, secret_len);
    if (reports != 0) {
        snprintf(detail, sizeof detail,
                 "%lu memcheck report(s) above: a branch or address depends on the secret",
                 reports);
        check_failed(__FILE__, __LINE__, "no secret-dependent branch or address", detail);
    }
    if (got != want_declassified) {
        snprintf(detail, sizeof detail, "declassify hook called %u times, want %u", got,
                 want_declassified);
        check_failed(__FILE__, __LINE__, "declassified values", detail);
    }
}

/* Declassified values per call: the secret's verdict (init, sign_token, verify), the MAC
 * (signer_sign, sign_token) and the MAC comparison (verify, once the MAC is computed). */
enum { INIT_PUBLIC = 1, SIGNER_SIGN_PUBLIC = 1, SIGN_TOKEN_PUBLIC = 2 };

static meshes_status init(meshes_signer *s) {
    return meshes_signer_init(s, KEY, strlen(KEY), secret_buf, secret_len, ORG, strlen(ORG));
}

static meshes_status sign_token(char *out, size_t cap, size_t *len) {
    return meshes_sign_token(KEY, strlen(KEY), secret_buf, secret_len, ORG, strlen(ORG), IAT, 30,
                             out, cap, len);
}

static meshes_status verify(const char *token, meshes_claims *claims) {
    return meshes_verify_token(token, strlen(token), secret_buf, secret_len, IAT + 10, 0, claims);
}

/* Signing with a valid secret: init, sign with the signer, one-shot sign. Each result must
 * equal the one made with the secret defined. Leaves the token in `token`. */
static void signing_cases(const char *label, char *token) {
    meshes_signer signer = {{0}};
    char want[MESHES_TOKEN_MAX_LEN + 1], got[MESHES_TOKEN_MAX_LEN + 1];
    size_t want_len = 0, got_len = 0;
    struct probe p;
    meshes_status st;

    CHECK_STATUS(sign_token(want, sizeof want, &want_len), MESHES_OK);

    case_begin("meshes_signer_init", label);
    p = hide();
    st = init(&signer);
    reveal(p, INIT_PUBLIC);
    CHECK_STATUS(st, MESHES_OK);

    case_begin("meshes_signer_sign", label);
    p = hide();
    st = meshes_signer_sign(&signer, IAT, 30, got, sizeof got, &got_len);
    reveal(p, SIGNER_SIGN_PUBLIC);
    CHECK_STATUS(st, MESHES_OK);
    CHECK(got_len == want_len);
    CHECK_MEM(got, want, want_len + 1);
    meshes_signer_clear(&signer);

    case_begin("meshes_sign_token", label);
    memset(got, 0, sizeof got);
    p = hide();
    st = sign_token(got, sizeof got, &got_len);
    reveal(p, SIGN_TOKEN_PUBLIC);
    CHECK_STATUS(st, MESHES_OK);
    CHECK(got_len == want_len);
    CHECK_MEM(got, want, want_len + 1);
    memcpy(token, want, want_len + 1);
}

struct verify_case {
    const char *name;
    meshes_status want;
    unsigned declassified; /* 1: the secret's verdict; 2: and the MAC comparison */
};

/* Verifying `token` and variants of it. The MAC is the last 43 characters; its last
 * character carries 4 bits (and 2 zero bits), so the "last byte" edit changes the one
 * before it. */
static void verify_cases(const char *label, const char *token) {
    static const struct verify_case cases[] = {
        {"valid", MESHES_OK, 2},
        {"MAC changed in its first byte", MESHES_ERR_SIGNATURE, 2},
        {"MAC changed in its last byte", MESHES_ERR_SIGNATURE, 2},
        {"payload changed", MESHES_ERR_SIGNATURE, 2},
        {"expired (valid MAC)", MESHES_ERR_EXPIRED, 2},
        {"malformed: two segments", MESHES_ERR_MALFORMED, 1},
        {"malformed: header not base64url", MESHES_ERR_MALFORMED, 1},
        {"malformed: signature too short", MESHES_ERR_SIGNATURE, 1},
    };
    char variant[MESHES_TOKEN_MAX_LEN + 1], name[200];
    size_t n = strlen(token), i;
    char *last_dot = strrchr(token, '.');
    size_t sig_at = (size_t)(last_dot - token) + 1;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        meshes_claims claims, want_claims;
        struct probe p;
        meshes_status st, want_st;
        uint64_t now = IAT + 10;

        memcpy(variant, token, n + 1);
        switch (i) {
        case 1: variant[sig_at] = variant[sig_at] == 'A' ? 'B' : 'A'; break;
        case 2: variant[n - 2] = variant[n - 2] == 'A' ? 'B' : 'A'; break;
        case 3: variant[sig_at - 10] = variant[sig_at - 10] == 'A' ? 'B' : 'A'; break;
        case 4: now = IAT + 30; break;
        case 5: *strchr(variant, '.') = '_'; break;
        case 6: variant[0] = '*'; break;
        case 7: variant[n - 1] = '\0'; break;
        default: break;
        }
        snprintf(name, sizeof name, "%s, %s", label, cases[i].name);
        case_begin("meshes_verify_token", name);
        memset(&claims, 0, sizeof claims);
        memset(&want_claims, 0, sizeof want_claims);
        want_st = meshes_verify_token(variant, strlen(variant), secret_buf, secret_len, now, 0,
                                      &want_claims);
        p = hide();
        st = meshes_verify_token(variant, strlen(variant), secret_buf, secret_len, now, 0, &claims);
        reveal(p, cases[i].declassified);
        CHECK_STATUS(st, cases[i].want);
        CHECK_STATUS(want_st, cases[i].want);
        /* Field by field: the 6 padding bytes before issued_at are not part of the result. */
        CHECK_MEM(claims.access_key, want_claims.access_key, sizeof claims.access_key);
        CHECK_MEM(claims.org_id, want_claims.org_id, sizeof claims.org_id);
        CHECK(claims.issued_at == want_claims.issued_at);
        CHECK(claims.expires_at == want_claims.expires_at);
    }
}

/* Secrets that break the rules: the same status as with the secret defined, and only the
 * verdict declassified (the loop over the bytes does not stop at the first bad one). */
static void bad_secret_cases(const char *token) {
    static const char *const bad[] = {
        "s3cr3t\n", "s3cr3t with a space", "\x7f" "s3cr3t", "s3cr3t\tthen\r\n",
    };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        meshes_signer signer = {{0}};
        char out[MESHES_TOKEN_MAX_LEN + 1], name[64];
        size_t len = 0;
        struct probe p;
        meshes_status st;

        secret_set((const uint8_t *)bad[i], strlen(bad[i]));
        snprintf(name, sizeof name, "bad secret %u", (unsigned)i + 1);

        case_begin("meshes_signer_init", name);
        p = hide();
        st = init(&signer);
        reveal(p, 1);
        CHECK_STATUS(st, MESHES_ERR_SECRET);

        case_begin("meshes_sign_token", name);
        p = hide();
        st = sign_token(out, sizeof out, &len);
        reveal(p, 1);
        CHECK_STATUS(st, MESHES_ERR_SECRET);

        case_begin("meshes_verify_token", name);
        p = hide();
        st = verify(token, NULL);
        reveal(p, 1);
        CHECK_STATUS(st, MESHES_ERR_SECRET);
    }
}

int main(void) {
    char token[MESHES_TOKEN_MAX_LEN + 1], name[64];
    uint8_t long_secret[MESHES_SECRET_MAX_LEN];
    size_t i;

    if (!RUNNING_ON_VALGRIND) {
        fprintf(stderr, "ct_test: run me under valgrind (make test-ct); alone I check nothing\n");
        return 2;
    }

    /* A short secret (used as the HMAC key block) and the known-answer token. */
    secret_set((const uint8_t *)SECRET, strlen(SECRET));
    signing_cases("44-byte secret", token);
    case_begin("meshes_sign_token", "44-byte secret, reference token");
    CHECK(strcmp(token, REFERENCE) == 0);
    verify_cases("44-byte secret", token);

    /* Longer than a SHA-256 block (hashed first), and the longest allowed. */
    for (i = 0; i < sizeof long_secret; i++) long_secret[i] = (uint8_t)('!' + i % 94);
    secret_set(long_secret, 65);
    signing_cases("65-byte secret", token);
    verify_cases("65-byte secret", token);
    secret_set(long_secret, sizeof long_secret);
    snprintf(name, sizeof name, "%u-byte secret", (unsigned)sizeof long_secret);
    signing_cases(name, token);
    verify_cases(name, token);

    bad_secret_cases(token);

    free(secret_buf);
    return check_summary();
}
