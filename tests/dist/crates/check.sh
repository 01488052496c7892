#!/usr/bin/env bash
# make test-crates: the three crates as they would be published.
#
#   1. metadata: description, license, repository, homepage, rust-version, readme, keywords,
#      categories, and documentation for the two libraries, in every crate's Cargo.toml;
#   2. contents (cargo package --list): the README and both licenses are in, and nothing that
#      reads the repository around the crate (tests/, benches/, examples/) is;
#   3. cargo package --workspace: packs the three and builds each packed crate on its own, the
#      CLI and the C ABI against the packed core (cargo resolves the unpublished core from
#      the packages it just made). Builds go to target/package, so reruns are cached.
#
# Every failure names the crate and the step.
set -Eeuo pipefail
cd "$(dirname "$0")/../.."
CARGO=${CARGO:-cargo}
crates=(meshes-token-core meshes-token-ffi meshes-token-cli)
crate="(workspace)"
step="start"
trap 'echo "test-crates: FAILED: crate $crate, step: $step" >&2' ERR
fail() {
    echo "test-crates: FAILED: crate $crate, step: $step: $*" >&2
    exit 1
}

step="metadata"
"$CARGO" metadata --no-deps --format-version 1 | python3 -c '
import json, sys
libraries = {"meshes-token-core", "meshes-token-ffi"}
wanted = sys.argv[1:]
packages = {p["name"]: p for p in json.load(sys.stdin)["packages"]}
bad = []
for name in wanted:
    p = packages.get(name)
    if p is None:
        bad.append(f"{name}: not a workspace member")
        continue
    fields = ["description", "license", "repository", "homepage", "rust_version", "readme",
              "keywords", "categories"] + (["documentation"] if name in libraries else [])
    bad += [f"{name}: {f} missing" for f in fields if not p.get(f)]
    if p.get("license") != "MIT OR Apache-2.0":
        bad.append(name + ": license " + repr(p.get("license")) + ", not MIT OR Apache-2.0")
    if len(p.get("keywords") or []) > 5 or len(p.get("categories") or []) > 5:
        bad.append(f"{name}: more than 5 keywords or categories")
if bad:
    sys.exit("test-crates: FAILED: step: metadata:\n  " + "\n  ".join(bad))
' "${crates[@]}"

for crate in "${crates[@]}"; do
    step="cargo package --list"
    list=$("$CARGO" package -p "$crate" --list --allow-dirty 2>/dev/null)
    for f in README.md LICENSE-MIT LICENSE-APACHE Cargo.toml src/lib.rs src/main.rs; do
        case $f in
        src/lib.rs) [ "$crate" = meshes-token-cli ] && continue ;;
        src/main.rs) [ "$crate" = meshes-token-cli ] || continue ;;
        esac
        grep -qx "$f" <<<"$list" || fail "$f is not in the package"
    done
    ! grep -E '^(tests|benches|examples)/' <<<"$list" || fail "files that read the repository are packed"
done

crate="(all three)"
step="cargo package --workspace (pack, then build each packed crate)"
rm -f target/package/package/*.crate
# Cargo unpacks the packed core from its temporary registry into
# $CARGO_HOME/registry/src/-<hash of the registry's path>/ and reuses that copy whenever the
# version is the same, without comparing checksums: a copy left by an earlier run of this
# check at the same path (an older 0.1.0) would be built instead of the one just packed.
# Only this project's crates are ever unpacked there. For the same reason (a registry crate
# of a given version is assumed never to change) the builds of the packed crates are dropped.
rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/meshes-token-* \
    target/package/debug/.fingerprint/meshes-token-* target/package/debug/deps/*meshes_token*
"$CARGO" package --workspace --allow-dirty --target-dir target/package --quiet 2>&1 |
    { grep -v -e "^warning: ignoring \(test\|benchmark\|example\)" -e "^ *Updating" || true; }
for crate in "${crates[@]}"; do
    step="packed crate"
    ls "target/package/package/$crate-"*.crate >/dev/null 2>&1 || fail "no .crate file in target/package/package"
done
echo "test-crates: ${crates[*]}: metadata, contents, and packed crates build OK"
