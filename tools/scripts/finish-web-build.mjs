#!/usr/bin/env node
// After the Angular build (nx run web:build runs it):
// 1. writes the service worker, sw.js, from apps/web/src/service-worker.js with this build's
//    file lists (the app shell to cache at install, every hashed file) and a version;
// 2. writes a .br (brotli 11) and a .gz (gzip 9) next to every text file of the web app, so the
//    server sends compressed bytes without compressing on each request.
// Prints raw → gzip → brotli totals.
// Usage: node tools/scripts/finish-web-build.mjs [dist/apps/web/browser]
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const root = process.argv[2] ?? 'dist/apps/web/browser';
const COMPRESSIBLE = new Set([
  '.js',
  '.mjs',
  '.css',
  '.html',
  '.svg',
  '.json',
  '.webmanifest',
  '.txt',
  '.map',
]);
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
let all = await walk(root);
// a rebuild may have removed a file: stale siblings go first
await Promise.all(all.filter((f) => f.endsWith('.br') || f.endsWith('.gz')).map((f) => rm(f)));
all = all.filter((f) => !f.endsWith('.br') && !f.endsWith('.gz') && !f.endsWith(`${sep}sw.js`));

// 1. the service worker
const HASHED = /-[A-Z0-9]{8}\.[a-z0-9]+$/;
const urlOf = (file) => `/${relative(root, file).split(sep).join('/')}`;
const index = await readFile(join(root, 'index.html'), 'utf8');
const referenced = [...index.matchAll(/(?:href|src)="([^"]+)"/g)]
  .map((m) => m[1])
  .filter((u) => u !== '/' && !/^[a-z]+:/i.test(u))
  .map((u) => `/${u.replace(/^\//, '')}`);
const icons = all.filter((f) => f.includes(`${sep}icons${sep}`)).map(urlOf);
const shell = [...new Set(['/', ...referenced, ...icons])];
const hashed = all
  .filter((f) => HASHED.test(f))
  .map(urlOf)
  .sort();
const template = await readFile('apps/web/src/service-worker.js', 'utf8');
const version = createHash('sha256')
  .update(index)
  .update(template)
  .update(hashed.join('\n'))
  .digest('hex')
  .slice(0, 12);
const BUILD_LINE = /^const BUILD = .*$/m;
if (!BUILD_LINE.test(template))
  throw new Error('apps/web/src/service-worker.js has no `const BUILD = …` line');
await writeFile(
  join(root, 'sw.js'),
  template.replace(BUILD_LINE, `const BUILD = ${JSON.stringify({ version, shell, hashed })};`),
);
console.log(`service worker ${version}: ${shell.length} shell files, ${hashed.length} hashed files`);
all.push(join(root, 'sw.js'));

// 2. compression
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
