/* The C test suite of the meshes-token C ABI.
 *
 * usage: meshes_c_tests VECTORS_DIR [threads]
 * With "threads", only the multi-threaded test runs (the ThreadSanitizer build). */
#include <stdio.h>
#include <string.h>

#include "check.h"

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s VECTORS_DIR [threads]\n", argv[0]);
        return 2;
    }
    if (argc > 2 && strcmp(argv[2], "threads") == 0) {
        test_threads();
        return check_summary();
    }
    test_vectors(argv[1]);
    test_bad_calls(argv[1]);
    test_api();
    test_signer();
    test_verifier();
    test_overlap();
    test_threads();
    return check_summary();
}
