#!/usr/bin/env python3
"""Writes the seed corpora, fuzz/corpus/<target>/seed-*, from tests/vectors/*.json.

Each target reads its own input layout (see the comment at the top of its file); this script
encodes every vector in it. Files written by libFuzzer (named by their SHA-1) are left alone.
Standard library only.
"""
import base64
import json
import pathlib
import struct
import sys

FUZZ = pathlib.Path(__file__).resolve().parent
VECTORS = FUZZ.parent / "tests" / "vectors"


def load(name):
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))["vectors"]


def b64d(segment):
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def verify_cases():
    """(name, token, secret, now, leeway) for every token in the vector files."""
    for v in load("tokens.json"):
        for producer, token in v["tokens"].items():
            yield f"tokens-{v['name']}-{producer}", token, v["secret"], v["iat"], 0
    for file in ("verify_valid.json", "verify_invalid.json"):
        for v in load(file):
            yield f"{file[:-5]}-{v['name']}", v["token"], v["secret"], v["now"], v["leeway"]


def sign_input(access_key, secret, org_id, iat, ttl):
    key, sec, org = access_key.encode(), secret.encode(), org_id.encode()
    return (
        bytes([0, len(key)]) + key
        + bytes([0]) + struct.pack("<H", len(sec)) + sec
        + bytes([0, len(org)]) + org
        + bytes([0]) + struct.pack("<Q", iat)
        + struct.pack("<I", ttl)
        + bytes([0, 0, 0])
    )


def main():
    corpus = {t: {} for t in ("sign", "verify", "verify_mutated", "verifier", "key_id", "json")}
    for v in load("tokens.json"):
        corpus["sign"][v["name"]] = sign_input(
            v["access_key"], v["secret"], v["org_id"], v["iat"], v["ttl"])
    for v in load("sign_invalid.json"):
        if v["iat"] < 2**64 and v["ttl"] < 2**32 and len(v["access_key"]) < 256 \
                and len(v["org_id"]) < 256:
            corpus["sign"]["invalid-" + v["name"]] = sign_input(
                v["access_key"], v["secret"], v["org_id"], v["iat"], v["ttl"])

    for name, token, secret, now, leeway in verify_cases():
        sec = secret.encode()
        if now >= 2**64 or leeway >= 2**32 or len(sec) >= 2**16:
            continue
        corpus["verify"][name] = (struct.pack("<QIH", now, leeway, len(sec)) + sec
                                  + token.encode())
        corpus["verifier"][name] = corpus["verify"][name]
        corpus["key_id"][name] = token.encode()
        parts = token.split(".")
        if len(parts) == 3:
            for mode, segment in ((0, parts[1]), (1, parts[0])):
                try:
                    corpus["json"][f"{name}-{mode}"] = bytes([mode]) + b64d(segment)
                except ValueError:
                    pass

    # verify_mutated picks its base token by index (a u16): one seed per base, no mutation.
    bases = sum(len(v["tokens"]) for v in load("tokens.json")) + len(load("verify_valid.json"))
    for i in range(bases):
        corpus["verify_mutated"][f"base-{i}"] = struct.pack("<H", i)

    targets = sys.argv[1:] or list(corpus)
    for target in targets:
        out = FUZZ / "corpus" / target
        out.mkdir(parents=True, exist_ok=True)
        for name, data in corpus[target].items():
            safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
            (out / f"seed-{safe}").write_bytes(data)
        print(f"seed.py: {len(corpus[target])} seeds in corpus/{target}")


main()
