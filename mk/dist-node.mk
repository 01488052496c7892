# npm release artifact (issue 12): `make dist-node` writes $(DIST_DIR)/meshes-token-<version>.tgz
# (`npm pack` of bindings/node) carrying the shared library of `make dist-lib` for each triple at
# prebuilds/linux-x64/ and prebuilds/linux-arm64/ (libmeshes_token.so), which lib/library.cjs
# loads by process.platform and process.arch; see bindings/node/scripts/dist.sh.
# `make test-dist-node` installs it into a new project with cargo off PATH and mints with it
# (tests/dist/node/run.sh); npm's downloads (koffi, jose) are cached in build/npm-cache-dist.
include mk/dist.mk

.PHONY: dist-node test-dist-node

dist-node: dist-lib
	bindings/node/scripts/dist.sh $(DIST_VERSION) $(DIST_DIR) $(CURDIR)/build/dist-node \
	    $(foreach t,$(DIST_TRIPLES),$(t)=$(call dist_lib_dir,$(t))/libmeshes_token_ffi.so)

test-dist-node: dist-node
	tests/dist/node/run.sh $(DIST_DIR) $(DIST_VERSION) $(CURDIR)/build/npm-cache-dist

DIST_PARTS += dist-node
TEST_DIST_PARTS += test-dist-node
