#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *ws(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
    return p;
}

/* Past the closing quote of the string starting at p, or NULL. */
static const char *skip_string(const char *p, const char *end) {
    if (p >= end || *p != '"') return NULL;
    for (p++; p < end; p++) {
        if (*p == '\\') {
            if (++p >= end) return NULL;
        } else if (*p == '"') {
            return p + 1;
        } else if ((unsigned char)*p < 0x20) {
            return NULL;
        }
    }
    return NULL;
}

static const char *skip_value(const char *p, const char *end, int depth);

/* Past the object or array starting at p, or NULL. */
static const char *skip_container(const char *p, const char *end, int depth) {
    char close = *p == '{' ? '}' : ']';
    int object = *p == '{';
    if (depth >= JSON_MAX_DEPTH) return NULL;
    p = ws(p + 1, end);
    if (p < end && *p == close) return p + 1;
    for (;;) {
        if (object) {
            p = skip_string(p, end);
            if (!p) return NULL;
            p = ws(p, end);
            if (p >= end || *p != ':') return NULL;
            p = ws(p + 1, end);
        }
        p = skip_value(p, end, depth + 1);
        if (!p) return NULL;
        p = ws(p, end);
        if (p < end && *p == ',') {
            p = ws(p + 1, end);
        } else if (p < end && *p == close) {
            return p + 1;
        } else {
            return NULL;
        }
    }
}

static const char *skip_value(const char *p, const char *end, int depth) {
    if (p >= end) return NULL;
    if (*p == '"') return skip_string(p, end);
    if (*p == '{' || *p == '[') return skip_container(p, end, depth);
    if (*p == '-' || (*p >= '0' && *p <= '9')) {
        while (p < end && *p && strchr("-+.eE0123456789", *p)) p++;
        return p;
    }
    if (end - p >= 4 && (!memcmp(p, "true", 4) || !memcmp(p, "null", 4))) return p + 4;
    if (end - p >= 5 && !memcmp(p, "false", 5)) return p + 5;
    return NULL;
}

int json_load(const char *path, char **text, json_value *root) {
    FILE *f = fopen(path, "rb");
    long size;
    size_t got;
    const char *end;
    *text = NULL;
    if (!f) return -1;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
        size > 64L * 1024 * 1024) {
        fclose(f);
        return -1;
    }
    *text = malloc((size_t)size + 1);
    if (!*text) {
        fclose(f);
        return -1;
    }
    got = fread(*text, 1, (size_t)size, f);
    fclose(f);
    if (got != (size_t)size) return -1;
    (*text)[size] = '\0';
    end = *text + size;
    root->p = ws(*text, end);
    root->end = end;
    /* The whole document must be one well-formed value. */
    {
        const char *after = skip_value(root->p, end, 0);
        if (!after || ws(after, end) != end) return -1;
    }
    return 0;
}

int json_get(json_value obj, const char *key, json_value *value) {
    const char *p = obj.p, *end = obj.end;
    char name[64];
    size_t name_len;
    if (p >= end || *p != '{') return -1;
    p = ws(p + 1, end);
    if (p < end && *p == '}') return -1;
    for (;;) {
        json_value k;
        k.p = p;
        k.end = end;
        if (json_string(k, name, sizeof name, &name_len) != 0) return -1;
        p = ws(skip_string(p, end), end);
        if (p >= end || *p != ':') return -1;
        p = ws(p + 1, end);
        if (strlen(key) == name_len && memcmp(key, name, name_len) == 0) {
            value->p = p;
            value->end = end;
            return 0;
        }
        p = skip_value(p, end, 1);
        if (!p) return -1;
        p = ws(p, end);
        if (p < end && *p == ',') {
            p = ws(p + 1, end);
        } else {
            return -1; /* '}' (not found) or a syntax error */
        }
    }
}

int json_array_first(json_value array, json_value *elem) {
    const char *p = array.p, *end = array.end;
    if (p >= end || *p != '[') return -1;
    p = ws(p + 1, end);
    if (p < end && *p == ']') return 0;
    elem->p = p;
    elem->end = end;
    return 1;
}

int json_array_next(json_value *elem) {
    const char *p = skip_value(elem->p, elem->end, 1), *end = elem->end;
    if (!p) return -1;
    p = ws(p, end);
    if (p < end && *p == ']') return 0;
    if (p >= end || *p != ',') return -1;
    elem->p = ws(p + 1, end);
    return 1;
}

static int hex4(const char *p, const char *end, unsigned *out) {
    int i;
    *out = 0;
    if (end - p < 4) return -1;
    for (i = 0; i < 4; i++) {
        char c = p[i];
        unsigned d;
        if (c >= '0' && c <= '9') d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') d = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') d = (unsigned)(c - 'A' + 10);
        else return -1;
        *out = *out * 16 + d;
    }
    return 0;
}

/* Appends n bytes; -1 if they (and the final NUL) do not fit. */
static int put(char *out, size_t cap, size_t *len, const char *bytes, size_t n) {
    if (n >= cap - *len) return -1;
    memcpy(out + *len, bytes, n);
    *len += n;
    return 0;
}

int json_string(json_value v, char *out, size_t cap, size_t *len) {
    const char *p = v.p, *end = v.end;
    *len = 0;
    if (cap == 0 || p >= end || *p != '"') return -1;
    for (p++; p < end && *p != '"'; p++) {
        char buf[4];
        size_t n = 1;
        if (*p != '\\') {
            if ((unsigned char)*p < 0x20) return -1;
            buf[0] = *p;
        } else {
            if (++p >= end) return -1;
            switch (*p) {
            case '"': case '\\': case '/': buf[0] = *p; break;
            case 'b': buf[0] = '\b'; break;
            case 'f': buf[0] = '\f'; break;
            case 'n': buf[0] = '\n'; break;
            case 'r': buf[0] = '\r'; break;
            case 't': buf[0] = '\t'; break;
            case 'u': {
                unsigned cp, lo;
                if (hex4(p + 1, end, &cp) != 0) return -1;
                p += 4;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (end - p < 7 || p[1] != '\\' || p[2] != 'u' || hex4(p + 3, end, &lo) != 0 ||
                        lo < 0xDC00 || lo > 0xDFFF)
                        return -1;
                    p += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return -1;
                }
                if (cp < 0x80) {
                    buf[0] = (char)cp;
                } else if (cp < 0x800) {
                    buf[0] = (char)(0xC0 | (cp >> 6));
                    buf[1] = (char)(0x80 | (cp & 0x3F));
                    n = 2;
                } else if (cp < 0x10000) {
                    buf[0] = (char)(0xE0 | (cp >> 12));
                    buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                    buf[2] = (char)(0x80 | (cp & 0x3F));
                    n = 3;
                } else {
                    buf[0] = (char)(0xF0 | (cp >> 18));
                    buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
                    buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
                    buf[3] = (char)(0x80 | (cp & 0x3F));
                    n = 4;
                }
                break;
            }
            default: return -1;
            }
        }
        if (put(out, cap, len, buf, n) != 0) return -1;
    }
    if (p >= end) return -1;
    out[*len] = '\0';
    return 0;
}

int json_u64(json_value v, uint64_t *out) {
    const char *p = v.p, *end = v.end;
    uint64_t n = 0;
    if (p >= end || *p < '0' || *p > '9') return -1;
    if (*p == '0' && p + 1 < end && p[1] >= '0' && p[1] <= '9') return -1;
    for (; p < end && *p >= '0' && *p <= '9'; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (n > (UINT64_MAX - d) / 10) return -1;
        n = n * 10 + d;
    }
    if (p < end && *p && strchr(".eE-+", *p)) return -1;
    *out = n;
    return 0;
}

json_uint_kind json_uint(json_value v, uint64_t max, uint64_t *out) {
    const char *p = v.p, *end = v.end;
    int negative = p < end && *p == '-', above = 0, nonzero = 0;
    uint64_t n = 0;
    if (negative) p++;
    if (p >= end || *p < '0' || *p > '9') return JSON_UINT_NOT_NUMBER;
    if (*p == '0' && p + 1 < end && p[1] >= '0' && p[1] <= '9') return JSON_UINT_NOT_NUMBER;
    for (; p < end && *p >= '0' && *p <= '9'; p++) {
        unsigned d = (unsigned)(*p - '0');
        nonzero |= d != 0;
        if (above || d > max || n > (max - d) / 10) above = 1;
        else n = n * 10 + d;
    }
    if (p < end && *p == '.') /* the fraction's digits make a value below 0 nonzero too */
        for (p++; p < end && *p >= '0' && *p <= '9'; p++) nonzero |= *p != '0';
    if (negative && nonzero) return JSON_UINT_NEGATIVE;
    if (p < end && (*p == 'e' || *p == 'E')) return JSON_UINT_FRACTION;
    if (memchr(v.p, '.', (size_t)(p - v.p))) return JSON_UINT_FRACTION;
    if (above) return JSON_UINT_ABOVE;
    *out = n;
    return JSON_UINT_FITS;
}

int json_member_first(json_value obj, json_value *member) {
    const char *p = obj.p, *end = obj.end;
    if (p >= end || *p != '{') return -1;
    p = ws(p + 1, end);
    if (p < end && *p == '}') return 0;
    if (p >= end || *p != '"') return -1;
    member->p = p;
    member->end = end;
    return 1;
}

int json_member_value(json_value member, json_value *value) {
    const char *p = skip_string(member.p, member.end), *end = member.end;
    if (!p) return -1;
    p = ws(p, end);
    if (p >= end || *p != ':') return -1;
    value->p = ws(p + 1, end);
    value->end = end;
    return 0;
}

int json_member_next(json_value *member) {
    json_value value;
    const char *p, *end = member->end;
    if (json_member_value(*member, &value) != 0) return -1;
    p = skip_value(value.p, end, 1);
    if (!p) return -1;
    p = ws(p, end);
    if (p < end && *p == '}') return 0;
    if (p >= end || *p != ',') return -1;
    p = ws(p + 1, end);
    if (p >= end || *p != '"') return -1;
    member->p = p;
    return 1;
}
