// Type declarations of the ES module entry point (index.mjs): those of index.cjs.
import meshesToken = require('./index.js');

export * from './index.js';
export default meshesToken;
