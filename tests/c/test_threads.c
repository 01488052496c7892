/* 4 threads x 100,000 tokens on one const signer give exactly the single-threaded tokens.
 * Built again with -fsanitize=thread (`meshes_c_tests_tsan DIR threads`). */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <string.h>

#include "check.h"

#define THREADS 4
#define TOKENS 100000u

static const char KEY[] = "AK7f3kQ9mZ2pL8xR4tV6";
static const char SECRET[] = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
static const char ORG[] = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
static const uint64_t BASE = 1767225600u;

typedef struct {
    const meshes_signer *signer;
    uint64_t first_iat;
    uint64_t digest;   /* FNV-1a over every token, in order */
    unsigned failures; /* statuses other than MESHES_OK */
} job;

static uint64_t fnv1a(uint64_t h, const char *s, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3u;
    }
    return h;
}

static void *run(void *arg) {
    job *j = arg;
    char out[MESHES_TOKEN_MAX_LEN + 1];
    uint32_t i;
    j->digest = 0xcbf29ce484222325u;
    for (i = 0; i < TOKENS; i++) {
        size_t len = 0;
        /* Different times and ttls, so that every token differs. */
        if (meshes_signer_sign(j->signer, j->first_iat + i, 1 + i % 60, out, sizeof out, &len) !=
            MESHES_OK) {
            j->failures++;
            continue;
        }
        j->digest = fnv1a(j->digest, out, len + 1);
    }
    return NULL;
}

void test_threads(void) {
    static meshes_signer signer;
    job single[THREADS], threaded[THREADS];
    pthread_t tid[THREADS];
    int t, started[THREADS];

    case_begin("threads", "4 x 100000 tokens on one const signer");
    CHECK_STATUS(meshes_signer_init(&signer, KEY, strlen(KEY), (const uint8_t *)SECRET,
                                    strlen(SECRET), ORG, strlen(ORG)),
                 MESHES_OK);
    for (t = 0; t < THREADS; t++) {
        memset(&single[t], 0, sizeof single[t]);
        single[t].signer = &signer;
        single[t].first_iat = BASE + (uint64_t)t * TOKENS;
        threaded[t] = single[t];
        run(&single[t]);
    }
    for (t = 0; t < THREADS; t++)
        started[t] = pthread_create(&tid[t], NULL, run, &threaded[t]) == 0;
    for (t = 0; t < THREADS; t++) {
        CHECK(started[t]);
        if (started[t]) pthread_join(tid[t], NULL);
    }
    for (t = 0; t < THREADS; t++) {
        CHECK(single[t].failures == 0 && threaded[t].failures == 0);
        CHECK(threaded[t].digest == single[t].digest);
    }
    meshes_signer_clear(&signer);
    case_end();
}
