/* Loads one of the aarch64 wheel's extension modules with dlopen(RTLD_NOW) under qemu-aarch64:
 *   load_check PYTHON_STUBS MODULE INIT
 * There is no aarch64 Python here to import it, so PYTHON_STUBS (a library that run.sh
 * generates, defining every Py* symbol the module takes from the interpreter, as data that
 * is never called) stands in for libpython; loading the module then binds every other symbol
 * now, against aarch64 glibc, and finds its INIT function (PyInit__native, PyInit__fast).
 * Nothing of it is run. */
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s PYTHON_STUBS MODULE INIT\n", argv[0]);
        return 2;
    }
    if (dlopen(argv[1], RTLD_NOW | RTLD_GLOBAL) == NULL) {
        fprintf(stderr, "dlopen %s: %s\n", argv[1], dlerror());
        return 1;
    }
    void *module = dlopen(argv[2], RTLD_NOW | RTLD_LOCAL);
    if (module == NULL) {
        fprintf(stderr, "dlopen %s: %s\n", argv[2], dlerror());
        return 1;
    }
    if (dlsym(module, argv[3]) == NULL) {
        fprintf(stderr, "dlsym %s: %s\n", argv[3], dlerror());
        return 1;
    }
    printf("loaded; %s found\n", argv[3]);
    return 0;
}
