// The C header compiles as C++ (extern "C" guards), with every warning as an error.
#include "meshes_token.h"

extern "C" int header_compiles_cpp();
int header_compiles_cpp() {
    meshes_signer signer = {};
    meshes_status st = MESHES_OK;
    meshes_signer_clear(&signer);
    meshes_verifier verifier = {};
    meshes_verifier_clear(&verifier);
    return static_cast<int>(st) + static_cast<int>(sizeof(meshes_claims));
}
