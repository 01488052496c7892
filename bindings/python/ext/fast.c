/*
 * meshes_token._fast: the hot paths of the Python package (Signer.sign, Verifier.verify,
 * verify) as plain CPython functions, one C call each.
 *
 * Why it exists (issue 16): through cffi, Signer.sign spent about 370 ns in cffi's call of
 * meshes_signer_sign (converting six arguments, releasing and retaking the GIL), 110 ns in
 * ffi.string(out).decode("ascii") and about 240 ns in the Python glue around them (the output
 * buffer pool, the try blocks), for a Rust sign of about 195 ns. Here one call converts three
 * Python ints, signs into a stack buffer and returns the str: about 250 ns in all. The
 * cffi module meshes_token._native stays for everything else (init, clear, the one-shot
 * sign, key_id, the constants and messages): this module only reads the structs that
 * _native's meshes_signer_init and meshes_verifier_init wrote. Both modules link the same
 * static library (setup.py), so the two copies of it agree on the structs' layout.
 *
 * Stable ABI: built with Py_LIMITED_API = 3.9 for the cp39-abi3 wheel (setup.py), so it uses
 * only what the limited API of 3.9 has: no PyUnicode_New, no buffer protocol, and
 * METH_FASTCALL (in the limited API from 3.10 on) only when the interpreter running it is
 * 3.10 or later (see PyInit__fast); METH_VARARGS otherwise.
 *
 * Errors: a failing status is turned into the package's exception by a Python callable given
 * to setup() (status -> exception instance), so that the classes and messages stay those of
 * _errors.py; this module raises it. An int that its C type cannot hold raises OverflowError,
 * as cffi did, and the caller passes the bad-argument policy's value instead (_convert.py).
 *
 * Lifetime: a signer or verifier is given as its handle, a tuple (cdata, address) that the
 * Python object keeps in one attribute. The cdata owns the struct (ffi.gc runs its clear and
 * frees it when the last reference goes), and the caller's reference to the tuple holds the
 * cdata, so the struct at that address cannot be wiped or freed before the call returns,
 * whatever close() does meanwhile on another thread: close() only swaps in another tuple.
 * These functions never release the GIL: the Rust call takes about 195 ns to sign and well
 * under 1 us to verify, and releasing and retaking the GIL around it would cost more than
 * another thread could gain from it (that round trip is part of what cffi's call cost here).
 * A closed Signer or Verifier holds the handle of a shared zeroed struct, which the library
 * itself refuses as uninitialized (SignerClosed); address 0 is refused here (ValueError).
 * The handle is private to the package: a tuple with a bogus address is undefined behaviour.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#include "meshes_token.h"

#ifndef METH_FASTCALL
/* CPython's flag since 3.7; in the limited API from 3.10. Used only on 3.10+ (PyInit__fast). */
#define METH_FASTCALL 0x0080
#endif

/* Set once by setup(). */
static PyObject *claims_type;    /* meshes_token.Claims */
static PyObject *object_new;     /* object.__new__ */
static PyObject *signer_error;   /* status -> exception, for Signer.sign */
static PyObject *verifier_error; /* status -> exception, for Verifier.verify */
static PyObject *verify_error;   /* status -> exception, for verify */
/* Claims' field names, interned. */
static PyObject *name_access_key, *name_org_id, *name_issued_at, *name_expires_at;

/* Raise handler(status)'s exception; return NULL. */
static PyObject *raise_status(PyObject *handler, meshes_status status) {
    if (handler == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "meshes_token._fast: setup() was not called");
        return NULL;
    }
    PyObject *error = PyObject_CallFunction(handler, "k", (unsigned long)status);
    if (error == NULL) {
        return NULL;
    }
    PyErr_SetObject((PyObject *)Py_TYPE(error), error);
    Py_DECREF(error);
    return NULL;
}

/* The address in a handle (cdata, address); NULL with an exception set on failure. */
static const void *handle_address(PyObject *handle) {
    PyObject *address = PyTuple_GetItem(handle, 1); /* borrowed; the tuple holds it */
    if (address == NULL) {
        return NULL;
    }
    void *pointer = PyLong_AsVoidPtr(address);
    if (pointer == NULL && !PyErr_Occurred()) {
        PyErr_SetString(PyExc_ValueError, "meshes_token._fast: a handle with address 0");
    }
    return pointer;
}

/* A uint64_t from an int: OverflowError if negative or too large. */
static int to_u64(PyObject *value, uint64_t *out) {
    unsigned long long number = PyLong_AsUnsignedLongLong(value);
    if (number == (unsigned long long)-1 && PyErr_Occurred()) {
        return -1;
    }
    *out = (uint64_t)number;
    return 0;
}

/* A uint32_t from an int: OverflowError if negative or too large. */
static int to_u32(PyObject *value, uint32_t *out) {
    unsigned long long number = PyLong_AsUnsignedLongLong(value);
    if (number == (unsigned long long)-1 && PyErr_Occurred()) {
        return -1;
    }
    if (number > UINT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "int too big to convert to uint32_t");
        return -1;
    }
    *out = (uint32_t)number;
    return 0;
}

/* signer_sign(handle, issued_at, ttl) -> str */
static PyObject *signer_sign(PyObject *handle, PyObject *issued_at, PyObject *ttl) {
    uint64_t iat;
    uint32_t ttl_seconds;
    if (to_u64(issued_at, &iat) < 0 || to_u32(ttl, &ttl_seconds) < 0) {
        return NULL;
    }
    const meshes_signer *signer = handle_address(handle);
    if (signer == NULL) {
        return NULL;
    }
    char out[MESHES_TOKEN_MAX_LEN + 1];
    size_t out_len = 0;
    meshes_status status = meshes_signer_sign(signer, iat, ttl_seconds, out, sizeof out, &out_len);
    if (status != MESHES_OK) {
        return raise_status(signer_error, status);
    }
    return PyUnicode_DecodeASCII(out, (Py_ssize_t)out_len, NULL);
}

/* The token's bytes: a bytes object is read in place; a str is encoded as UTF-8 with lone
 * surrogates passed through (as _convert.token does), into *owned. */
static int token_bytes(PyObject *token, PyObject **owned, const char **data, Py_ssize_t *len) {
    if (!PyBytes_CheckExact(token)) {
        if (!PyUnicode_CheckExact(token)) {
            PyErr_SetString(PyExc_TypeError, "meshes_token._fast: token must be str or bytes");
            return -1;
        }
        *owned = PyUnicode_AsEncodedString(token, "utf-8", "surrogatepass");
        if (*owned == NULL) {
            return -1;
        }
        token = *owned;
    }
    char *bytes;
    if (PyBytes_AsStringAndSize(token, &bytes, len) < 0) {
        return -1;
    }
    *data = bytes;
    return 0;
}

/* claims_type with the claims' fields set as its dataclass __init__ sets them: made by
 * object.__new__ (as Claims(...) makes it: PyType_GenericNew would skip CPython's setup of
 * the instance's inline attribute values, and each Claims would then carry a dict of its
 * own, about 300 bytes more), its fields set by object.__setattr__ (the class is frozen),
 * here PyObject_GenericSetAttr. */
static PyObject *make_claims(const meshes_claims *claims) {
    PyObject *values[4] = {
        PyUnicode_DecodeASCII(claims->access_key, (Py_ssize_t)strlen(claims->access_key), NULL),
        PyUnicode_DecodeASCII(claims->org_id, (Py_ssize_t)strlen(claims->org_id), NULL),
        PyLong_FromUnsignedLongLong(claims->issued_at),
        PyLong_FromUnsignedLongLong(claims->expires_at),
    };
    PyObject *names[4] = {name_access_key, name_org_id, name_issued_at, name_expires_at};
    PyObject *result = NULL;
    if (values[0] && values[1] && values[2] && values[3]) {
        result = PyObject_CallFunctionObjArgs(object_new, claims_type, NULL);
        for (int i = 0; result != NULL && i < 4; i++) {
            if (PyObject_GenericSetAttr(result, names[i], values[i]) < 0) {
                Py_CLEAR(result);
            }
        }
    }
    for (int i = 0; i < 4; i++) {
        Py_XDECREF(values[i]);
    }
    return result;
}

/* verifier_verify(handle, token, now, leeway) -> Claims */
static PyObject *verifier_verify(PyObject *handle, PyObject *token, PyObject *now,
                                 PyObject *leeway) {
    uint64_t when;
    uint32_t leeway_seconds;
    PyObject *owned = NULL;
    const char *data;
    Py_ssize_t len;
    if (to_u64(now, &when) < 0 || to_u32(leeway, &leeway_seconds) < 0 ||
        token_bytes(token, &owned, &data, &len) < 0) {
        Py_XDECREF(owned);
        return NULL;
    }
    PyObject *result = NULL;
    const meshes_verifier *verifier = handle_address(handle);
    if (verifier != NULL) {
        meshes_claims claims;
        meshes_status status =
            meshes_verifier_verify(verifier, data, (size_t)len, when, leeway_seconds, &claims);
        result = status == MESHES_OK ? make_claims(&claims) : raise_status(verifier_error, status);
    }
    Py_XDECREF(owned);
    return result;
}

/* The secret's bytes: a bytes or bytearray object is read in place (no other thread can
 * resize a bytearray while this holds the GIL); a str is encoded as UTF-8 into *owned, as
 * _convert.secret_bytes does: one that UTF-8 cannot encode (a lone surrogate) is the empty
 * secret, which the library refuses (MESHES_ERR_SECRET, in its order), and the encoder's
 * error, which holds the whole string, is dropped. */
static int secret_bytes(PyObject *secret, PyObject **owned, const char **data, Py_ssize_t *len) {
    *data = "";
    *len = 0;
    if (PyByteArray_Check(secret)) {
        *data = PyByteArray_AsString(secret);
        *len = PyByteArray_Size(secret);
        return 0;
    }
    if (PyUnicode_CheckExact(secret)) {
        *owned = PyUnicode_AsUTF8String(secret);
        if (*owned == NULL) {
            if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) {
                return -1;
            }
            PyErr_Clear(); /* the empty secret */
            return 0;
        }
        secret = *owned;
    } else if (!PyBytes_CheckExact(secret)) {
        PyErr_SetString(PyExc_TypeError,
                        "meshes_token._fast: secret must be str, bytes or bytearray");
        return -1;
    }
    char *bytes;
    if (PyBytes_AsStringAndSize(secret, &bytes, len) < 0) {
        return -1;
    }
    *data = bytes;
    return 0;
}

/* verify_token(token, secret, now, leeway) -> Claims */
static PyObject *verify_token(PyObject *token, PyObject *secret, PyObject *now,
                              PyObject *leeway) {
    uint64_t when;
    uint32_t leeway_seconds;
    PyObject *owned_token = NULL, *owned_secret = NULL;
    const char *data, *secret_data;
    Py_ssize_t len, secret_len;
    PyObject *result = NULL;
    if (to_u64(now, &when) == 0 && to_u32(leeway, &leeway_seconds) == 0 &&
        token_bytes(token, &owned_token, &data, &len) == 0 &&
        secret_bytes(secret, &owned_secret, &secret_data, &secret_len) == 0) {
        meshes_claims claims;
        meshes_status status =
            meshes_verify_token(data, (size_t)len, (const uint8_t *)secret_data,
                                (size_t)secret_len, when, leeway_seconds, &claims);
        result = status == MESHES_OK ? make_claims(&claims) : raise_status(verify_error, status);
    }
    Py_XDECREF(owned_secret);
    Py_XDECREF(owned_token);
    return result;
}

/* setup(claims_type, signer_error, verifier_error, verify_error) -> None, once at import. */
static PyObject *setup(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *type, *on_signer, *on_verifier, *on_verify;
    if (!PyArg_ParseTuple(args, "OOOO:setup", &type, &on_signer, &on_verifier, &on_verify)) {
        return NULL;
    }
    if (!PyType_Check(type)) {
        PyErr_SetString(PyExc_TypeError, "setup: claims_type must be a class");
        return NULL;
    }
    if (object_new == NULL) {
        object_new = PyObject_GetAttrString((PyObject *)&PyBaseObject_Type, "__new__");
        if (object_new == NULL) {
            return NULL;
        }
    }
    PyObject **slots[4] = {&claims_type, &signer_error, &verifier_error, &verify_error};
    PyObject *values[4] = {type, on_signer, on_verifier, on_verify};
    for (int i = 0; i < 4; i++) {
        PyObject *old = *slots[i];
        Py_INCREF(values[i]);
        *slots[i] = values[i];
        Py_XDECREF(old);
    }
    Py_RETURN_NONE;
}

/* The calling conventions: METH_FASTCALL on 3.10+ (no argument tuple is built: measured
 * 250 ns against 285 ns per signer_sign, about 750 ns against 760 ns per verifier_verify),
 * else METH_VARARGS. Each checks the count, then calls the function above. */

static int check_count(const char *name, Py_ssize_t given, Py_ssize_t wanted) {
    if (given != wanted) {
        PyErr_Format(PyExc_TypeError, "%s() takes exactly %zd arguments (%zd given)", name,
                     wanted, given);
        return -1;
    }
    return 0;
}

static PyObject *signer_sign_fast(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (check_count("signer_sign", nargs, 3) < 0) {
        return NULL;
    }
    return signer_sign(args[0], args[1], args[2]);
}

static PyObject *verifier_verify_fast(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (check_count("verifier_verify", nargs, 4) < 0) {
        return NULL;
    }
    return verifier_verify(args[0], args[1], args[2], args[3]);
}

static PyObject *verify_token_fast(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (check_count("verify_token", nargs, 4) < 0) {
        return NULL;
    }
    return verify_token(args[0], args[1], args[2], args[3]);
}

static PyObject *signer_sign_varargs(PyObject *module, PyObject *args) {
    (void)module;
    if (check_count("signer_sign", PyTuple_Size(args), 3) < 0) {
        return NULL;
    }
    return signer_sign(PyTuple_GetItem(args, 0), PyTuple_GetItem(args, 1),
                       PyTuple_GetItem(args, 2));
}

static PyObject *verifier_verify_varargs(PyObject *module, PyObject *args) {
    (void)module;
    if (check_count("verifier_verify", PyTuple_Size(args), 4) < 0) {
        return NULL;
    }
    return verifier_verify(PyTuple_GetItem(args, 0), PyTuple_GetItem(args, 1),
                           PyTuple_GetItem(args, 2), PyTuple_GetItem(args, 3));
}

static PyObject *verify_token_varargs(PyObject *module, PyObject *args) {
    (void)module;
    if (check_count("verify_token", PyTuple_Size(args), 4) < 0) {
        return NULL;
    }
    return verify_token(PyTuple_GetItem(args, 0), PyTuple_GetItem(args, 1),
                        PyTuple_GetItem(args, 2), PyTuple_GetItem(args, 3));
}

#define SIGNER_SIGN_DOC "signer_sign(handle, issued_at, ttl) -> str: meshes_signer_sign."
#define VERIFIER_VERIFY_DOC \
    "verifier_verify(handle, token, now, leeway) -> Claims: meshes_verifier_verify."
#define VERIFY_TOKEN_DOC "verify_token(token, secret, now, leeway) -> Claims: meshes_verify_token."
#define SETUP_DOC "setup(claims_type, signer_error, verifier_error, verify_error) -> None."

/* The casts through void (*)(void) keep GCC's -Wcast-function-type quiet: CPython calls each
 * with the signature its flags name. */
#define METHOD(function) ((PyCFunction)(void (*)(void))(function))

static PyMethodDef fastcall_methods[] = {
    {"signer_sign", METHOD(signer_sign_fast), METH_FASTCALL, SIGNER_SIGN_DOC},
    {"verifier_verify", METHOD(verifier_verify_fast), METH_FASTCALL, VERIFIER_VERIFY_DOC},
    {"verify_token", METHOD(verify_token_fast), METH_FASTCALL, VERIFY_TOKEN_DOC},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef varargs_methods[] = {
    {"signer_sign", signer_sign_varargs, METH_VARARGS, SIGNER_SIGN_DOC},
    {"verifier_verify", verifier_verify_varargs, METH_VARARGS, VERIFIER_VERIFY_DOC},
    {"verify_token", verify_token_varargs, METH_VARARGS, VERIFY_TOKEN_DOC},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef common_methods[] = {
    {"setup", setup, METH_VARARGS, SETUP_DOC},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    "meshes_token._fast",
    "The package's hot paths in C: Signer.sign, Verifier.verify, verify (see _fast.c).",
    -1,
    common_methods,
    NULL,
    NULL,
    NULL,
    NULL,
};

/* Whether the running interpreter is 3.10 or later (sys.version_info), where METH_FASTCALL
 * is part of the stable ABI. */
static int fastcall_supported(void) {
    PyObject *version_info = PySys_GetObject("version_info"); /* borrowed */
    if (version_info == NULL) {
        return 0;
    }
    PyObject *major = PySequence_GetItem(version_info, 0);
    PyObject *minor = PySequence_GetItem(version_info, 1);
    long major_number = major ? PyLong_AsLong(major) : -1;
    long minor_number = minor ? PyLong_AsLong(minor) : -1;
    Py_XDECREF(major);
    Py_XDECREF(minor);
    PyErr_Clear();
    return major_number > 3 || (major_number == 3 && minor_number >= 10);
}

PyMODINIT_FUNC PyInit__fast(void) {
    if (name_access_key == NULL) {
        name_access_key = PyUnicode_InternFromString("access_key");
        name_org_id = PyUnicode_InternFromString("org_id");
        name_issued_at = PyUnicode_InternFromString("issued_at");
        name_expires_at = PyUnicode_InternFromString("expires_at");
        if (!name_access_key || !name_org_id || !name_issued_at || !name_expires_at) {
            return NULL;
        }
    }
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL) {
        return NULL;
    }
    PyMethodDef *methods = fastcall_supported() ? fastcall_methods : varargs_methods;
    if (PyModule_AddFunctions(module, methods) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
