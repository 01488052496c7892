/* Loads a prebuilt library of the npm package with dlopen() and mints one token with it:
 *   prebuild_mint LIBRARY ACCESS_KEY SECRET ORG_ID ISSUED_AT TTL
 * prints the token, or the failing step on stderr. run.sh cross-compiles it with
 * aarch64-linux-gnu-gcc and runs it under qemu-aarch64 on prebuilds/linux-arm64, the one
 * prebuild this machine cannot load in Node: so the arm64 file of the tarball, not a copy
 * built for the test, is shown to load on aarch64 glibc and to mint the expected bytes. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meshes_token.h"

typedef meshes_status (*sign_fn)(const char *, size_t, const uint8_t *, size_t, const char *,
                                 size_t, uint64_t, uint32_t, char *, size_t, size_t *);

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: %s LIBRARY ACCESS_KEY SECRET ORG_ID ISSUED_AT TTL\n", argv[0]);
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    sign_fn sign;
    *(void **)&sign = dlsym(lib, "meshes_sign_token");
    if (sign == NULL) {
        fprintf(stderr, "dlsym meshes_sign_token: %s\n", dlerror());
        return 1;
    }
    char token[MESHES_TOKEN_MAX_LEN + 1];
    size_t len = 0;
    meshes_status st = sign(argv[2], strlen(argv[2]), (const uint8_t *)argv[3], strlen(argv[3]),
                            argv[4], strlen(argv[4]), strtoull(argv[5], NULL, 10),
                            (uint32_t)strtoul(argv[6], NULL, 10), token, sizeof token, &len);
    if (st != MESHES_OK) {
        fprintf(stderr, "meshes_sign_token: status %u\n", (unsigned)st);
        return 1;
    }
    printf("%.*s\n", (int)len, token);
    return 0;
}
