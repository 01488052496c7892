/* Links every entry point of the no_std static library into one C program (the link is the
 * proof that no panic path survives), then measures the stack high-water of
 * meshes_signer_init, meshes_signer_sign, meshes_verify_token and meshes_verifier_verify: each
 * runs on its own
 * painted stack (makecontext), and the deepest byte that changed is its high-water mark. */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

#include "meshes_token.h"

#define STACK_SIZE (64 * 1024)
#define PAINT 0xA5

static const char KEY[] = "AK7f3kQ9mZ2pL8xR4tV6";
static const char SECRET[] = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
static const char ORG[] = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";

static meshes_signer signer;
static meshes_verifier verifier;
static char token[MESHES_TOKEN_MAX_LEN + 1];
static size_t token_len;
static meshes_status status;
static ucontext_t main_ctx, probe_ctx;
static unsigned char stack[STACK_SIZE] __attribute__((aligned(64)));

static void call_nothing(void) { status = MESHES_OK; }
static void call_init(void) {
    status = meshes_signer_init(&signer, KEY, strlen(KEY), (const uint8_t *)SECRET, strlen(SECRET),
                                ORG, strlen(ORG));
}
static void call_sign(void) {
    status = meshes_signer_sign(&signer, 1767225600u, 30, token, sizeof token, &token_len);
}
static void call_verify(void) {
    meshes_claims claims;
    status = meshes_verify_token(token, token_len, (const uint8_t *)SECRET, strlen(SECRET),
                                 1767225601u, 0, &claims);
}

static void call_verifier_verify(void) {
    meshes_claims claims;
    status = meshes_verifier_verify(&verifier, token, token_len, 1767225601u, 0, &claims);
}

static void (*volatile probe_fn)(void);
static void trampoline(void) { probe_fn(); }

/* Bytes of the painted stack that `fn` touched. */
static size_t high_water(void (*fn)(void)) {
    size_t i;
    memset(stack, PAINT, sizeof stack);
    probe_fn = fn;
    getcontext(&probe_ctx);
    probe_ctx.uc_stack.ss_sp = stack;
    probe_ctx.uc_stack.ss_size = sizeof stack;
    probe_ctx.uc_link = &main_ctx;
    makecontext(&probe_ctx, trampoline, 0);
    swapcontext(&main_ctx, &probe_ctx);
    for (i = 0; i < sizeof stack && stack[i] == PAINT; i++) {}
    return sizeof stack - i;
}

int main(void) {
    size_t base, init, sign, verify, verifier_verify;
    char kid[MESHES_ACCESS_KEY_MAX_LEN + 1];
    size_t kid_len;
    int ok = 1;

    base = high_water(call_nothing);
    init = high_water(call_init);
    ok &= status == MESHES_OK;
    sign = high_water(call_sign);
    ok &= status == MESHES_OK && token_len == 311;
    verify = high_water(call_verify);
    ok &= status == MESHES_OK;
    ok &= meshes_verifier_init(&verifier, (const uint8_t *)SECRET, strlen(SECRET)) == MESHES_OK;
    verifier_verify = high_water(call_verifier_verify);
    ok &= status == MESHES_OK;
    meshes_verifier_clear(&verifier);

    /* The remaining entry points, so that the link covers every one of them. */
    ok &= meshes_token_key_id(token, token_len, kid, sizeof kid, &kid_len) == MESHES_OK;
    ok &= meshes_sign_token(KEY, strlen(KEY), (const uint8_t *)SECRET, strlen(SECRET), ORG,
                            strlen(ORG), 1767225600u, 30, token, sizeof token, &token_len) == MESHES_OK;
    ok &= meshes_status_message(999) != NULL && meshes_version() != NULL;
    meshes_signer_clear(&signer);

    /* Figures exclude the trampoline's own frame (the empty call's high-water). */
    printf("stack: init %zu, sign %zu, verify %zu, verifier_verify %zu bytes (trampoline %zu "
           "excluded)\n",
           init - base, sign - base, verify - base, verifier_verify - base, base);
    if (!ok) {
        fprintf(stderr, "probe: a call failed\n");
        return 1;
    }
    return 0;
}
