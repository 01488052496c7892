# Node binding (bindings/node): the npm package `meshes-token`, which loads the shared library
# of meshes-token-ffi through koffi. `make test-node` builds the library, installs the
# package's npm dependencies into bindings/node/node_modules (`npm ci` from the committed
# lock file: koffi; the devDependencies jose, jsonwebtoken for the tests and the bench, fast-jwt
# for the bench only (make bench), typescript, @types/node, prettier for the lint),
# lints (`node --check` on every file, prettier, tsc over the sources and the declarations,
# the `npm pack` file list) and runs the tests with node's test runner.
NODE ?= node
NPM ?= npm
NODE_DIR := bindings/node
NPM_FLAGS := --no-audit --no-fund --loglevel=error

.PHONY: node-deps test-node

node-deps:
	cd $(NODE_DIR) && if [ -f package-lock.json ]; then $(NPM) ci $(NPM_FLAGS); \
	    else $(NPM) install $(NPM_FLAGS); fi

test-node: ffi-lib node-deps
	cd $(NODE_DIR) && $(NODE) scripts/lint.mjs
	cd $(NODE_DIR) && $(NODE) --test test/*.test.mjs

TEST_TARGETS += test-node
