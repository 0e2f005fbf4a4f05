// Which files a member's phone downloads: the static import graph of main.js and of the
// member pages' lazy chunks (field area, case detail, password page), and whether any of them
// holds ECharts (zrender). Run after `npx nx build web`: node apps/web-e2e/member-chunks.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'dist/apps/web/browser';
const js = readdirSync(dir).filter((f) => f.endsWith('.js'));
const text = new Map(js.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
const staticImports = (f) =>
  [...text.get(f).matchAll(/(?:import|export)\s*(?:[^'"()]*?from\s*)?["']\.\/([\w.-]+\.js)["']/g)].map(
    (m) => m[1],
  );
const closure = (roots) => {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length) {
    const f = stack.pop();
    if (seen.has(f) || !text.has(f)) continue;
    seen.add(f);
    stack.push(...staticImports(f));
  }
  return seen;
};
const bySelector = (selector) => js.filter((f) => text.get(f).includes(`"${selector}"`));
const memberPages = [
  'app-shell',
  'app-my-households',
  'app-visit-form',
  'app-my-tasks',
  'app-my-figures',
  'app-case-detail',
  'app-login-page',
];
const roots = ['main.js', ...memberPages.flatMap(bySelector)];
const files = [...closure(roots)].sort();
const hasEcharts = (f) => /zrender|registerPreprocessor/.test(text.get(f));
let raw = 0;
let gz = 0;
for (const f of files) {
  const size = Buffer.byteLength(text.get(f));
  const zipped = gzipSync(text.get(f)).length;
  raw += size;
  gz += zipped;
  console.log(
    `${f.padEnd(24)} ${(size / 1024).toFixed(1).padStart(7)} kB  gzip ${(zipped / 1024).toFixed(1).padStart(6)} kB${hasEcharts(f) ? '  ECHARTS' : ''}`,
  );
}
console.log(
  `member pages: ${files.length} files, ${(raw / 1024).toFixed(1)} kB, gzip ${(gz / 1024).toFixed(1)} kB`,
);
const echartsFiles = js.filter(hasEcharts);
console.log(
  `echarts in: ${echartsFiles.join(', ')} (${echartsFiles.map((f) => (Buffer.byteLength(text.get(f)) / 1024).toFixed(1) + ' kB').join(', ')})`,
);
const leaked = files.filter(hasEcharts);
if (leaked.length) {
  console.error(`the member pages pull ECharts: ${leaked.join(', ')}`);
  process.exit(1);
}
console.log('no member page pulls ECharts');
