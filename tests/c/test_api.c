/* Table-driven checks of the API conventions: every status reached by a real input, the
 * output-buffer rules (out_cap 0, len, len + 1, the size query, NULLs, a pattern-filled buffer
 * proving that nothing but out[0] is written on error), and the edges the issue lists. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"

extern int fake_clock_before_epoch; /* clock_fake.c */

static const char KEY[] = "AK7f3kQ9mZ2pL8xR4tV6";
static const char SECRET[] = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
static const char ORG[] = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
static const uint64_t IAT = 1767225600u;
/* tests/vectors/tokens.json, "example" (jsonwebtoken's bytes). */
static const char EXAMPLE[] =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IkFLN2Yza1E5bVoycEw4eFI0dFY2In0."
    "eyJpc3MiOiJ1cm46bWVzaGVzOm0ybTpBSzdmM2tROW1aMnBMOHhSNHRWNiIsImF1ZCI6Im1lc2hlcy1hcGkiLCJvcmci"
    "OiIzZjZjMmE5ZS04YjFkLTRlN2EtOWMyZi01ZDhlMWE3YjRjNjAiLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MTc2NzIy"
    "NTYzMH0.9_BgmO6NbzN3slwudGDyUs8El62p1EgJw4maDWLku5w";

#define MAX_TIME ((uint64_t)9007199254740991u) /* 2^53 - 1 */
#define PATTERN 0x5A
#define BUF 2048

/* ---- one producer of a string, behind the (out, out_cap, out_len) convention ---- */

typedef struct {
    int kind; /* 0 sign_token, 1 signer_sign, 2 key_id */
    const char *key, *org, *token;
    const uint8_t *secret;
    size_t key_len, secret_len, org_len, token_len;
    uint64_t iat;
    uint32_t ttl;
    const meshes_signer *signer;
} producer;

static meshes_status produce(const producer *p, char *out, size_t cap, size_t *len) {
    switch (p->kind) {
    case 0:
        return meshes_sign_token(p->key, p->key_len, p->secret, p->secret_len, p->org, p->org_len,
                                 p->iat, p->ttl, out, cap, len);
    case 1: return meshes_signer_sign(p->signer, p->iat, p->ttl, out, cap, len);
    default: return meshes_token_key_id(p->token, p->token_len, out, cap, len);
    }
}

static int untouched(const char *buf, size_t from, size_t to) {
    size_t i;
    for (i = from; i < to; i++)
        if ((unsigned char)buf[i] != PATTERN) return 0;
    return 1;
}

/* Runs `p` under every output shape and checks the convention; `want` is the status with a
 * buffer that is large enough, `expected` the string on success (NULL: not checked). */
static void check_convention(const char *group, const char *name, const producer *p,
                             meshes_status want, const char *expected) {
    static char case_name[256];
    char buf[BUF];
    size_t len, need = 0;
    meshes_status st;

    snprintf(case_name, sizeof case_name, "%s/large buffer", name);
    case_begin(group, case_name);
    memset(buf, PATTERN, sizeof buf);
    len = 99999;
    st = produce(p, buf, sizeof buf, &len);
    CHECK_STATUS(st, want);
    if (want == MESHES_OK && st == MESHES_OK) {
        need = len;
        CHECK(len > 0 && len < sizeof buf - 1 && strlen(buf) == len);
        CHECK(untouched(buf, len + 1, sizeof buf)); /* the string and its NUL, nothing more */
        if (expected) CHECK(strcmp(buf, expected) == 0);
    } else {
        CHECK(buf[0] == '\0' && untouched(buf, 1, sizeof buf));
        CHECK(len == 0);
    }

    snprintf(case_name, sizeof case_name, "%s/size query", name);
    case_begin(group, case_name);
    len = 99999;
    st = produce(p, NULL, 0, &len);
    CHECK_STATUS(st, want == MESHES_OK ? MESHES_ERR_BUFFER_TOO_SMALL : want);
    CHECK(len == need);

    snprintf(case_name, sizeof case_name, "%s/out_len NULL", name);
    case_begin(group, case_name);
    memset(buf, PATTERN, sizeof buf);
    CHECK_STATUS(produce(p, buf, sizeof buf, NULL), MESHES_ERR_NULL_POINTER);
    CHECK(buf[0] == '\0' && untouched(buf, 1, sizeof buf));

    snprintf(case_name, sizeof case_name, "%s/out NULL, out_cap 8", name);
    case_begin(group, case_name);
    len = 99999;
    CHECK_STATUS(produce(p, NULL, 8, &len), MESHES_ERR_NULL_POINTER);
    CHECK(len == 0);

    if (want != MESHES_OK) {
        case_end();
        return;
    }

    snprintf(case_name, sizeof case_name, "%s/out_cap 0", name);
    case_begin(group, case_name);
    memset(buf, PATTERN, sizeof buf);
    len = 99999;
    CHECK_STATUS(produce(p, buf, 0, &len), MESHES_ERR_BUFFER_TOO_SMALL);
    CHECK(len == need && untouched(buf, 0, sizeof buf)); /* out_cap 0: not even out[0] */

    snprintf(case_name, sizeof case_name, "%s/out_cap len", name);
    case_begin(group, case_name);
    memset(buf, PATTERN, sizeof buf);
    len = 99999;
    CHECK_STATUS(produce(p, buf, need, &len), MESHES_ERR_BUFFER_TOO_SMALL);
    CHECK(len == need && buf[0] == '\0' && untouched(buf, 1, sizeof buf));

    snprintf(case_name, sizeof case_name, "%s/out_cap len + 1", name);
    case_begin(group, case_name);
    memset(buf, PATTERN, sizeof buf);
    len = 99999;
    CHECK_STATUS(produce(p, buf, need + 1, &len), MESHES_OK);
    CHECK(len == need && buf[need] == '\0' && strlen(buf) == need);
    CHECK(untouched(buf, need + 1, sizeof buf));
    if (expected) CHECK(strcmp(buf, expected) == 0);
    case_end();
}

/* ---- signing inputs: each row through meshes_sign_token and through a signer ---- */

typedef struct {
    const char *name;
    const char *key;
    size_t key_len;
    const char *secret;
    size_t secret_len;
    const char *org;
    size_t org_len;
    uint64_t iat;
    uint32_t ttl;
    meshes_status want;
    const char *expected;
} sign_row;

#define S(x) x, sizeof(x) - 1

static const sign_row SIGN_ROWS[] = {
    {"example", S(KEY), S(SECRET), S(ORG), 1767225600u, 30, MESHES_OK, EXAMPLE},
    {"ttl 1", S(KEY), S(SECRET), S(ORG), 1767225600u, 1, MESHES_OK, NULL},
    {"ttl 60", S(KEY), S(SECRET), S(ORG), 1767225600u, 60, MESHES_OK, NULL},
    {"iat 0", S(KEY), S(SECRET), S(ORG), 0, 30, MESHES_OK, NULL},
    {"exp 2^53 - 1", S(KEY), S(SECRET), S(ORG), MAX_TIME - 60, 60, MESHES_OK, NULL},
    {"key NULL, len 3", NULL, 3, S(SECRET), S(ORG), 1767225600u, 30, MESHES_ERR_NULL_POINTER, NULL},
    {"key NULL, len 0", NULL, 0, S(SECRET), S(ORG), 1767225600u, 30, MESHES_ERR_ACCESS_KEY, NULL},
    {"secret NULL, len 3", S(KEY), NULL, 3, S(ORG), 1767225600u, 30, MESHES_ERR_NULL_POINTER, NULL},
    {"secret NULL, len 0", S(KEY), NULL, 0, S(ORG), 1767225600u, 30, MESHES_ERR_SECRET, NULL},
    {"org NULL, len 3", S(KEY), S(SECRET), NULL, 3, 1767225600u, 30, MESHES_ERR_NULL_POINTER, NULL},
    {"org NULL, len 0", S(KEY), S(SECRET), NULL, 0, 1767225600u, 30, MESHES_ERR_ORG_ID, NULL},
    {"key with \"", S("AK7f3\"kQ9"), S(SECRET), S(ORG), 1767225600u, 30, MESHES_ERR_ACCESS_KEY, NULL},
    {"key 129 bytes",
     S("kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
       "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"),
     S(SECRET), S(ORG), 1767225600u, 30, MESHES_ERR_ACCESS_KEY, NULL},
    {"key 128 bytes",
     S("kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
       "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"),
     S(SECRET), S(ORG), 1767225600u, 30, MESHES_OK, NULL},
    {"secret with \\n", S(KEY), S("s3cr3t\n"), S(ORG), 1767225600u, 30, MESHES_ERR_SECRET, NULL},
    {"secret with NUL", S(KEY), "s3\0cret", 7, S(ORG), 1767225600u, 30, MESHES_ERR_SECRET, NULL},
    {"uppercase org", S(KEY), S(SECRET), S("3F6C2A9E-8B1D-4E7A-9C2F-5D8E1A7B4C60"), 1767225600u, 30,
     MESHES_ERR_ORG_ID, NULL},
    {"ttl 0", S(KEY), S(SECRET), S(ORG), 1767225600u, 0, MESHES_ERR_TTL, NULL},
    {"ttl 61", S(KEY), S(SECRET), S(ORG), 1767225600u, 61, MESHES_ERR_TTL, NULL},
    {"ttl 2^32 - 1", S(KEY), S(SECRET), S(ORG), 1767225600u, 0xFFFFFFFFu, MESHES_ERR_TTL, NULL},
    {"exp 2^53", S(KEY), S(SECRET), S(ORG), MAX_TIME - 29, 30, MESHES_ERR_TIME, NULL},
    {"iat 2^53", S(KEY), S(SECRET), S(ORG), MAX_TIME + 1, 30, MESHES_ERR_TIME, NULL},
    {"iat 2^53 - 1", S(KEY), S(SECRET), S(ORG), MAX_TIME, 1, MESHES_ERR_TIME, NULL},
    {"iat 2^63", S(KEY), S(SECRET), S(ORG), (uint64_t)1 << 63, 30, MESHES_ERR_TIME, NULL},
    {"iat 2^64 - 1", S(KEY), S(SECRET), S(ORG), UINT64_MAX, 30, MESHES_ERR_TIME, NULL},
    {"iat 2^64 - 1, ttl 1", S(KEY), S(SECRET), S(ORG), UINT64_MAX, 1, MESHES_ERR_TIME, NULL},
};

static int is_credential_error(meshes_status st) {
    return st == MESHES_ERR_NULL_POINTER || st == MESHES_ERR_ACCESS_KEY ||
           st == MESHES_ERR_SECRET || st == MESHES_ERR_ORG_ID;
}

static void sign_rows(void) {
    size_t i;
    for (i = 0; i < sizeof SIGN_ROWS / sizeof SIGN_ROWS[0]; i++) {
        const sign_row *r = &SIGN_ROWS[i];
        producer p;
        meshes_signer signer;
        char one_shot[MESHES_TOKEN_MAX_LEN + 1] = {0}, by_signer[MESHES_TOKEN_MAX_LEN + 1] = {0};
        size_t len;
        static char name[128];

        memset(&p, 0, sizeof p);
        p.kind = 0;
        p.key = r->key;
        p.key_len = r->key_len;
        p.secret = (const uint8_t *)r->secret;
        p.secret_len = r->secret_len;
        p.org = r->org;
        p.org_len = r->org_len;
        p.iat = r->iat;
        p.ttl = r->ttl;
        check_convention("meshes_sign_token", r->name, &p, r->want, r->expected);

        snprintf(name, sizeof name, "%s/init", r->name);
        case_begin("meshes_signer", name);
        CHECK_STATUS(meshes_signer_init(&signer, r->key, r->key_len, (const uint8_t *)r->secret,
                                        r->secret_len, r->org, r->org_len),
                     is_credential_error(r->want) ? r->want : MESHES_OK);
        p.kind = 1;
        p.signer = &signer;
        check_convention("meshes_signer_sign", r->name, &p,
                         is_credential_error(r->want) ? MESHES_ERR_UNINITIALIZED : r->want,
                         r->expected);
        if (r->want == MESHES_OK) {
            snprintf(name, sizeof name, "%s/signer equals one-shot", r->name);
            case_begin("meshes_signer", name);
            CHECK_STATUS(meshes_signer_sign(&signer, r->iat, r->ttl, by_signer, sizeof by_signer, &len),
                         MESHES_OK);
            CHECK_STATUS(meshes_sign_token(r->key, r->key_len, (const uint8_t *)r->secret,
                                           r->secret_len, r->org, r->org_len, r->iat, r->ttl,
                                           one_shot, sizeof one_shot, &len),
                         MESHES_OK);
            CHECK(strcmp(one_shot, by_signer) == 0);
            /* and it verifies, with its claims */
            {
                meshes_claims c;
                CHECK_STATUS(meshes_verify_token(one_shot, len, (const uint8_t *)r->secret,
                                                 r->secret_len, r->iat, 0, &c),
                             MESHES_OK);
                CHECK(c.issued_at == r->iat && c.expires_at == r->iat + r->ttl);
            }
            case_end();
        }
        meshes_signer_clear(&signer);
    }
}

/* ---- tokens: every verify status from a real token ---- */

static size_t b64url(const char *src, char *dst) {
    static const char A[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t n = strlen(src), i, o = 0;
    for (i = 0; i + 2 < n; i += 3) {
        unsigned v = ((unsigned)(unsigned char)src[i] << 16) |
                     ((unsigned)(unsigned char)src[i + 1] << 8) | (unsigned char)src[i + 2];
        dst[o++] = A[v >> 18];
        dst[o++] = A[(v >> 12) & 63];
        dst[o++] = A[(v >> 6) & 63];
        dst[o++] = A[v & 63];
    }
    if (n - i == 1) {
        unsigned v = (unsigned)(unsigned char)src[i] << 16;
        dst[o++] = A[v >> 18];
        dst[o++] = A[(v >> 12) & 63];
    } else if (n - i == 2) {
        unsigned v = ((unsigned)(unsigned char)src[i] << 16) | ((unsigned)(unsigned char)src[i + 1] << 8);
        dst[o++] = A[v >> 18];
        dst[o++] = A[(v >> 12) & 63];
        dst[o++] = A[(v >> 6) & 63];
    }
    dst[o] = '\0';
    return o;
}

/* EXAMPLE with its header replaced by the encoding of `header_json`. */
static void with_header(const char *header_json, char *out) {
    const char *rest = strchr(EXAMPLE, '.');
    size_t n = b64url(header_json, out);
    strcpy(out + n, rest);
}

static void verify_rows(void) {
    static char alg_hs512[1024], typ_jws[1024], bad_sig[1024], long_token[MESHES_VERIFY_MAX_LEN + 2],
        max_token[MESHES_VERIFY_MAX_LEN + 1];
    const char *example_signature = strrchr(EXAMPLE, '.') + 1;
    struct {
        const char *name, *token;
        size_t token_len;
        const char *secret;
        size_t secret_len;
        uint64_t now;
        uint32_t leeway;
        meshes_status want;
    } rows[] = {
        {"valid", EXAMPLE, 0, S(SECRET), 1767225600u, 0, MESHES_OK},
        {"valid at exp - 1", EXAMPLE, 0, S(SECRET), 1767225629u, 0, MESHES_OK},
        {"valid with leeway after exp", EXAMPLE, 0, S(SECRET), 1767225632u, 5, MESHES_OK},
        {"token NULL, len 5", NULL, 5, S(SECRET), 1767225600u, 0, MESHES_ERR_NULL_POINTER},
        {"token NULL, len 0", NULL, 0, S(SECRET), 1767225600u, 0, MESHES_ERR_MALFORMED},
        {"secret NULL, len 5", EXAMPLE, 0, NULL, 5, 1767225600u, 0, MESHES_ERR_NULL_POINTER},
        {"secret NULL, len 0", EXAMPLE, 0, NULL, 0, 1767225600u, 0, MESHES_ERR_SECRET},
        {"secret with \\n", EXAMPLE, 0, S("s3cr3t\n"), 1767225600u, 0, MESHES_ERR_SECRET},
        {"not a token", "abc", 0, S(SECRET), 1767225600u, 0, MESHES_ERR_MALFORMED},
        {"MESHES_VERIFY_MAX_LEN bytes", max_token, 0, S(SECRET), 1767225600u, 0,
         MESHES_ERR_MALFORMED},
        {"MESHES_VERIFY_MAX_LEN + 1 bytes", long_token, 0, S(SECRET), 1767225600u, 0,
         MESHES_ERR_MALFORMED},
        {"alg HS512", alg_hs512, 0, S(SECRET), 1767225600u, 0, MESHES_ERR_ALGORITHM},
        {"typ JWS", typ_jws, 0, S(SECRET), 1767225600u, 0, MESHES_ERR_CLAIMS},
        {"signature changed", bad_sig, 0, S(SECRET), 1767225600u, 0, MESHES_ERR_SIGNATURE},
        {"wrong secret", EXAMPLE, 0, S("another-secret"), 1767225600u, 0, MESHES_ERR_SIGNATURE},
        {"expired at exp", EXAMPLE, 0, S(SECRET), 1767225630u, 0, MESHES_ERR_EXPIRED},
        {"expired at 2^64 - 1", EXAMPLE, 0, S(SECRET), UINT64_MAX, MESHES_LEEWAY_MAX,
         MESHES_ERR_EXPIRED},
        {"not yet valid", EXAMPLE, 0, S(SECRET), 1767225599u, 0, MESHES_ERR_NOT_YET_VALID},
        {"not yet valid at 0", EXAMPLE, 0, S(SECRET), 0, 0, MESHES_ERR_NOT_YET_VALID},
    };
    size_t i;

    with_header("{\"alg\":\"HS512\",\"typ\":\"JWT\",\"kid\":\"AK7f3kQ9mZ2pL8xR4tV6\"}", alg_hs512);
    with_header("{\"alg\":\"HS256\",\"typ\":\"JWS\",\"kid\":\"AK7f3kQ9mZ2pL8xR4tV6\"}", typ_jws);
    strcpy(bad_sig, EXAMPLE);
    bad_sig[(size_t)(example_signature - EXAMPLE) + 5] ^= 1; /* one base64 digit to another */
    memset(long_token, 'a', sizeof long_token - 1);
    long_token[sizeof long_token - 1] = '\0';
    /* The longest length verify reads: three segments of the right shape, decoded and
     * rejected (bad base64 JSON), not refused for its length. */
    memset(max_token, 'a', sizeof max_token - 1);
    max_token[100] = '.';
    max_token[200] = '.';
    max_token[sizeof max_token - 1] = '\0';

    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        meshes_claims claims, pattern;
        size_t token_len = rows[i].token ? strlen(rows[i].token) : rows[i].token_len;
        case_begin("meshes_verify_token", rows[i].name);
        memset(&claims, 0xA5, sizeof claims);
        memcpy(&pattern, &claims, sizeof claims);
        CHECK_STATUS(meshes_verify_token(rows[i].token, token_len, (const uint8_t *)rows[i].secret,
                                         rows[i].secret_len, rows[i].now, rows[i].leeway, &claims),
                     rows[i].want);
        if (rows[i].want == MESHES_OK) {
            CHECK(memcmp(claims.access_key, KEY, sizeof KEY) == 0);
            CHECK(memcmp(claims.org_id, ORG, sizeof ORG) == 0);
            CHECK(claims.issued_at == IAT && claims.expires_at == IAT + 30);
            {
                /* The padding before issued_at is written as zeros, not copied from the
                 * library's stack (valgrind also reports it as uninitialized if copied). */
                static const unsigned char zeros[8];
                size_t pad_at = offsetof(meshes_claims, org_id) + sizeof claims.org_id;
                size_t pad_len = offsetof(meshes_claims, issued_at) - pad_at;
                CHECK(pad_len < sizeof zeros);
                CHECK_MEM((const unsigned char *)&claims + pad_at, zeros, pad_len);
            }
        } else {
            CHECK_MEM(&claims, &pattern, sizeof claims);
        }
        /* claims may be NULL, and any alignment is fine */
        CHECK_STATUS(meshes_verify_token(rows[i].token, token_len, (const uint8_t *)rows[i].secret,
                                         rows[i].secret_len, rows[i].now, rows[i].leeway, NULL),
                     rows[i].want);
        {
            unsigned char raw[sizeof(meshes_claims) + 1];
            CHECK_STATUS(meshes_verify_token(rows[i].token, token_len,
                                             (const uint8_t *)rows[i].secret, rows[i].secret_len,
                                             rows[i].now, rows[i].leeway,
                                             (meshes_claims *)(void *)(raw + 1)),
                         rows[i].want);
        }
    }
    case_begin("meshes_verify_token", "1 MiB token is refused by its length");
    {
        size_t n = (size_t)1 << 20;
        char *huge = malloc(n);
        CHECK(huge != NULL);
        if (huge) {
            memset(huge, 'a', n);
            huge[10] = '.';
            huge[20] = '.';
            CHECK_STATUS(meshes_verify_token(huge, n, (const uint8_t *)SECRET, strlen(SECRET),
                                             1767225600u, 0, NULL),
                         MESHES_ERR_MALFORMED);
            CHECK_STATUS(meshes_token_key_id(huge, n, NULL, 0, &n), MESHES_ERR_MALFORMED);
            free(huge);
        }
    }
    case_end();
}

static void key_id_rows(void) {
    producer p;
    static char typ_jws[1024], no_kid[1024];
    memset(&p, 0, sizeof p);
    p.kind = 2;
    p.token = EXAMPLE;
    p.token_len = strlen(EXAMPLE);
    check_convention("meshes_token_key_id", "example", &p, MESHES_OK, KEY);
    /* key_id reads only the header: a typ the verifier rejects still names its key */
    with_header("{\"alg\":\"HS256\",\"typ\":\"JWS\",\"kid\":\"AK7f3kQ9mZ2pL8xR4tV6\"}", typ_jws);
    p.token = typ_jws;
    p.token_len = strlen(typ_jws);
    check_convention("meshes_token_key_id", "typ JWS", &p, MESHES_OK, KEY);
    with_header("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", no_kid);
    p.token = no_kid;
    p.token_len = strlen(no_kid);
    check_convention("meshes_token_key_id", "no kid", &p, MESHES_ERR_CLAIMS, NULL);
    p.token = "x.y";
    p.token_len = 3;
    check_convention("meshes_token_key_id", "malformed", &p, MESHES_ERR_MALFORMED, NULL);
    p.token = NULL;
    p.token_len = 4;
    check_convention("meshes_token_key_id", "token NULL, len 4", &p, MESHES_ERR_NULL_POINTER, NULL);
    p.token_len = 0;
    check_convention("meshes_token_key_id", "token NULL, len 0", &p, MESHES_ERR_MALFORMED, NULL);
}

/* The library's clock (CLOCK_REALTIME, what Rust's SystemTime reads). Not time(NULL): glibc
 * serves that from the coarse clock, which can still say second N for a few milliseconds after
 * CLOCK_REALTIME has reached N + 1, so a token issued at N + 1 looked issued in the future. */
static uint64_t realtime_seconds(void) {
    struct timespec ts;
    CHECK(clock_gettime(CLOCK_REALTIME, &ts) == 0 && ts.tv_sec >= 0);
    return (uint64_t)ts.tv_sec;
}

static void sign_now_rows(void) {
    char out[MESHES_TOKEN_MAX_LEN + 1], pattern[sizeof out];
    size_t len = 0;
    uint64_t before = realtime_seconds(), after;
    meshes_claims c;

    case_begin("meshes_sign_token_now", "system clock");
    CHECK_STATUS(meshes_sign_token_now(KEY, strlen(KEY), (const uint8_t *)SECRET, strlen(SECRET), ORG,
                                       strlen(ORG), 30, out, sizeof out, &len),
                 MESHES_OK);
    after = realtime_seconds();
    CHECK_STATUS(meshes_verify_token(out, len, (const uint8_t *)SECRET, strlen(SECRET), after, 0, &c),
                 MESHES_OK);
    CHECK(c.issued_at >= before && c.issued_at <= after && c.expires_at == c.issued_at + 30);

    case_begin("meshes_sign_token_now", "ttl 0");
    CHECK_STATUS(meshes_sign_token_now(KEY, strlen(KEY), (const uint8_t *)SECRET, strlen(SECRET), ORG,
                                       strlen(ORG), 0, out, sizeof out, &len),
                 MESHES_ERR_TTL);

    case_begin("meshes_sign_token_now", "clock before 1970");
    memset(out, PATTERN, sizeof out);
    memcpy(pattern, out, sizeof out);
    fake_clock_before_epoch = 1;
    CHECK_STATUS(meshes_sign_token_now(KEY, strlen(KEY), (const uint8_t *)SECRET, strlen(SECRET), ORG,
                                       strlen(ORG), 30, out, sizeof out, &len),
                 MESHES_ERR_CLOCK);
    fake_clock_before_epoch = 0;
    CHECK(out[0] == '\0' && memcmp(out + 1, pattern + 1, sizeof out - 1) == 0 && len == 0);
    case_end();
}

static void header_values(void) {
    static const meshes_status all[] = {
        MESHES_OK, MESHES_ERR_NULL_POINTER, MESHES_ERR_ACCESS_KEY, MESHES_ERR_SECRET,
        MESHES_ERR_ORG_ID, MESHES_ERR_TTL, MESHES_ERR_TIME, MESHES_ERR_BUFFER_TOO_SMALL,
        MESHES_ERR_CLOCK, MESHES_ERR_UNINITIALIZED, MESHES_ERR_MALFORMED, MESHES_ERR_ALGORITHM,
        MESHES_ERR_SIGNATURE, MESHES_ERR_CLAIMS, MESHES_ERR_EXPIRED, MESHES_ERR_NOT_YET_VALID,
        MESHES_ERR_INTERNAL, MESHES_ERR_LEEWAY, MESHES_ERR_OVERLAP,
    };
    size_t i;
    case_begin("header", "constants");
    CHECK(MESHES_ACCESS_KEY_MAX_LEN == 128 && MESHES_ORG_ID_MAX_LEN == 64);
    CHECK(MESHES_SECRET_MAX_LEN == 1024 && MESHES_TTL_MAX == 60);
    CHECK(MESHES_TOKEN_MAX_LEN == 652 && MESHES_VERIFY_MAX_LEN >= 1024);
    CHECK(sizeof(meshes_status) == 4);
    CHECK(sizeof(((meshes_claims *)0)->access_key) == MESHES_ACCESS_KEY_MAX_LEN + 1);
    CHECK(sizeof(((meshes_claims *)0)->org_id) == MESHES_ORG_ID_MAX_LEN + 1);
    case_begin("header", "status values are 0..18 in order");
    for (i = 0; i < sizeof all / sizeof all[0]; i++) CHECK(all[i] == i);
    case_begin("meshes_status_message", "every status, and unknown values");
    for (i = 0; i < sizeof all / sizeof all[0]; i++) {
        const char *m = meshes_status_message(all[i]);
        CHECK(m != NULL && m[0] != '\0' && strcmp(m, "unknown status") != 0);
    }
    CHECK(strcmp(meshes_status_message(MESHES_OK), "success") == 0);
    CHECK(strcmp(meshes_status_message(19), "unknown status") == 0);
    CHECK(strcmp(meshes_status_message(0x80000000u), "unknown status") == 0);
    CHECK(strcmp(meshes_status_message(UINT32_MAX), "unknown status") == 0);
    case_begin("meshes_version", "matches the crate version");
    CHECK(meshes_version() != NULL && strcmp(meshes_version(), MESHES_EXPECTED_VERSION) == 0);
    case_end();
}

void test_api(void) {
    header_values();
    sign_rows();
    verify_rows();
    key_id_rows();
    sign_now_rows();
}
