#!/usr/bin/env bash
# Regenerates tests/vectors/*.json from independent JWT implementations.
# Installs its own tools into this folder (node_modules/, .venv/; both gitignored):
# npm packages pinned by package-lock.json, PyJWT pinned by requirements.txt, and the
# Go program in gosdk/ (standard library only) run with `go run`.
# Needs node (>= 20), npm, python3 (>= 3.9) and go (>= 1.22) on PATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

npm ci --no-audit --no-fund --loglevel=error
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt

PYTHON="$PWD/.venv/bin/python" node generate.mjs
