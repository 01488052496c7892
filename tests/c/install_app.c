/* A program built the way users build theirs: cc app.c $(pkg-config --cflags --libs meshes-token) */
#include <stdio.h>
#include <string.h>

#include <meshes_token.h>

int main(void) {
    static const char key[] = "AK7f3kQ9mZ2pL8xR4tV6";
    static const char secret[] = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
    static const char org[] = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
    meshes_signer signer = {{0}};
    char token[MESHES_TOKEN_MAX_LEN + 1];
    size_t len = 0;
    meshes_status st = meshes_signer_init(&signer, key, strlen(key), (const uint8_t *)secret,
                                          strlen(secret), org, strlen(org));
    if (st == MESHES_OK) st = meshes_signer_sign(&signer, 1767225600u, 30, token, sizeof token, &len);
    meshes_signer_clear(&signer);
    if (st != MESHES_OK || len != 311 ||
        strcmp(token + len - 43, "9_BgmO6NbzN3slwudGDyUs8El62p1EgJw4maDWLku5w") != 0) {
        fprintf(stderr, "install_app: %s\n", meshes_status_message(st));
        return 1;
    }
    printf("install_app: meshes-token %s signs the example token\n", meshes_version());
    return 0;
}
