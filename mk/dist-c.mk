# The C/C++ SDK of `make dist` (issue 12): one tarball per triple of DIST_TRIPLES,
#   dist/meshes-token-<version>-<triple>.tar.gz  (layout: cmake/MeshesTokenLayout.cmake)
# and its test, which installs each tarball the way a user would, without Rust or this
# repository (tests/dist/c/run.sh); and the build-from-source path for CMake users, the
# top-level CMakeLists.txt taken with add_subdirectory (tests/dist/c/subdir.sh).
#
#   make dist-c             the tarballs
#   make test-dist-c        tests/dist/c/run.sh against them (x86_64 natively, aarch64 under qemu)
#   make test-cmake-subdir  tests/dist/c/subdir.sh (cargo builds into target/release, as ffi-lib)
include $(dir $(lastword $(MAKEFILE_LIST)))dist.mk

CMAKE ?= cmake
TAR ?= tar
# Tarball entries get the time of the last commit, owner 0 and a sorted order, so two builds of
# the same commit give the same bytes.
DIST_EPOCH = $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
.PHONY: dist-c test-dist-c test-cmake-subdir

dist-c: dist-lib
	@mkdir -p $(DIST_DIR) $(DIST_TARGET_DIR)/sdk
	@set -e; for t in $(DIST_TRIPLES); do \
	    name=meshes-token-$(DIST_VERSION)-$$t; \
	    libs=$$(d=$$(mktemp -d) && echo '' | $(RUSTC) --target $$t --crate-type staticlib \
	        --print native-static-libs -o $$d/empty.a - 2>&1 | \
	        sed -n 's/.*native-static-libs: //p'; rm -rf $$d); \
	    test -n "$$libs" || { echo "dist-c: rustc reported no native-static-libs for $$t" >&2; exit 1; }; \
	    $(CMAKE) -DLAYOUT=sdk -DSOURCE_DIR=$(CURDIR) -DLIB_DIR=$(call dist_lib_dir,$$t) \
	        -DDEST=$(DIST_TARGET_DIR)/sdk/$$name -DVERSION=$(DIST_VERSION) \
	        -DNATIVE_LIBS="$$libs" -DSTRIP=$$(if [ $${t%%-*} = aarch64 ]; then echo aarch64-linux-gnu-strip; else echo strip; fi) \
	        -P cmake/MeshesTokenLayout.cmake; \
	    $(TAR) --sort=name --owner=0 --group=0 --numeric-owner --mtime=@$(DIST_EPOCH) \
	        -C $(DIST_TARGET_DIR)/sdk -cf - $$name | gzip -n -9 > $(DIST_DIR)/$$name.tar.gz.tmp; \
	    mv $(DIST_DIR)/$$name.tar.gz.tmp $(DIST_DIR)/$$name.tar.gz; \
	    echo "dist-c: $(DIST_DIR)/$$name.tar.gz ($$(stat -c %s $(DIST_DIR)/$$name.tar.gz) bytes)"; \
	done

test-dist-c: dist-c
	DIST_DIR=$(DIST_DIR) DIST_VERSION=$(DIST_VERSION) CMAKE=$(CMAKE) FFI_SUITE="$(FFI_SUITE)" \
	    bash tests/dist/c/run.sh

test-cmake-subdir:
	CMAKE=$(CMAKE) bash tests/dist/c/subdir.sh

DIST_PARTS += dist-c
TEST_DIST_PARTS += test-dist-c test-cmake-subdir
