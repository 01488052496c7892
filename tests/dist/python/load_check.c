/* Loads the aarch64 wheel's extension module with dlopen(RTLD_NOW) under qemu-aarch64:
 *   load_check PYTHON_STUBS MODULE
 * There is no aarch64 Python here to import it, so PYTHON_STUBS (a library that run.sh
 * generates, defining every Py* symbol the module takes from the interpreter, as data that
 * is never called) stands in for libpython; loading the module then binds every other symbol
 * now, against aarch64 glibc, and finds its PyInit__native. Nothing of it is run. */
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s PYTHON_STUBS MODULE\n", argv[0]);
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
    if (dlsym(module, "PyInit__native") == NULL) {
        fprintf(stderr, "dlsym PyInit__native: %s\n", dlerror());
        return 1;
    }
    puts("loaded; PyInit__native found");
    return 0;
}
