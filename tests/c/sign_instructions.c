/* Instructions per call, for the stack-wipe cost of issue 15 item 2 (not a test):
 * `tests/c/sign_instructions.sh` runs this under valgrind's callgrind twice, with N and
 * 11 * N calls, and divides the difference by 10 * N, so start-up and set-up cancel out.
 *
 * usage: sign_instructions signer|one-shot|verify N */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meshes_token.h"

static const char key[] = "AK7f3kQ9mZ2pL8xR4tV6";
static const char secret[] = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
static const char org[] = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";

int main(int argc, char **argv) {
    static meshes_signer signer;
    char out[MESHES_TOKEN_MAX_LEN + 1];
    size_t len = 0;
    unsigned long n, i;
    if (argc != 3) return 2;
    n = strtoul(argv[2], NULL, 10);
    if (meshes_signer_init(&signer, key, strlen(key), (const uint8_t *)secret, strlen(secret), org,
                           strlen(org)) != MESHES_OK ||
        meshes_signer_sign(&signer, 1767225600u, 30, out, sizeof out, &len) != MESHES_OK)
        return 1;
    for (i = 0; i < n; i++) {
        meshes_status st;
        if (strcmp(argv[1], "signer") == 0)
            st = meshes_signer_sign(&signer, 1767225600u + i, 30, out, sizeof out, &len);
        else if (strcmp(argv[1], "one-shot") == 0)
            st = meshes_sign_token(key, strlen(key), (const uint8_t *)secret, strlen(secret), org,
                                   strlen(org), 1767225600u + i, 30, out, sizeof out, &len);
        else
            st = meshes_verify_token(out, len, (const uint8_t *)secret, strlen(secret),
                                     1767225600u, 0, NULL);
        if (st != MESHES_OK) return 1;
    }
    meshes_signer_clear(&signer);
    return 0;
}
