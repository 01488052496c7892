/*
 * meshes_token.hpp: a thin, header-only C++17 wrapper over meshes_token.h.
 *
 * Results are std::string; every failure throws meshes::error, which carries the
 * meshes_status. meshes::signer is RAII: its destructor wipes the key material
 * (meshes_signer_clear). It can be neither copied nor moved, so no stray copy of the key
 * exists; hold it in a std::unique_ptr or std::optional to pass it around.
 */
#ifndef MESHES_TOKEN_HPP
#define MESHES_TOKEN_HPP

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "meshes_token.h"

namespace meshes {

/** A failed call: what() is meshes_status_message(status()). */
class error : public std::runtime_error {
public:
    explicit error(meshes_status status)
        : std::runtime_error(meshes_status_message(status)), status_(status) {}
    /** The C status (never MESHES_OK). */
    meshes_status status() const noexcept { return status_; }

private:
    meshes_status status_;
};

namespace detail {
inline void check(meshes_status status) {
    if (status != MESHES_OK) throw error(status);
}
inline const std::uint8_t *bytes(std::string_view s) noexcept {
    return reinterpret_cast<const std::uint8_t *>(s.data());
}
}  // namespace detail

/** The claims of a verified token. */
struct claims {
    std::string access_key;
    std::string org_id;
    std::uint64_t issued_at = 0;
    std::uint64_t expires_at = 0;
};

/** One token, no signer kept (meshes_sign_token). */
inline std::string sign_token(std::string_view access_key, std::string_view secret,
                              std::string_view org_id, std::uint64_t issued_at,
                              std::uint32_t ttl_seconds = 30) {
    char out[MESHES_TOKEN_MAX_LEN + 1];
    std::size_t len = 0;
    detail::check(meshes_sign_token(access_key.data(), access_key.size(), detail::bytes(secret),
                                    secret.size(), org_id.data(), org_id.size(), issued_at,
                                    ttl_seconds, out, sizeof out, &len));
    return std::string(out, len);
}

/** One token issued now by the system clock (meshes_sign_token_now; std builds). */
inline std::string sign_token_now(std::string_view access_key, std::string_view secret,
                                  std::string_view org_id, std::uint32_t ttl_seconds = 30) {
    char out[MESHES_TOKEN_MAX_LEN + 1];
    std::size_t len = 0;
    detail::check(meshes_sign_token_now(access_key.data(), access_key.size(),
                                        detail::bytes(secret), secret.size(), org_id.data(),
                                        org_id.size(), ttl_seconds, out, sizeof out, &len));
    return std::string(out, len);
}

/** A meshes_signer that is cleared when it goes out of scope. sign() is const and
 *  thread-safe. */
class signer {
public:
    signer(std::string_view access_key, std::string_view secret, std::string_view org_id) {
        detail::check(meshes_signer_init(&raw_, access_key.data(), access_key.size(),
                                         detail::bytes(secret), secret.size(), org_id.data(),
                                         org_id.size()));
    }
    ~signer() { meshes_signer_clear(&raw_); }
    signer(const signer &) = delete;
    signer &operator=(const signer &) = delete;
    signer(signer &&) = delete;
    signer &operator=(signer &&) = delete;

    std::string sign(std::uint64_t issued_at, std::uint32_t ttl_seconds = 30) const {
        char out[MESHES_TOKEN_MAX_LEN + 1];
        std::size_t len = 0;
        detail::check(meshes_signer_sign(&raw_, issued_at, ttl_seconds, out, sizeof out, &len));
        return std::string(out, len);
    }

    /** The C signer, for calls this wrapper does not cover. */
    const meshes_signer *get() const noexcept { return &raw_; }

private:
    meshes_signer raw_{};
};

/** Verifies a token and returns its claims (meshes_verify_token). */
inline claims verify_token(std::string_view token, std::string_view secret, std::uint64_t now,
                           std::uint32_t leeway_seconds = 0) {
    meshes_claims raw{};
    detail::check(meshes_verify_token(token.data(), token.size(), detail::bytes(secret),
                                      secret.size(), now, leeway_seconds, &raw));
    return claims{raw.access_key, raw.org_id, raw.issued_at, raw.expires_at};
}

/** A meshes_verifier for one secret, cleared when it goes out of scope; verify() is const
 *  and thread-safe. A server keeps one per access key and picks it by token_key_id(). */
class verifier {
public:
    explicit verifier(std::string_view secret) {
        detail::check(meshes_verifier_init(&raw_, detail::bytes(secret), secret.size()));
    }
    ~verifier() { meshes_verifier_clear(&raw_); }
    verifier(const verifier &) = delete;
    verifier &operator=(const verifier &) = delete;
    verifier(verifier &&) = delete;
    verifier &operator=(verifier &&) = delete;

    claims verify(std::string_view token, std::uint64_t now,
                  std::uint32_t leeway_seconds = 0) const {
        meshes_claims raw{};
        detail::check(meshes_verifier_verify(&raw_, token.data(), token.size(), now,
                                             leeway_seconds, &raw));
        return claims{raw.access_key, raw.org_id, raw.issued_at, raw.expires_at};
    }

    /** The C verifier, for calls this wrapper does not cover. */
    const meshes_verifier *get() const noexcept { return &raw_; }

private:
    meshes_verifier raw_{};
};

/** A token's kid, unverified (meshes_token_key_id). */
inline std::string token_key_id(std::string_view token) {
    char out[MESHES_ACCESS_KEY_MAX_LEN + 1];
    std::size_t len = 0;
    detail::check(meshes_token_key_id(token.data(), token.size(), out, sizeof out, &len));
    return std::string(out, len);
}

/** The library's version. */
inline const char *version() noexcept { return meshes_version(); }

}  // namespace meshes

#endif /* MESHES_TOKEN_HPP */
