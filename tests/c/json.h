/* A tiny JSON reader for the vector files: enough for arrays of flat objects whose values are
 * strings, non-negative integers, or one nested object of those.
 *
 * It reads in place: a json_value is a span of the file's text, decoded on demand into the
 * caller's buffer. Everything is bounded: nesting depth (JSON_MAX_DEPTH), key length, and
 * every output by its capacity. Anything unexpected is an error, never a guess, so a change
 * of format fails the tests instead of skipping vectors. */
#ifndef MESHES_JSON_H
#define MESHES_JSON_H

#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_DEPTH 16

typedef struct {
    const char *p;   /* first byte of the value */
    const char *end; /* end of the whole document */
} json_value;

/* Reads a whole file (NUL-terminated copy in *text, to free()) and returns its root value.
 * 0 on success. */
int json_load(const char *path, char **text, json_value *root);

/* The value of `key` in object `obj`. 0 on success, -1 if absent or not an object. */
int json_get(json_value obj, const char *key, json_value *value);

/* Iterates over an array: call json_array_first, then json_array_next until it returns 0.
 * Both return 1 with *elem set, 0 at the end, -1 on a syntax error. */
int json_array_first(json_value array, json_value *elem);
int json_array_next(json_value *elem);

/* Iterates over an object's members: *member is the member's key (a string value; decode it
 * with json_string) and json_member_value gives its value. Same returns as the array
 * iterator. */
int json_member_first(json_value obj, json_value *member);
int json_member_next(json_value *member);
int json_member_value(json_value member, json_value *value);

/* Decodes a string value into out (cap bytes, NUL added), *len excluding the NUL; handles
 * every escape, \u0000 and surrogate pairs included. 0 on success. */
int json_string(json_value v, char *out, size_t cap, size_t *len);

/* A non-negative integer that fits uint64_t (no sign, fraction or exponent). 0 on success. */
int json_u64(json_value v, uint64_t *out);

/* What a number value is to a C unsigned integer of at most `max`. */
typedef enum {
    JSON_UINT_FITS,      /* a whole number from 0 to max: *out holds it */
    JSON_UINT_NEGATIVE,  /* below 0 */
    JSON_UINT_FRACTION,  /* with a fraction or an exponent (not read as a whole number) */
    JSON_UINT_ABOVE,     /* a whole number above max */
    JSON_UINT_NOT_NUMBER /* not a JSON number */
} json_uint_kind;
json_uint_kind json_uint(json_value v, uint64_t max, uint64_t *out);

#endif
