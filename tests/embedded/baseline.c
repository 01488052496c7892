/* sign_only.c without the library calls: the .text that is not the signing path. */
#include <stdio.h>
#include <string.h>

static const char KEY[] = "AK7f3kQ9mZ2pL8xR4tV6";

int main(void) {
    printf("%d %zu\n", 0, strlen(KEY));
    return 0;
}
