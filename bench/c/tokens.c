/* make bench, C: every way to mint and verify the bench's token from C, in one run.
 *
 * Ours: meshes_signer_sign, meshes_verifier_verify, meshes_verify_token. Rivals: hand-written
 * midstate mints on OpenSSL (a SHA256_CTX fed key^ipad and the token's constant prefix once,
 * copied per token, and the same for the outer hash; an HMAC_CTX fed the key and the prefix
 * once, HMAC_CTX_copy per token; OpenSSL 3's EVP_MAC_CTX_dup of the same), and libjwt 1.10
 * (jwt_encode_str; jwt_decode, then iss, aud and exp checked by hand: 1.10 has no validator).
 *
 * Every result is checked before it is timed: hand mints equal the reference token byte for
 * byte, libjwt's token verifies (meshes_verify_token) to the same claims, every verifier
 * returns the claims and refuses the token with its first signature character changed.
 *
 *   tokens [--ms N]   N ms per timed loop (default 100); prints one JSON object: per row the
 *                     ns per call of each of 5 interleaved loops, the best, and what it returned.
 *   tokens --calls ROW N
 *                     checks ROW, then calls it N times untimed: under callgrind, the instructions
 *                     of N and 2N calls give the instructions per call on a loaded machine.
 */
#define _POSIX_C_SOURCE 200809L
#define OPENSSL_API_COMPAT 10101 /* SHA256_* and HMAC_CTX_*: deprecated in 3.0, still shipped */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jwt.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "meshes_token.h"

#define LOOPS 5
#define MAX 1024

static const char access_key[] = "AK7f3kQ9mZ2pL8xR4tV6";
static const char secret[] = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
static const char org[] = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
static const char issuer[] = "urn:meshes:m2m:AK7f3kQ9mZ2pL8xR4tV6";
static const char audience[] = "meshes-api";
#define IAT 1767225600u
#define TTL 30u
/* Node jsonwebtoken's token for these inputs (tests/vectors/tokens.json, vector "example"). */
static const char reference[] =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IkFLN2Yza1E5bVoycEw4eFI0dFY2In0."
    "eyJpc3MiOiJ1cm46bWVzaGVzOm0ybTpBSzdmM2tROW1aMnBMOHhSNHRWNiIsImF1ZCI6Im1lc2hlcy1hcGkiLCJvcm"
    "ciOiIzZjZjMmE5ZS04YjFkLTRlN2EtOWMyZi01ZDhlMWE3YjRjNjAiLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MTc2"
    "NzIyNTYzMH0.9_BgmO6NbzN3slwudGDyUs8El62p1EgJw4maDWLku5w";
static char tampered[sizeof reference];

static void die(const char *what) {
    fprintf(stderr, "bench/c/tokens: %s\n", what);
    exit(1);
}

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* ---- what a careful hand-written midstate mint shares, whatever its MAC ---- */

static size_t b64url(const unsigned char *in, size_t n, char *out) {
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t i, o = 0;
    for (i = 0; i + 2 < n; i += 3) {
        unsigned long v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8 | in[i + 2];
        out[o++] = abc[v >> 18 & 63], out[o++] = abc[v >> 12 & 63];
        out[o++] = abc[v >> 6 & 63], out[o++] = abc[v & 63];
    }
    if (n - i == 1) {
        unsigned long v = (unsigned long)in[i] << 16;
        out[o++] = abc[v >> 18 & 63], out[o++] = abc[v >> 12 & 63];
    } else if (n - i == 2) {
        unsigned long v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8;
        out[o++] = abc[v >> 18 & 63], out[o++] = abc[v >> 12 & 63], out[o++] = abc[v >> 6 & 63];
    }
    return o;
}

static size_t put_u64(char *out, unsigned long long v) {
    char tmp[20];
    size_t n = 0, i;
    do tmp[n++] = (char)('0' + v % 10), v /= 10;
    while (v);
    for (i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    return n;
}

/* The constant start of every token, encoded once: the header segment, '.', the payload's
 * base64 up to the last whole 3-byte group before iat; and the payload bytes left over. */
static char prefix[MAX];
static size_t prefix_len;
static char json_rest[8];
static size_t json_rest_len;

static void make_prefix(void) {
    char header[128], head[256];
    int h = snprintf(header, sizeof header, "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"%s\"}",
                     access_key);
    int p = snprintf(head, sizeof head,
                     "{\"iss\":\"%s\",\"aud\":\"%s\",\"org\":\"%s\",\"iat\":", issuer, audience,
                     org);
    size_t whole = (size_t)p / 3 * 3;
    prefix_len = b64url((const unsigned char *)header, (size_t)h, prefix);
    prefix[prefix_len++] = '.';
    prefix_len += b64url((const unsigned char *)head, whole, prefix + prefix_len);
    json_rest_len = (size_t)p - whole;
    memcpy(json_rest, head + whole, json_rest_len);
}

/* Writes the prefix and the encoded rest of the payload into out; returns the rest's length
 * (the bytes the MAC still needs, at out + prefix_len). */
static size_t mint_body(unsigned long long iat, unsigned ttl, char *out) {
    char json[64];
    size_t n = json_rest_len;
    memcpy(json, json_rest, n);
    n += put_u64(json + n, iat);
    memcpy(json + n, ",\"exp\":", 7), n += 7;
    n += put_u64(json + n, iat + ttl);
    json[n++] = '}';
    memcpy(out, prefix, prefix_len);
    return b64url((const unsigned char *)json, n, out + prefix_len);
}

static size_t mint_finish(char *out, size_t signing_len, const unsigned char tag[32]) {
    out[signing_len] = '.';
    return signing_len + 1 + b64url(tag, 32, out + signing_len + 1);
}

/* ---- the contenders: each writes its token (mint) or returns 0 on success (verify) ---- */

static meshes_signer signer;
static meshes_verifier verifier;
static SHA256_CTX inner0, outer0;
static HMAC_CTX *hmac0, *hmac_tmp;
static EVP_MAC_CTX *mac0;
static char out[MAX];
static size_t out_len;

static int ours_sign(void) {
    return meshes_signer_sign(&signer, IAT, TTL, out, sizeof out, &out_len) != MESHES_OK;
}

static int sha256_midstate(void) {
    unsigned char ih[32], tag[32];
    SHA256_CTX c;
    size_t rest = mint_body(IAT, TTL, out);
    c = inner0;
    SHA256_Update(&c, out + prefix_len, rest);
    SHA256_Final(ih, &c);
    c = outer0;
    SHA256_Update(&c, ih, sizeof ih);
    SHA256_Final(tag, &c);
    out_len = mint_finish(out, prefix_len + rest, tag);
    return 0;
}

static int hmac_ctx_copy(void) {
    unsigned char tag[32];
    unsigned tag_len = 0;
    size_t rest = mint_body(IAT, TTL, out);
    if (!HMAC_CTX_copy(hmac_tmp, hmac0) ||
        !HMAC_Update(hmac_tmp, (const unsigned char *)out + prefix_len, rest) ||
        !HMAC_Final(hmac_tmp, tag, &tag_len) || tag_len != 32)
        return 1;
    out_len = mint_finish(out, prefix_len + rest, tag);
    return 0;
}

static int evp_mac_dup(void) {
    unsigned char tag[32];
    size_t tag_len = 0, rest = mint_body(IAT, TTL, out);
    EVP_MAC_CTX *c = EVP_MAC_CTX_dup(mac0);
    int bad = !c || !EVP_MAC_update(c, (const unsigned char *)out + prefix_len, rest) ||
              !EVP_MAC_final(c, tag, &tag_len, sizeof tag) || tag_len != 32;
    EVP_MAC_CTX_free(c);
    if (bad) return 1;
    out_len = mint_finish(out, prefix_len + rest, tag);
    return 0;
}

static int libjwt_mint(void) {
    jwt_t *jwt = NULL;
    char *token;
    if (jwt_new(&jwt) || jwt_set_alg(jwt, JWT_ALG_HS256, (const unsigned char *)secret,
                                     (int)strlen(secret)) ||
        jwt_add_header(jwt, "kid", access_key) || jwt_add_grant(jwt, "iss", issuer) ||
        jwt_add_grant(jwt, "aud", audience) || jwt_add_grant(jwt, "org", org) ||
        jwt_add_grant_int(jwt, "iat", IAT) || jwt_add_grant_int(jwt, "exp", IAT + TTL) ||
        !(token = jwt_encode_str(jwt))) {
        jwt_free(jwt);
        return 1;
    }
    out_len = strlen(token);
    if (out_len >= sizeof out) out_len = 0;
    memcpy(out, token, out_len);
    free(token);
    jwt_free(jwt);
    return out_len == 0;
}

static const char *vtoken = reference;
static meshes_claims claims;

static int ours_verify(void) {
    return meshes_verify_token(vtoken, strlen(vtoken), (const uint8_t *)secret, strlen(secret),
                               IAT + 1, 0, &claims) != MESHES_OK;
}

static int ours_verifier(void) {
    return meshes_verifier_verify(&verifier, vtoken, strlen(vtoken), IAT + 1, 0, &claims) !=
           MESHES_OK;
}

/* libjwt 1.10: jwt_decode checks the signature (HS256 with this key); the claims are the
 * caller's to check. */
static int libjwt_verify(void) {
    jwt_t *jwt = NULL;
    const char *iss, *aud, *o;
    long exp, iat;
    int bad = jwt_decode(&jwt, vtoken, (const unsigned char *)secret, (int)strlen(secret)) ||
              jwt_get_alg(jwt) != JWT_ALG_HS256;
    if (!bad) {
        iss = jwt_get_grant(jwt, "iss"), aud = jwt_get_grant(jwt, "aud");
        o = jwt_get_grant(jwt, "org");
        iat = jwt_get_grant_int(jwt, "iat"), exp = jwt_get_grant_int(jwt, "exp");
        bad = !iss || strcmp(iss, issuer) || !aud || strcmp(aud, audience) || !o ||
              exp <= (long)(IAT + 1) || iat > (long)(IAT + 1);
        if (!bad) {
            size_t n = strlen(o) < sizeof claims.org_id ? strlen(o) : 0;
            memcpy(claims.org_id, o, n), claims.org_id[n] = '\0';
            claims.issued_at = (uint64_t)iat, claims.expires_at = (uint64_t)exp;
        }
    }
    jwt_free(jwt);
    return bad;
}

/* ---- the table of rows, the checks, the loops ---- */

enum kind { MINT_EXACT, MINT_OWN_LAYOUT, VERIFY };
static const struct row {
    const char *name;
    int (*fn)(void);
    enum kind kind;
} rows[] = {
    {"meshes_signer_sign", ours_sign, MINT_EXACT},
    {"OpenSSL SHA256_CTX midstate", sha256_midstate, MINT_EXACT},
    {"OpenSSL HMAC_CTX_copy", hmac_ctx_copy, MINT_EXACT},
    {"OpenSSL EVP_MAC_CTX_dup", evp_mac_dup, MINT_EXACT},
    {"libjwt jwt_encode_str", libjwt_mint, MINT_OWN_LAYOUT},
    {"meshes_verify_token", ours_verify, VERIFY},
    {"meshes_verifier_verify", ours_verifier, VERIFY},
    {"libjwt jwt_decode + claims", libjwt_verify, VERIFY},
};
#define NROWS (sizeof rows / sizeof rows[0])

static void print_json_string(const char *s, size_t n) {
    size_t i;
    putchar('"');
    for (i = 0; i < n; i++) {
        if (s[i] == '"' || s[i] == '\\') putchar('\\');
        putchar(s[i]);
    }
    putchar('"');
}

/* Checks a row's result once; prints its "result" member. */
static void check_and_report(const struct row *r) {
    char name[160];
    snprintf(name, sizeof name, "%s: wrong result before timing", r->name);
    if (r->kind != VERIFY) {
        meshes_claims c;
        if (r->fn()) die(name);
        if (r->kind == MINT_EXACT &&
            (out_len != sizeof reference - 1 || memcmp(out, reference, out_len) != 0))
            die(name);
        if (meshes_verify_token(out, out_len, (const uint8_t *)secret, strlen(secret), IAT + 1,
                                0, &c) != MESHES_OK ||
            strcmp(c.access_key, access_key) || strcmp(c.org_id, org) || c.issued_at != IAT ||
            c.expires_at != IAT + TTL)
            die(name);
        printf("\"token\": ");
        print_json_string(out, out_len);
        return;
    }
    memset(&claims, 0, sizeof claims);
    vtoken = tampered;
    if (!r->fn()) die(name); /* must refuse the changed signature */
    vtoken = reference;
    if (r->fn() || strcmp(claims.org_id, org) || claims.issued_at != IAT ||
        claims.expires_at != IAT + TTL)
        die(name);
    printf("\"claims\": {\"org\": \"%s\", \"iat\": %llu, \"exp\": %llu}, "
           "\"tampered_rejected\": true",
           claims.org_id, (unsigned long long)claims.issued_at,
           (unsigned long long)claims.expires_at);
}

static double loop_ns(int (*fn)(void), unsigned long n) {
    unsigned long i;
    double start = now_ns();
    for (i = 0; i < n; i++)
        if (fn()) die("a timed call failed");
    return (now_ns() - start) / (double)n;
}

int main(int argc, char **argv) {
    double ms = argc > 2 && strcmp(argv[1], "--ms") == 0 ? atof(argv[2]) : 100.0;
    double ns[NROWS][LOOPS], best[NROWS];
    unsigned long n[NROWS];
    unsigned char ipad[64], opad[64];
    EVP_MAC *hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
                           OSSL_PARAM_construct_end()};
    size_t i, loop, at;

    memcpy(tampered, reference, sizeof reference);
    at = (size_t)(strrchr(tampered, '.') - tampered) + 1;
    tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
    make_prefix();
    if (meshes_signer_init(&signer, access_key, strlen(access_key), (const uint8_t *)secret,
                           strlen(secret), org, strlen(org)) != MESHES_OK ||
        meshes_verifier_init(&verifier, (const uint8_t *)secret, strlen(secret)) != MESHES_OK)
        die("meshes init");
    /* HMAC by hand: the secret (44 bytes) is shorter than a block, so it is the padded key. */
    memset(ipad, 0x36, sizeof ipad), memset(opad, 0x5c, sizeof opad);
    for (i = 0; i < strlen(secret); i++) ipad[i] ^= (unsigned char)secret[i], opad[i] ^= (unsigned char)secret[i];
    SHA256_Init(&inner0), SHA256_Update(&inner0, ipad, sizeof ipad);
    SHA256_Update(&inner0, prefix, prefix_len);
    SHA256_Init(&outer0), SHA256_Update(&outer0, opad, sizeof opad);
    hmac0 = HMAC_CTX_new(), hmac_tmp = HMAC_CTX_new();
    mac0 = hmac ? EVP_MAC_CTX_new(hmac) : NULL;
    if (!hmac0 || !hmac_tmp || !mac0 ||
        !HMAC_Init_ex(hmac0, secret, (int)strlen(secret), EVP_sha256(), NULL) ||
        !HMAC_Update(hmac0, (const unsigned char *)prefix, prefix_len) ||
        !EVP_MAC_init(mac0, (const unsigned char *)secret, strlen(secret), params) ||
        !EVP_MAC_update(mac0, (const unsigned char *)prefix, prefix_len))
        die("OpenSSL init");

    if (argc > 3 && strcmp(argv[1], "--calls") == 0) {
        unsigned long calls = strtoul(argv[3], NULL, 10);
        for (i = 0; i < NROWS && strcmp(rows[i].name, argv[2]) != 0; i++) continue;
        if (i == NROWS) die("--calls: no such row");
        check_and_report(&rows[i]);
        putchar('\n');
        loop_ns(rows[i].fn, calls);
        return 0;
    }
    printf("{\"ms_per_loop\": %g, \"loops\": %d, \"openssl\": \"%s\", \"rows\": {", ms, LOOPS,
           OpenSSL_version(OPENSSL_VERSION));
    for (i = 0; i < NROWS; i++) {
        printf("%s\n  ", i ? "," : "");
        print_json_string(rows[i].name, strlen(rows[i].name));
        printf(": {");
        check_and_report(&rows[i]);
        printf(", \"kind\": \"%s\"", rows[i].kind == VERIFY ? "verify" : "mint");
        /* Calibrate: calls per loop so that one loop takes about `ms`. */
        for (n[i] = 256;; n[i] *= 2) {
            double t = loop_ns(rows[i].fn, n[i]) * (double)n[i];
            if (t > 10e6 || n[i] >= 1ul << 30) {
                n[i] = (unsigned long)((double)n[i] * ms * 1e6 / t) + 1;
                break;
            }
        }
        printf(", \"calls_per_loop\": %lu}", n[i]);
        best[i] = 1e300;
    }
    printf("},\n\"ns\": {");
    /* The loops interleave the rows, so that a slow moment of the machine is shared. */
    for (loop = 0; loop < LOOPS; loop++)
        for (i = 0; i < NROWS; i++) {
            ns[i][loop] = loop_ns(rows[i].fn, n[i]);
            if (ns[i][loop] < best[i]) best[i] = ns[i][loop];
        }
    for (i = 0; i < NROWS; i++) {
        printf("%s\n  ", i ? "," : "");
        print_json_string(rows[i].name, strlen(rows[i].name));
        printf(": {\"best\": %.3f, \"loops\": [", best[i]);
        for (loop = 0; loop < LOOPS; loop++) printf("%s%.3f", loop ? ", " : "", ns[i][loop]);
        printf("]}");
    }
    printf("}}\n");
    meshes_signer_clear(&signer);
    meshes_verifier_clear(&verifier);
    HMAC_CTX_free(hmac0), HMAC_CTX_free(hmac_tmp);
    EVP_MAC_CTX_free(mac0), EVP_MAC_free(hmac);
    return 0;
}
