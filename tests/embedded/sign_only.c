/* The signing path alone: init, sign, clear. Its .text minus that of baseline.c (the same
 * program without the calls) is the code size the signing path costs. */
#include <stdio.h>
#include <string.h>

#include "meshes_token.h"

static const char KEY[] = "AK7f3kQ9mZ2pL8xR4tV6";
static const char SECRET[] = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
static const char ORG[] = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";

int main(void) {
    static meshes_signer signer;
    char out[MESHES_TOKEN_MAX_LEN + 1];
    size_t len = 0;
    meshes_status st;
    st = meshes_signer_init(&signer, KEY, strlen(KEY), (const uint8_t *)SECRET, strlen(SECRET), ORG,
                            strlen(ORG));
    if (st == MESHES_OK) st = meshes_signer_sign(&signer, 1, 30, out, sizeof out, &len);
    meshes_signer_clear(&signer);
    printf("%d %zu\n", (int)st, len);
    return 0;
}
