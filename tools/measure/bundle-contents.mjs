#!/usr/bin/env node
// What is in the JavaScript a page loads first: from the esbuild metafile of a web build
// (`npx nx run web:bundle --stats-json` writes dist/apps/web/stats.json), the chunks reached by
// static imports from main.js (and from the lazy chunks named by the given source files, as the
// router loads them), and the bytes per package or source folder, raw and gzip-estimated.
// Usage: node tools/measure/bundle-contents.mjs [--stats dist/apps/web/stats.json] [source substring ...]
//   e.g. node tools/measure/bundle-contents.mjs login/login-page.ts
//        node tools/measure/bundle-contents.mjs layout/shell.ts field/field.routes.ts field/my-households.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
let statsFile = 'dist/apps/web/stats.json';
const at = args.indexOf('--stats');
if (at >= 0) statsFile = args.splice(at, 2)[1];
const browserDir = join(statsFile, '..', 'browser');
const { outputs } = JSON.parse(readFileSync(statsFile, 'utf8'));

const entryOf = (needle) => {
  const found = Object.entries(outputs).find(
    ([, o]) =>
      o.entryPoint?.includes(needle) ||
      Object.keys(o.inputs ?? {}).some((i) => i.endsWith(needle) && o.entryPoint),
  );
  if (found) return found[0];
  // a lazy chunk is named after no entry point: the chunk holding the source file
  const holder = Object.entries(outputs).find(
    ([k, o]) => k.endsWith('.js') && Object.keys(o.inputs ?? {}).some((i) => i.endsWith(needle)),
  );
  if (!holder) throw new Error(`no chunk holds ${needle}`);
  return holder[0];
};

const main = Object.keys(outputs).find((k) => /(^|\/)main-[A-Z0-9]+\.js$/.test(k));
const chunks = new Set();
const visit = (file) => {
  if (chunks.has(file)) return;
  chunks.add(file);
  for (const imp of outputs[file]?.imports ?? []) if (imp.kind === 'import-statement') visit(imp.path);
};
visit(main);
for (const needle of args) visit(entryOf(needle));

const groupOf = (input) => {
  const nm = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)(?:\/fesm2022\/([^/]+?)\.mjs)?/);
  if (nm) return nm[2] ? `${nm[1]} (${nm[2]})` : nm[1];
  return input.replace(/^apps\/web\/src\/app\//, 'app/').replace(/\/[^/]+$/, '/');
};
const groups = new Map();
let raw = 0;
let gz = 0;
const perChunk = [];
for (const file of chunks) {
  const body = readFileSync(join(browserDir, file));
  const g = gzipSync(body, { level: 9 }).length;
  raw += body.length;
  gz += g;
  perChunk.push([file, body.length, g]);
  for (const [input, { bytesInOutput }] of Object.entries(outputs[file].inputs ?? {})) {
    const key = groupOf(input);
    groups.set(key, (groups.get(key) ?? 0) + bytesInOutput);
  }
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`${chunks.size} chunks: ${kb(raw)} raw, ${kb(gz)} gzip 9`);
for (const [f, r, g] of perChunk.sort((a, b) => b[2] - a[2]))
  console.log(`  ${f.padEnd(22)} ${kb(r).padStart(10)} ${kb(g).padStart(10)}`);
console.log('by package / folder (raw bytes in output):');
for (const [k, n] of [...groups].sort((a, b) => b[1] - a[1]).filter(([, n]) => n >= 1024))
  console.log(`  ${kb(n).padStart(10)}  ${k}`);
