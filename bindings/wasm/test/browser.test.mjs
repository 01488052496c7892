// The same vectors in a real browser: headless Chromium (Debian's `chromium`, or $CHROMIUM)
// loads test/browser/page.html from a small HTTP server on 127.0.0.1, which runs every check
// of suite.js against the package's browser entry point, and reports its pass count back
// through the DevTools protocol (over --remote-debugging-pipe: no extra npm package).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { cases } from './suite.js';
import { allVectors, repoPath } from './helpers.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT_MS = 90_000;
const ROOT = resolve(repoPath('.'));
// Only these folders of the repository are served.
const SERVED = ['bindings/wasm/', 'tests/vectors/'];
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** A static file server for SERVED on 127.0.0.1 (an ephemeral port). */
async function serve() {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    const relative = path.replace(/^[/\\]+/, '');
    const file = join(ROOT, relative);
    const allowed =
      SERVED.some((dir) => relative.startsWith(dir)) &&
      !relative.includes('node_modules') &&
      file.startsWith(ROOT + sep);
    if (!allowed || !existsSync(file) || !TYPES[extname(file)]) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] });
    response.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Headless Chromium with the DevTools protocol on fds 3 (commands) and 4 (replies). */
function launch(userDataDir) {
  const child = spawn(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
      `--user-data-dir=${userDataDir}`,
      '--remote-debugging-pipe',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const pending = new Map();
  let nextId = 1;
  let buffered = '';
  child.stdio[4].on('data', (chunk) => {
    buffered += chunk;
    let end;
    while ((end = buffered.indexOf('\0')) !== -1) {
      const message = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      const waiter = pending.get(message.id);
      if (waiter) {
        pending.delete(message.id);
        if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
        else waiter.resolve(message.result);
      }
    }
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  /** Sends one command (to the browser, or to a page's session); resolves to its result. */
  function send(method, params = {}, sessionId = undefined) {
    const id = nextId++;
    child.stdio[3].write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    return new Promise((resolve, reject) => pending.set(id, { resolve, reject, method }));
  }
  return { child, send, exited, stderr: () => stderr };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('headless Chromium passes every vector of the four files', async (t) => {
  if (!existsSync(CHROMIUM)) {
    assert.fail(`${CHROMIUM} not found: install Debian's chromium (mk/apt-packages.txt)`);
  }
  const expected = cases({}, allVectors()).length;
  const server = await serve();
  const userDataDir = mkdtempSync(join(tmpdir(), 'meshes-wasm-chromium-'));
  const browser = launch(userDataDir);
  t.after(async () => {
    browser.child.kill();
    await browser.exited;
    server.close();
    // Chromium's helper processes can still write into the profile for a moment after the
    // browser has exited (seen as ENOTEMPTY): rmSync retries on that.
    rmSync(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  const url = `http://127.0.0.1:${server.address().port}/bindings/wasm/test/browser/page.html`;
  const { targetId } = await browser.send('Target.createTarget', { url });
  const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true });
  const deadline = Date.now() + TIMEOUT_MS;
  let result;
  while (result === undefined) {
    if (Date.now() > deadline)
      assert.fail(`no result from the page; chromium: ${browser.stderr()}`);
    try {
      const reply = await browser.send(
        'Runtime.evaluate',
        { expression: 'globalThis.__meshesResult', awaitPromise: true, returnByValue: true },
        sessionId,
      );
      result = reply.result.value;
    } catch {
      // The page is still navigating (its context was replaced): ask again.
    }
    if (result === undefined) await sleep(100);
  }
  await browser.send('Browser.close').catch(() => {});

  assert.equal(result.error, undefined, result.error);
  assert.deepEqual(result.failures, []);
  assert.equal(result.version, '0.1.0');
  assert.equal(result.total, expected);
  assert.equal(result.passed, expected);
  assert.match(result.userAgent, /Chrome\//);
  t.diagnostic(`Chromium: ${result.passed}/${result.total} passed (${result.userAgent})`);
});
