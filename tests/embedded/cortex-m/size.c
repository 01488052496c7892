/* The firmware whose sections, less those of the same firmware built with CALLS=0, are what the
 * library costs in flash and RAM (run.sh compares them with arm-none-eabi-size):
 *   CALLS=0  no library call (the baseline: start-up, semihosting, this file)
 *   CALLS=1  the signing path: meshes_signer_init, meshes_signer_sign, meshes_signer_clear
 *   CALLS=2  every entry point (signing, one-shot signing, verifying, key id, names) */
#include <string.h>

#include "firmware.h"
#include "meshes_token.h"

static const char KEY[] = "AK7f3kQ9mZ2pL8xR4tV6";
static const char SECRET[] = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
static const char ORG[] = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";

/* The caller's buffers, in every variant: they are the caller's RAM, not the library's. */
static meshes_signer signer;
static char out[MESHES_TOKEN_MAX_LEN + 1];

int firmware_main(void) {
    uint32_t st = 0;
    size_t len = strlen(KEY) + strlen(SECRET) + strlen(ORG);
    memset(&signer, 0, sizeof signer);
    memset(out, 0, sizeof out);
#if CALLS > 0
    st = meshes_signer_init(&signer, KEY, strlen(KEY), (const uint8_t *)SECRET, strlen(SECRET),
                            ORG, strlen(ORG));
    if (st == MESHES_OK) st = meshes_signer_sign(&signer, 1, 30, out, sizeof out, &len);
    meshes_signer_clear(&signer);
#endif
#if CALLS > 1
    {
        meshes_claims claims;
        char kid[MESHES_ACCESS_KEY_MAX_LEN + 1];
        st |= meshes_sign_token(KEY, strlen(KEY), (const uint8_t *)SECRET, strlen(SECRET), ORG,
                                strlen(ORG), 1, 30, out, sizeof out, &len);
        st |= meshes_verify_token(out, len, (const uint8_t *)SECRET, strlen(SECRET), 2, 0,
                                  &claims);
        st |= meshes_token_key_id(out, len, kid, sizeof kid, &len);
        out_str(meshes_status_message(st));
        out_str(meshes_status_name(st));
        out_str(meshes_version());
    }
#endif
    out_str(out);
    out_u32(st);
    out_u32((uint32_t)len);
    return 0;
}
