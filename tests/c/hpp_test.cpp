// The C++17 wrapper: RAII signer, std::string results, meshes::error carrying the status.
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>

#include "meshes_token.hpp"

static int passed, failed;

#define EXPECT(cond)                                                             \
    do {                                                                         \
        if (cond) {                                                              \
            passed++;                                                            \
        } else {                                                                 \
            failed++;                                                            \
            std::fprintf(stderr, "FAIL hpp_test.cpp:%d: %s\n", __LINE__, #cond); \
        }                                                                        \
    } while (0)

template <typename F>
static meshes_status status_of(F f) {
    try {
        f();
    } catch (const meshes::error &e) {
        return e.status();
    }
    return MESHES_OK;
}

int main() {
    const std::string key = "AK7f3kQ9mZ2pL8xR4tV6";
    const std::string secret = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
    const std::string org = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
    const std::uint64_t iat = 1767225600u;

    const std::string token = meshes::sign_token(key, secret, org, iat, 30);
    EXPECT(token.size() == 311);
    EXPECT(token.substr(token.size() - 44) == ".9_BgmO6NbzN3slwudGDyUs8El62p1EgJw4maDWLku5w");
    {
        auto s = std::make_unique<meshes::signer>(key, secret, org);
        EXPECT(s->sign(iat, 30) == token);
        EXPECT(status_of([&] { s->sign(iat, 61); }) == MESHES_ERR_TTL);
    }
    const meshes::claims c = meshes::verify_token(token, secret, iat + 1);
    EXPECT(c.access_key == key && c.org_id == org && c.issued_at == iat && c.expires_at == iat + 30);
    EXPECT(meshes::token_key_id(token) == key);
    EXPECT(status_of([&] { meshes::verify_token(token, secret, iat + 30); }) == MESHES_ERR_EXPIRED);
    {
        const meshes::verifier v(secret);
        const meshes::claims vc = v.verify(token, iat + 1);
        EXPECT(vc.access_key == key && vc.org_id == org && vc.expires_at == iat + 30);
        EXPECT(status_of([&] { v.verify(token, iat + 30); }) == MESHES_ERR_EXPIRED);
    }
    EXPECT(status_of([&] { meshes::verifier bad("secret\n"); }) == MESHES_ERR_SECRET);
    EXPECT(status_of([&] { meshes::signer bad(key, "secret\n", org); }) == MESHES_ERR_SECRET);
    EXPECT(status_of([&] { meshes::sign_token(key, secret, "ORG", iat); }) == MESHES_ERR_ORG_ID);
    try {
        meshes::token_key_id("nope");
        EXPECT(false);
    } catch (const meshes::error &e) {
        EXPECT(e.status() == MESHES_ERR_MALFORMED && std::strcmp(e.what(), "malformed token") == 0);
    }
    EXPECT(meshes::verify_token(meshes::sign_token_now(key, secret, org), secret,
                                static_cast<std::uint64_t>(std::time(nullptr)))
               .org_id == org);
    EXPECT(std::strlen(meshes::version()) > 0);

    std::printf("hpp: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
