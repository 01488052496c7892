// mint.c through the C++17 wrapper meshes_token.hpp: prints the README's example token and the
// library's version; a wrong secret must throw meshes::error with MESHES_ERR_SIGNATURE.
#include <cstdio>
#include <iostream>

#include <meshes_token.hpp>

int main() {
    try {
        const meshes::signer signer("AK7f3kQ9mZ2pL8xR4tV6",
                                    "s3cr3t_Key-with/chars=0123456789abcdefABCDEF",
                                    "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60");
        const std::string token = signer.sign(1767225600u, 30);
        const meshes::claims claims =
            meshes::verify_token(token, "s3cr3t_Key-with/chars=0123456789abcdefABCDEF", 1767225610u);
        if (claims.issued_at != 1767225600u || claims.expires_at != 1767225630u ||
            claims.org_id != "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60") {
            std::cerr << "mint.cpp: verified claims differ\n";
            return 1;
        }
        try {
            meshes::verify_token(token, "s3cr3t_Key-with/chars=0123456789abcdefABCDEX", 1767225610u);
            std::cerr << "mint.cpp: a wrong secret verified\n";
            return 1;
        } catch (const meshes::error &e) {
            if (e.status() != MESHES_ERR_SIGNATURE) {
                std::cerr << "mint.cpp: wrong secret gave " << e.what() << "\n";
                return 1;
            }
        }
        std::cout << token << "\n" << meshes::version() << "\n";
        return 0;
    } catch (const meshes::error &e) {
        std::cerr << "mint.cpp: " << e.what() << "\n";
        return 1;
    }
}
