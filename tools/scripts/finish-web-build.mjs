#!/usr/bin/env node
// After the Angular build (nx run web:build runs it): writes a .br (brotli 11) and a .gz (gzip 9)
// next to every text file of the web app, so the server sends compressed bytes without
// compressing on each request. Prints raw → gzip → brotli totals.
// Usage: node tools/scripts/finish-web-build.mjs [dist/apps/web/browser]
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const root = process.argv[2] ?? 'dist/apps/web/browser';
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.webmanifest', '.txt', '.map']);
/** below this, the headers cost more than compression saves */
const MIN_BYTES = 512;
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

async function walk(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}

const started = Date.now();
const all = await walk(root);
// a rebuild may have removed a file: stale siblings go first
await Promise.all(all.filter((f) => f.endsWith('.br') || f.endsWith('.gz')).map((f) => rm(f)));
const files = all.filter((f) => COMPRESSIBLE.has(extname(f)));
const totals = { files: 0, raw: 0, gzip: 0, br: 0, js: { raw: 0, gzip: 0, br: 0 } };
for (const file of files) {
  if ((await stat(file)).size < MIN_BYTES) continue;
  const raw = await readFile(file);
  const [b, g] = await Promise.all([
    brotli(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }),
    gz(raw, { level: 9 }),
  ]);
  await Promise.all([writeFile(`${file}.br`, b), writeFile(`${file}.gz`, g)]);
  totals.files++;
  totals.raw += raw.length;
  totals.gzip += g.length;
  totals.br += b.length;
  if (file.endsWith('.js')) {
    totals.js.raw += raw.length;
    totals.js.gzip += g.length;
    totals.js.br += b.length;
  }
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `precompressed ${totals.files} files in ${relative(process.cwd(), root) || '.'} in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
    `${kb(totals.raw)} raw → ${kb(totals.gzip)} gzip → ${kb(totals.br)} brotli (JS ${kb(totals.js.raw)} → ${kb(totals.js.gzip)} → ${kb(totals.js.br)})`,
);
