// What the gen-*.mjs scripts share: derive a file from another by exact text edits, and write
// it or (with --check, which the lint runs) fail when the committed copy is stale.
import { readFileSync, writeFileSync } from 'node:fs';

/** `source` with each [from, to] of `edits` replaced once; throws when `from` is missing. */
export function applyEdits(script, source, edits, sourceName) {
  let text = source;
  for (const [from, to] of edits) {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`${script}: ${sourceName} no longer has ${from}`);
    text = next;
  }
  return text;
}

/** Writes `text` to `output`, or with --check exits 1 when `output` differs from it. */
export function writeOrCheck(script, output, text, outputName) {
  if (!process.argv.includes('--check')) {
    writeFileSync(output, text);
  } else if (readFileSync(output, 'utf8') !== text) {
    console.error(`${script}: ${outputName} is stale; run node scripts/${script}.mjs`);
    process.exit(1);
  }
}
