#include <stddef.h>
#include <stdio.h>

unsigned char canary_index(size_t i);

int main(int argc, char **argv) {
    (void)argv;
    printf("%d\n", canary_index((size_t)argc));
    return 0;
}
