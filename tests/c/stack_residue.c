/* No key material left on the stack (issue 15, item 2).
 *
 * After meshes_signer_init, meshes_signer_sign + meshes_signer_clear, meshes_sign_token and
 * meshes_verify_token return, the dead stack below the caller's frame must hold neither the
 * HMAC inner or outer midstate (the SHA-256 chaining values after key^ipad and key^opad, each
 * enough to forge tokens without the secret), nor the hashed key of a long secret, nor any
 * 16-byte run of the secret itself.
 *
 * The expected midstates are computed here, with the SHA-256 compression function written
 * out below (FIPS 180-4), not by the library. Each entry point is called from a frame whose
 * 64 KiB of stack below are zeroed first and scanned afterwards, for every 16-byte half of a
 * midstate in the layouts a SHA-256 implementation keeps (native u32 words, big-endian bytes,
 * the SHA-NI ABEF/CDGH register pair) and every 16-byte run of the secret.
 *
 * Built at -O0 without sanitizers (mk/ffi.mk): reading dead stack is outside ISO C, so the
 * scan uses only its own frame, above the scanned region, and calls no function while it
 * runs. Everything it compares with lives in static storage.
 *
 * usage: stack_residue   (exit status 0: clean; 1: residue found, each hit printed) */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "meshes_token.h"

#define SCAN_BYTES 65536u
#define NEEDLE 16u
#define MAX_NEEDLES 512u

/* ---- SHA-256 compression, FIPS 180-4 section 6.2.2 ---- */

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

static const uint32_t IV[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

static uint32_t rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

static void compress(uint32_t state[8], const uint8_t block[64]) {
    uint32_t w[64], v[8];
    for (unsigned i = 0; i < 16; i++) {
        w[i] = (uint32_t)block[4 * i] << 24 | (uint32_t)block[4 * i + 1] << 16 |
               (uint32_t)block[4 * i + 2] << 8 | (uint32_t)block[4 * i + 3];
    }
    for (unsigned i = 16; i < 64; i++) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(v, state, sizeof v);
    for (unsigned i = 0; i < 64; i++) {
        uint32_t s1 = rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25);
        uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
        uint32_t t1 = v[7] + s1 + ch + K[i] + w[i];
        uint32_t s0 = rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22);
        uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
        memmove(v + 1, v, 7 * sizeof v[0]);
        v[4] += t1;
        v[0] = t1 + s0 + maj;
    }
    for (unsigned i = 0; i < 8; i++) state[i] += v[i];
}

/* SHA-256 of a message (only used for a secret longer than one block). */
static void sha256(const uint8_t *msg, size_t len, uint8_t out[32]) {
    uint32_t state[8];
    uint8_t block[64];
    size_t done = 0;
    memcpy(state, IV, sizeof state);
    for (; len - done >= 64; done += 64) compress(state, msg + done);
    memset(block, 0, sizeof block);
    memcpy(block, msg + done, len - done);
    block[len - done] = 0x80;
    if (len - done >= 56) {
        compress(state, block);
        memset(block, 0, sizeof block);
    }
    for (unsigned i = 0; i < 8; i++) block[63 - i] = (uint8_t)((uint64_t)len * 8 >> (8 * i));
    compress(state, block);
    for (unsigned i = 0; i < 32; i++) out[i] = (uint8_t)(state[i / 4] >> (24 - 8 * (i % 4)));
}

/* ---- what must not be found ---- */

static const char ACCESS_KEY[] = "AK7f3kQ9mZ2pL8xR4tV6";
static const char ORG_ID[] = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
/* One secret within an HMAC block, one longer (the key is then its SHA-256). */
static const char *const SECRETS[] = {
    "s3cr3t_Key-with/chars=0123456789abcdefABCDEF",
    "Lq8#vR2!mZ7@kW4$pT9%nY6^bH3&cJ5*dF1(gK0)sA-_xE+=uI/oP?lM<N>zQ;rS:tU,vV.wB~jG[hD]fC{eX}",
};

static uint8_t needles[MAX_NEEDLES][NEEDLE];
static const char *needle_names[MAX_NEEDLES];
static unsigned needle_count;

static void add_needle(const uint8_t *bytes, const char *name) {
    if (needle_count < MAX_NEEDLES) {
        memcpy(needles[needle_count], bytes, NEEDLE);
        needle_names[needle_count++] = name;
    }
}

static void put_le(uint8_t *p, uint32_t w) {
    for (unsigned i = 0; i < 4; i++) p[i] = (uint8_t)(w >> (8 * i));
}

static void put_be(uint8_t *p, uint32_t w) {
    for (unsigned i = 0; i < 4; i++) p[i] = (uint8_t)(w >> (24 - 8 * i));
}

/* Every 16-byte half of a midstate: as u32 words in memory, as the big-endian digest
 * bytes, and as SHA-NI keeps it (xmm ABEF = words F,E,B,A in memory; CDGH = H,G,D,C). */
static void add_midstate(const uint32_t s[8], const char *const names[6]) {
    static const unsigned shani[2][4] = {{5, 4, 1, 0}, {7, 6, 3, 2}};
    uint8_t b[NEEDLE];
    for (unsigned half = 0; half < 2; half++) {
        for (unsigned i = 0; i < 4; i++) put_le(b + 4 * i, s[4 * half + i]);
        add_needle(b, names[3 * half]);
        for (unsigned i = 0; i < 4; i++) put_be(b + 4 * i, s[4 * half + i]);
        add_needle(b, names[3 * half + 1]);
        for (unsigned i = 0; i < 4; i++) put_le(b + 4 * i, s[shani[half][i]]);
        add_needle(b, names[3 * half + 2]);
    }
}

static const char *const INNER[6] = {
    "inner midstate (words 0-3)",      "inner midstate (digest bytes 0-15)",
    "inner midstate (SHA-NI ABEF)",    "inner midstate (words 4-7)",
    "inner midstate (digest bytes 16-31)", "inner midstate (SHA-NI CDGH)"};
static const char *const OUTER[6] = {
    "outer midstate (words 0-3)",      "outer midstate (digest bytes 0-15)",
    "outer midstate (SHA-NI ABEF)",    "outer midstate (words 4-7)",
    "outer midstate (digest bytes 16-31)", "outer midstate (SHA-NI CDGH)"};

static void expect_nothing_of(const char *secret) {
    size_t len = strlen(secret);
    uint8_t key[64] = {0}, block[64];
    uint32_t inner[8], outer[8];
    needle_count = 0;
    for (size_t i = 0; i + NEEDLE <= len; i++) add_needle((const uint8_t *)secret + i, "secret run");
    if (len > 64) {
        sha256((const uint8_t *)secret, len, key);
        add_needle(key, "hashed key");
        add_needle(key + 16, "hashed key");
    } else {
        memcpy(key, secret, len);
    }
    memcpy(inner, IV, sizeof inner);
    memcpy(outer, IV, sizeof outer);
    for (unsigned i = 0; i < 64; i++) block[i] = key[i] ^ 0x36;
    compress(inner, block);
    for (unsigned i = 0; i < 64; i++) block[i] = key[i] ^ 0x5c;
    compress(outer, block);
    add_midstate(inner, INNER);
    add_midstate(outer, OUTER);
}

/* ---- the scan ---- */

static const char *current_secret;
static meshes_signer signer;
static meshes_verifier verifier;
static char token[MESHES_TOKEN_MAX_LEN + 1];
static size_t token_len;
static meshes_status call_status;

/* The address of a local one frame below the caller: where the callee frames begin. */
__attribute__((noinline)) static uintptr_t stack_mark(void) {
    volatile uint8_t here = 0;
    return (uintptr_t)&here;
}

/* Zeroes SCAN_BYTES of stack below the caller's frame, runs `call`, then counts and prints
 * every needle found there. The loops touch only this frame's few scalars. */
__attribute__((noinline)) static unsigned scan_after(void (*call)(void), const char *what) {
    volatile uint8_t *top = (volatile uint8_t *)(stack_mark() & ~(uintptr_t)15);
    volatile uint8_t *low = top - SCAN_BYTES;
    unsigned hits = 0;
    for (size_t i = 0; i < SCAN_BYTES; i++) low[i] = 0;
    call();
    for (size_t at = 0; at + NEEDLE <= SCAN_BYTES; at++) {
        for (unsigned n = 0; n < needle_count; n++) {
            unsigned k = 0;
            while (k < NEEDLE && low[at + k] == needles[n][k]) k++;
            if (k == NEEDLE) {
                hits++;
                printf("  %s: %s found %u bytes below the frame\n", what, needle_names[n],
                       (unsigned)(SCAN_BYTES - at));
            }
        }
    }
    return hits;
}

static void call_init(void) {
    call_status = meshes_signer_init(&signer, ACCESS_KEY, strlen(ACCESS_KEY),
                                     (const uint8_t *)current_secret, strlen(current_secret),
                                     ORG_ID, strlen(ORG_ID));
}

static void call_sign_and_clear(void) {
    call_status = meshes_signer_sign(&signer, 1767225600u, 30, token, sizeof token, &token_len);
    meshes_signer_clear(&signer);
}

static void call_sign_token(void) {
    call_status = meshes_sign_token(ACCESS_KEY, strlen(ACCESS_KEY), (const uint8_t *)current_secret,
                                    strlen(current_secret), ORG_ID, strlen(ORG_ID), 1767225600u,
                                    30, token, sizeof token, &token_len);
}

static void call_verify(void) {
    call_status = meshes_verify_token(token, token_len, (const uint8_t *)current_secret,
                                      strlen(current_secret), 1767225605u, 0, NULL);
}

static void call_verifier_init(void) {
    call_status = meshes_verifier_init(&verifier, (const uint8_t *)current_secret,
                                       strlen(current_secret));
}

static void call_verifier_verify_and_clear(void) {
    call_status = meshes_verifier_verify(&verifier, token, token_len, 1767225605u, 0, NULL);
    meshes_verifier_clear(&verifier);
}

/* Makes sure the whole scanned region is mapped stack before anything relies on it. */
__attribute__((noinline)) static void touch_stack(void) {
    volatile uint8_t room[SCAN_BYTES + 16384];
    for (size_t i = 0; i < sizeof room; i += 4096) room[i] = 0;
}

/* Self-check of the needles: an initialized signer keeps the outer midstate as u32 words. */
static unsigned signer_holds_outer_midstate(void) {
    const uint8_t *bytes = (const uint8_t *)&signer;
    for (size_t at = 0; at + NEEDLE <= sizeof signer; at++) {
        for (unsigned n = 0; n < needle_count; n++) {
            if (needle_names[n] == OUTER[0] &&
                memcmp(bytes + at, needles[n], NEEDLE) == 0) {
                return 1;
            }
        }
    }
    return 0;
}

static unsigned run(void (*call)(void), const char *what) {
    unsigned hits = scan_after(call, what);
    if (call_status != MESHES_OK) {
        printf("  %s: returned %s\n", what, meshes_status_name(call_status));
        hits++;
    }
    return hits;
}

int main(void) {
    unsigned total = 0;
    touch_stack();
    for (size_t s = 0; s < sizeof SECRETS / sizeof SECRETS[0]; s++) {
        unsigned hits = 0;
        current_secret = SECRETS[s];
        expect_nothing_of(current_secret);
        hits += run(call_init, "meshes_signer_init");
        if (!signer_holds_outer_midstate()) {
            printf("  self-check: the initialized signer does not hold the expected outer "
                   "midstate (the needles are wrong)\n");
            hits++;
        }
        hits += run(call_sign_and_clear, "meshes_signer_sign + meshes_signer_clear");
        hits += run(call_sign_token, "meshes_sign_token");
        hits += run(call_verify, "meshes_verify_token");
        hits += run(call_verifier_init, "meshes_verifier_init");
        hits += run(call_verifier_verify_and_clear,
                    "meshes_verifier_verify + meshes_verifier_clear");
        printf("%s: secret of %u bytes, %u needles, %u found\n", hits ? "FAIL" : "ok",
               (unsigned)strlen(current_secret), needle_count, hits);
        total += hits;
    }
    printf("%u residue hit(s) in 64 KiB of dead stack\n", total);
    return total ? 1 : 0;
}
