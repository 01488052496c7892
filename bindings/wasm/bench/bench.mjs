// meshes-token-wasm's rows of bindings/node/bench/bench.mjs (one script for both packages):
// this package in Node against the same rivals and the native package, in one run. Usage as
// there: `node bench/bench.mjs [rounds] [--iat SECONDS] [--json PATH]`.
process.argv.push('--package', 'wasm');
await import('../../node/bench/bench.mjs');
