/* Benchmark (not a test): ns per token of meshes_signer_sign called from C, on the inputs of
 * meshes-token-core's criterion bench. `make bench-c` also runs the same loop in Rust
 * (meshes-token-ffi/examples/sign_loop.rs) for the comparison. The token is checked byte for
 * byte against the reference before it is timed. `bench --json` prints one JSON object (every
 * round's ns/token, the best, the token) for `make bench` (bench/run.py) instead of the line. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "meshes_token.h"

#define TOKENS 2000000u
#define ROUNDS 5

/* Node jsonwebtoken's token for these inputs (tests/vectors/tokens.json, vector "example"). */
static const char reference[] =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IkFLN2Yza1E5bVoycEw4eFI0dFY2In0."
    "eyJpc3MiOiJ1cm46bWVzaGVzOm0ybTpBSzdmM2tROW1aMnBMOHhSNHRWNiIsImF1ZCI6Im1lc2hlcy1hcGkiLCJvcm"
    "ciOiIzZjZjMmE5ZS04YjFkLTRlN2EtOWMyZi01ZDhlMWE3YjRjNjAiLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MTc2"
    "NzIyNTYzMH0.9_BgmO6NbzN3slwudGDyUs8El62p1EgJw4maDWLku5w";

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv) {
    static const char key[] = "AK7f3kQ9mZ2pL8xR4tV6";
    static const char secret[] = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
    static const char org[] = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
    static meshes_signer signer;
    char out[MESHES_TOKEN_MAX_LEN + 1];
    size_t len = 0;
    double best = 1e300, rounds_ns[ROUNDS];
    unsigned sink = 0;
    int round, json = argc > 1 && strcmp(argv[1], "--json") == 0;

    if (meshes_signer_init(&signer, key, strlen(key), (const uint8_t *)secret, strlen(secret), org,
                           strlen(org)) != MESHES_OK)
        return 1;
    if (meshes_signer_sign(&signer, 1767225600u, 30, out, sizeof out, &len) != MESHES_OK ||
        len != sizeof reference - 1 || memcmp(out, reference, len) != 0) {
        fprintf(stderr, "bench: meshes_signer_sign did not make the reference token\n");
        return 1;
    }
    for (round = 0; round < ROUNDS; round++) {
        uint32_t i;
        double start = now_ns(), ns;
        for (i = 0; i < TOKENS; i++) {
            if (meshes_signer_sign(&signer, 1767225600u, 30, out, sizeof out, &len) != MESHES_OK)
                return 1;
            sink += (unsigned char)out[len - 1];
        }
        ns = (now_ns() - start) / TOKENS;
        rounds_ns[round] = ns;
        if (ns < best) best = ns;
    }
    meshes_signer_clear(&signer);
    if (json) {
        printf("{\"tokens_per_round\": %u, \"rounds_ns\": [", TOKENS);
        for (round = 0; round < ROUNDS; round++)
            printf("%s%.3f", round ? ", " : "", rounds_ns[round]);
        printf("], \"best_ns\": %.3f, \"token\": \"%s\", \"sink\": %u}\n", best, out, sink % 2);
        return 0;
    }
    printf("C    meshes_signer_sign: %.1f ns/token (best of %d x %u; %u)\n", best, ROUNDS, TOKENS,
           sink % 2);
    return 0;
}
