"""Mint the README's example token with the installed wheel, then check it with PyJWT.

Run by run.sh with the python of a fresh venv, from a temporary folder that holds this
file and a copy of tests/vectors/tokens.json: nothing is imported from the repository, and
the check that the package comes from the venv's site-packages proves it.
Usage: python mint.py TOKENS_JSON
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jwt
import meshes_token


def fail(step: str, detail: str) -> None:
    """Stop with a message naming the step, for run.sh to prefix with the artifact."""
    print(f"{step}: {detail}", file=sys.stderr)
    raise SystemExit(1)


def main() -> None:
    """Sign the vector named "example" and compare it byte for byte."""
    installed = Path(meshes_token.__file__).resolve()
    if Path(sys.prefix).resolve() not in installed.parents:
        fail("import", f"meshes_token came from {installed}, not from the venv {sys.prefix}")
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    (example,) = [v for v in data["vectors"] if v["name"] == "example"]
    # The reference implementation's token: the library's JSON layout is that one's.
    expected = example["tokens"][data["reference"]]

    token = meshes_token.sign(
        example["access_key"],
        example["secret"],
        example["org_id"],
        issued_at=example["iat"],
        ttl=example["ttl"],
    )
    if token != expected:
        fail("mint", f"got {token!r}, expected {expected!r}")
    with meshes_token.Signer(example["access_key"], example["secret"], example["org_id"]) as s:
        if s.sign(issued_at=example["iat"], ttl=example["ttl"]) != expected:
            fail("Signer.sign", "differs from the expected token")

    claims = jwt.decode(
        token,
        example["secret"],
        algorithms=["HS256"],
        audience="meshes-api",
        issuer=f"urn:meshes:m2m:{example['access_key']}",
        options={"verify_exp": False},
    )
    header = jwt.get_unverified_header(token)
    want = {"org": example["org_id"], "iat": example["iat"], "exp": example["exp"]}
    if {k: claims[k] for k in want} != want or header.get("kid") != example["access_key"]:
        fail("PyJWT", f"claims {claims} or header {header} differ from the vector")
    checked = meshes_token.verify(token, example["secret"], now=example["iat"])
    if (checked.org_id, checked.expires_at) != (example["org_id"], example["exp"]):
        fail("verify", f"claims {checked} differ from the vector")
    print(f"mint.py: meshes_token {meshes_token.__version__} from {installed.parent}: token ok")


if __name__ == "__main__":
    main()
