#!/usr/bin/env bash
# Installs the system packages the test suite needs (listed in mk/apt-packages.txt) when any is
# missing, and the Rust cross targets. Everything else (crates, Go modules, PyPI and npm
# packages) is fetched by the build and test targets themselves from the package registries.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t wanted < <(cat mk/apt-packages.txt 2>/dev/null | sed 's/#.*//' | awk 'NF' | sort -u)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Rust targets cross-built by make dist, make go-prebuilt and the embedded and wasm tests.
if command -v rustup >/dev/null; then
  rustup target add aarch64-unknown-linux-gnu thumbv7em-none-eabi thumbv6m-none-eabi \
    wasm32-unknown-unknown
fi

for tool in cargo go node npm python3 cc make; do
  command -v "$tool" >/dev/null || { echo "error: $tool is required but not installed" >&2; exit 1; }
done
