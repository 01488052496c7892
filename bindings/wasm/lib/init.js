// init(): instantiates meshes-token-ffi's WebAssembly module from whatever the runtime has
// (bytes, a compiled WebAssembly.Module, a URL or a fetch Response) and makes it the one the
// package uses. No file system is needed; the module imports nothing.

import * as wasm from './wasm.js';
import { readStatuses, argTypeError } from './errors.js';

/** This package's version: the library's meshes_version() must return it. */
export const PACKAGE_VERSION = '0.1.0';

/** The module shipped with the package, next to index.js. */
export const BUNDLED = new URL('../meshes_token.wasm', import.meta.url);

const SOURCE_TYPES =
  'a WebAssembly.Module, an ArrayBuffer, a typed array, a URL, a string URL or a Response';

let pending = null;

/** Whether `value` is a fetch Response (by shape: runtimes have their own classes). */
function isResponse(value) {
  return typeof value === 'object' && value !== null && typeof value.arrayBuffer === 'function';
}

/** A WebAssembly.Instance of `source` (see init). */
async function instantiate(source) {
  let value = await source;
  if (value instanceof WebAssembly.Module) return WebAssembly.instantiate(value, {});
  if (typeof value === 'string' || value instanceof URL) value = await fetch(value);
  if (isResponse(value)) {
    if (!value.ok) {
      const error = new Error(`meshes-token-wasm: fetching ${value.url} gave ${value.status}`);
      throw Object.assign(error, { code: 'ERR_WASM_FETCH' });
    }
    value = await value.arrayBuffer();
  }
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    const bytes = /** @type {BufferSource} */ (value);
    return WebAssembly.instantiate(await WebAssembly.compile(bytes), {});
  }
  throw argTypeError('source', SOURCE_TYPES, value);
}

/** Adopts `instance` and checks it is this version's library; returns the version. */
function take(instance) {
  try {
    wasm.adopt(instance);
    readStatuses();
    const version = wasm.staticString(wasm.fn.meshes_version());
    if (version !== PACKAGE_VERSION) {
      throw wasm.moduleError(`the module is version ${version}, not ${PACKAGE_VERSION}`);
    }
    return version;
  } catch (err) {
    wasm.abandon();
    throw err;
  }
}

/**
 * Loads the module and makes it the one every function of the package uses. `source` is the
 * .wasm file as bytes, a WebAssembly.Module (what edge runtimes hand you), a URL to fetch,
 * a Response, or a promise of one of these; by default the file bundled with the package.
 * Resolves to the library's version. Only the first call loads anything: later calls return
 * the same promise, whatever their argument.
 */
export function init(source = BUNDLED) {
  if (pending === null) {
    pending = instantiate(source).then(take);
    pending.catch(() => {
      pending = null; // a failed init can be retried, e.g. with another source
    });
  }
  return pending;
}

/**
 * As init(), synchronously, from the .wasm file's bytes or a WebAssembly.Module; returns the
 * library's version. For Node (which compiles synchronously at any size; browsers refuse
 * modules above a few KiB on their main thread). Does nothing but return the version once
 * the package is initialised.
 */
export function initSync(source) {
  if (wasm.fn !== null) return PACKAGE_VERSION;
  let module = source;
  if (!(module instanceof WebAssembly.Module)) {
    if (!(source instanceof ArrayBuffer || ArrayBuffer.isView(source))) {
      throw argTypeError('source', 'a WebAssembly.Module, an ArrayBuffer or a typed array', source);
    }
    module = new WebAssembly.Module(/** @type {BufferSource} */ (source));
  }
  const version = take(new WebAssembly.Instance(module, {}));
  pending = Promise.resolve(version);
  return version;
}
