/* Negative control of the link proof on the thumb targets: tests/embedded/canary.rs keeps a
 * panic path, so this firmware must fail to link on meshes_token_no_panic_path_must_survive. */
#include <stddef.h>

#include "firmware.h"

unsigned char canary_index(size_t i);

int firmware_main(void) {
    out_u32(canary_index(7));
    return 0;
}
