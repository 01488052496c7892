/* Stack high-water of the library's calls on the emulated CPU, and the link proof: every entry
 * point of the no_std static library is linked in (the panic handler calls an undefined
 * symbol, so a surviving panic path fails the link). Each call runs on its own stack, a static
 * array painted with 0xA5 (run_on_stack switches SP to its top); the deepest byte that changed
 * is the call's high-water mark, less that of an empty call (the switch's own frame), as
 * tests/embedded/probe.c does on the host with makecontext. */
#include <string.h>

#include "firmware.h"
#include "meshes_token.h"

#define PAINT 0xA5
#ifndef PROBE_STACK
#define PROBE_STACK 8192
#endif

/* Calls fn with SP at stack_top, then restores SP. */
void run_on_stack(void (*fn)(void), void *stack_top);
__asm__(".syntax unified\n"
        ".thumb\n"
        ".section .text.run_on_stack,\"ax\",%progbits\n"
        ".global run_on_stack\n"
        ".type run_on_stack, %function\n"
        ".thumb_func\n"
        "run_on_stack:\n"
        "    push {r4, lr}\n"
        "    mov r4, sp\n"
        "    mov sp, r1\n"
        "    blx r0\n"
        "    mov sp, r4\n"
        "    pop {r4, pc}\n"
        ".size run_on_stack, . - run_on_stack\n");

static const char KEY[] = "AK7f3kQ9mZ2pL8xR4tV6";
static const char SECRET[] = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
static const char ORG[] = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";

static meshes_signer signer;
static meshes_verifier verifier;
static char token[MESHES_TOKEN_MAX_LEN + 1], token2[MESHES_TOKEN_MAX_LEN + 1];
static size_t token_len, token2_len;
static meshes_status status;
static meshes_claims claims;
static unsigned char stack[PROBE_STACK] __attribute__((aligned(8)));
static int overflow;

static void call_nothing(void) { status = MESHES_OK; }
static void call_init(void) {
    status = meshes_signer_init(&signer, KEY, strlen(KEY), (const uint8_t *)SECRET,
                                strlen(SECRET), ORG, strlen(ORG));
}
static void call_sign(void) {
    status = meshes_signer_sign(&signer, 1767225600u, 30, token, sizeof token, &token_len);
}
static void call_verify(void) {
    status = meshes_verify_token(token, token_len, (const uint8_t *)SECRET, strlen(SECRET),
                                 1767225601u, 0, &claims);
}
static void call_verifier_init(void) {
    status = meshes_verifier_init(&verifier, (const uint8_t *)SECRET, strlen(SECRET));
}
static void call_verifier_verify(void) {
    status = meshes_verifier_verify(&verifier, token, token_len, 1767225601u, 0, &claims);
}
static void call_sign_token(void) {
    status = meshes_sign_token(KEY, strlen(KEY), (const uint8_t *)SECRET, strlen(SECRET), ORG,
                               strlen(ORG), 1767225600u, 30, token2, sizeof token2, &token2_len);
}
static void call_key_id(void) {
    char kid[MESHES_ACCESS_KEY_MAX_LEN + 1];
    size_t kid_len = 0;
    status = meshes_token_key_id(token, token_len, kid, sizeof kid, &kid_len);
    if (status == MESHES_OK && (kid_len != strlen(KEY) || memcmp(kid, KEY, kid_len) != 0))
        status = MESHES_ERR_INTERNAL;
}
static void call_rest(void) {
    meshes_signer_clear(&signer);
    meshes_verifier_clear(&verifier);
    status = meshes_status_message(999) != NULL && meshes_version() != NULL &&
                     meshes_status_name(MESHES_ERR_EXPIRED) != NULL
                 ? MESHES_OK
                 : MESHES_ERR_INTERNAL;
}

/* Bytes of the painted stack that fn touched. */
static uint32_t high_water(void (*fn)(void)) {
    size_t i;
    memset(stack, PAINT, sizeof stack);
    run_on_stack(fn, stack + sizeof stack);
    for (i = 0; i < sizeof stack && stack[i] == PAINT; i++) {}
    if (i == 0) overflow = 1;
    return (uint32_t)(sizeof stack - i);
}

static int report(const char *what, uint32_t bytes, uint32_t base, int ok) {
    out_str(what);
    out_u32(bytes - base);
    if (!ok) out_str(" (FAILED)");
    return ok;
}

int firmware_main(void) {
    uint32_t base = high_water(call_nothing);
    uint32_t init = high_water(call_init);
    int ok = 1;
    out_str(CPU_NAME " stack:");
    ok &= report(" init ", init, base, status == MESHES_OK);
    ok &= report(", sign ", high_water(call_sign), base, status == MESHES_OK && token_len == 311);
    ok &= report(", verify ", high_water(call_verify), base, status == MESHES_OK);
    ok &= report(", verifier_init ", high_water(call_verifier_init), base, status == MESHES_OK);
    ok &= report(", verifier_verify ", high_water(call_verifier_verify), base,
                 status == MESHES_OK);
    ok &= report(", sign_token ", high_water(call_sign_token), base,
                 status == MESHES_OK && token2_len == token_len &&
                     memcmp(token, token2, token_len) == 0);
    ok &= report(", key_id ", high_water(call_key_id), base, status == MESHES_OK);
    ok &= report(", others ", high_water(call_rest), base, status == MESHES_OK);
    out_str(" bytes (switch frame ");
    out_u32(base);
    out_str(" excluded)\n");
    if (overflow) {
        out_str("FAIL: a call used all of the painted stack\n");
        ok = 0;
    }
    return ok ? 0 : 1;
}
