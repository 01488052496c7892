/* Compiled (never run) by dist.sh with the cross compiler, against the build machine's Python
 * headers, before they serve a cross build. The stable ABI (Py_LIMITED_API) fixes the layout
 * of everything the extension touches in terms of C types; what pyconfig.h says about those
 * types must then hold on the target too. Every SIZEOF_ and ALIGNOF_ that pyconfig.h states
 * for a C type is asserted here for the compiler at hand; the rest of pyconfig.h describes the
 * interpreter's own build (HAVE_GCC_ASM_FOR_X87 and the like) and reaches no header of the
 * limited API. */
#define Py_LIMITED_API 0x03090000
#include <Python.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <pthread.h>
#include <wchar.h>

#define SAME(expr, value) _Static_assert((expr) == (value), #expr " is not " #value " here")

SAME(sizeof(short), SIZEOF_SHORT);
SAME(sizeof(int), SIZEOF_INT);
SAME(sizeof(long), SIZEOF_LONG);
SAME(sizeof(long long), SIZEOF_LONG_LONG);
SAME(sizeof(float), SIZEOF_FLOAT);
SAME(sizeof(double), SIZEOF_DOUBLE);
SAME(sizeof(long double), SIZEOF_LONG_DOUBLE);
SAME(sizeof(void *), SIZEOF_VOID_P);
SAME(sizeof(size_t), SIZEOF_SIZE_T);
SAME(sizeof(uintptr_t), SIZEOF_UINTPTR_T);
SAME(sizeof(wchar_t), SIZEOF_WCHAR_T);
SAME(sizeof(_Bool), SIZEOF__BOOL);
SAME(sizeof(off_t), SIZEOF_OFF_T);
SAME(sizeof(time_t), SIZEOF_TIME_T);
SAME(sizeof(pid_t), SIZEOF_PID_T);
SAME(sizeof(fpos_t), SIZEOF_FPOS_T);
SAME(sizeof(pthread_t), SIZEOF_PTHREAD_T);
SAME(sizeof(pthread_key_t), SIZEOF_PTHREAD_KEY_T);
SAME(_Alignof(long), ALIGNOF_LONG);
SAME(_Alignof(size_t), ALIGNOF_SIZE_T);
#ifdef ALIGNOF_MAX_ALIGN_T
SAME(_Alignof(max_align_t), ALIGNOF_MAX_ALIGN_T);
#endif
/* Both ends must agree on byte order too (pyconfig.h leaves it to the compiler's macros). */
#ifdef WORDS_BIGENDIAN
SAME(__BYTE_ORDER__, __ORDER_BIG_ENDIAN__);
#else
SAME(__BYTE_ORDER__, __ORDER_LITTLE_ENDIAN__);
#endif
#if defined(DOUBLE_IS_LITTLE_ENDIAN_IEEE754)
SAME(__FLOAT_WORD_ORDER__, __ORDER_LITTLE_ENDIAN__);
#endif
