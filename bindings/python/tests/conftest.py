"""Shared fixtures: the repository's conformance vectors and C header, and test credentials."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import meshes_token

REPO = Path(__file__).resolve().parents[3]
VECTORS = REPO / "tests" / "vectors"
HEADER = REPO / "include" / "meshes_token.h"

ACCESS_KEY = "AK7f3kQ9mZ2pL8xR4tV6"
ORG_ID = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60"
SECRET = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF"
IAT = 1767225600


def load_vectors(name: str) -> list[dict[str, Any]]:
    """The "vectors" list of tests/vectors/<name>.json."""
    with (VECTORS / f"{name}.json").open(encoding="utf-8") as file:
        vectors: list[dict[str, Any]] = json.load(file)["vectors"]
    return vectors


def vector_params(name: str) -> list[Any]:
    """The vectors of one file as pytest params, each named by its vector's name."""
    return [pytest.param(vector, id=vector["name"]) for vector in load_vectors(name)]


def header_constants() -> dict[str, int]:
    """Every integer ``#define MESHES_*`` and enum ``MESHES_*`` value in the committed header."""
    text = HEADER.read_text(encoding="utf-8")
    found = {m[1]: int(m[2]) for m in re.finditer(r"^#define (MESHES_\w+) (\d+)$", text, re.M)}
    found.update({m[1]: int(m[2]) for m in re.finditer(r"^\s+(MESHES_\w+) = (\d+),$", text, re.M)})
    return found


def error_class_for(suffix: str) -> type[meshes_token.MeshesTokenError]:
    """The exception class whose ``code`` is a vector's "error" status suffix."""
    classes = [
        cls
        for name in meshes_token.__all__
        if isinstance(cls := getattr(meshes_token, name), type)
        and issubclass(cls, meshes_token.MeshesTokenError)
        and cls.__dict__.get("code") == suffix
    ]
    assert len(classes) == 1, (suffix, classes)
    return classes[0]


@pytest.fixture
def signer() -> Any:
    """An open signer for the reference credentials, closed after the test."""
    with meshes_token.Signer(ACCESS_KEY, SECRET, ORG_ID) as s:
        yield s
