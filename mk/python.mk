# Python binding (bindings/python): `pip install` runs its setup.py, which builds the Rust
# static library with cargo ($CARGO) and links it into a cffi extension module. The package, its
# extras and the pinned test and lint tools (bindings/python/requirements-dev.txt) go into a venv
# of its own, from the package registry; the machine needs only python3 (with venv and its C
# headers), cargo and a C compiler.
PYTHON ?= python3
PY_DIR := $(CURDIR)/bindings/python
PY_VENV := $(CURDIR)/build/venv-python
PY := $(PY_VENV)/bin/python

.PHONY: python-venv test-python

# The venv and the tools are kept between runs; the package is rebuilt and reinstalled every
# time (pip always reinstalls a local directory; cargo and setuptools rebuild only what changed).
python-venv:
	test -x $(PY) || $(PYTHON) -m venv $(PY_VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r $(PY_DIR)/requirements-dev.txt
	CARGO="$(CARGO)" $(PY) -m pip install --quiet --disable-pip-version-check \
		"$(PY_DIR)[requests,httpx]"

test-python: python-venv
	cd $(PY_DIR) && $(PY) -m ruff check . && $(PY) -m ruff format --check . && $(PY) -m mypy
	cd $(PY_DIR) && $(PY) -m pytest

TEST_TARGETS += test-python
