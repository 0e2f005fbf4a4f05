#!/usr/bin/env node
// Does the API keep answering while a big or hostile spreadsheet is read? (issue 10)
// Sends household files to POST /api/households/import (dry run) of an API that is already
// running, and meanwhile asks GET /api/health every 20 ms; prints the import's answer and time
// and the health latencies (p50/p99/max) measured during it.
//
//   npx nx build api
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/import_health ADMIN_PASSWORD=health-admin-1 \
//     JWT_SECRET=import-health-secret-at-least-32-chars PORT=3917 node dist/apps/api/main.js &
//   node tools/load/import-health.mjs --url http://127.0.0.1:3917 --password health-admin-1
//
// Files (built here, nothing is committed): `cap` 50,000 rows × 7 columns XLSX; `wide` 1,000 rows
// with a value in column XFD; `liar` a sheet that declares 2 kB and inflates to 120 MB;
// `csv` 50,000 rows of CSV.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { crc32, deflateRawSync } from 'node:zlib';
import { option, target } from './cli.mjs';

const base = target();
const username = option('username', 'admin');
const password = option('password', 'demo1234');
const files = option('files', 'cap,wide,liar,csv').split(',');

function request(method, path, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, base), { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function zip(parts) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const body = deflateRawSync(p.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(p.data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(p.declared ?? p.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(p.data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(p.declared ?? p.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const letters = (n) => {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
};

function xlsx(rows, { extraColumn = 0, padding = 0, declared } = {}) {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  ];
  rows.forEach((cells, i) => {
    const cs = cells.map((v, c) => `<c r="${letters(c + 1)}${i + 1}" t="inlineStr"><is><t>${v}</t></is></c>`);
    if (extraColumn) cs.push(`<c r="${letters(extraColumn)}${i + 1}" t="inlineStr"><is><t>x</t></is></c>`);
    out.push(`<row r="${i + 1}">${cs.join('')}</row>`);
  });
  if (padding) out.push(' '.repeat(padding));
  out.push('</sheetData></worksheet>');
  return zip([
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        '<workbook xmlns:r="r"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(out.join('')), declared },
  ]);
}

const HEADER = ['code', 'headName', 'phone', 'address', 'villageGroup', 'size', 'tags'];
const rowsOf = (n, prefix) => [
  HEADER,
  ...Array.from({ length: n }, (_, i) => [
    `${prefix}-${i + 1}`,
    '王建国',
    `138${String(i).padStart(8, '0')}`,
    `${i % 12}组${i}号`,
    `${i % 12}组`,
    '3',
    '',
  ]),
];
const build = {
  cap: () => ({ name: 'cap.xlsx', data: xlsx(rowsOf(50_000, 'CAP')) }),
  wide: () => ({
    name: 'wide.xlsx',
    data: xlsx(
      rowsOf(1000, 'W').map((r) => r.slice(0, 3)),
      { extraColumn: 16384 },
    ),
  }),
  liar: () => ({
    name: 'liar.xlsx',
    data: xlsx(rowsOf(2, 'L'), { padding: 120 * 1024 * 1024, declared: 2000 }),
  }),
  csv: () => ({
    name: 'rows.csv',
    data: Buffer.from(
      rowsOf(50_000, 'CSV')
        .map((r) => r.join(','))
        .join('\r\n'),
    ),
  }),
};

function multipart(file, branchId) {
  const boundary = `----import${Date.now()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="branchId"\r\n\r\n${branchId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([Buffer.from(head), file.data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const login = await request('POST', '/api/auth/login', {
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ username, password }),
});
if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.body}`);
const auth = { Authorization: `Bearer ${JSON.parse(login.body).accessToken}` };
const code = `IH${Date.now().toString(36).toUpperCase().slice(-6)}`;
const branch = await request('POST', '/api/branches', {
  headers: { ...auth, 'Content-Type': 'application/json' },
  body: JSON.stringify({ name: `${code}村党支部`, code, village: `${code}村` }),
});
if (branch.status !== 201) throw new Error(`branch: ${branch.status} ${branch.body}`);
const branchId = JSON.parse(branch.body).id;

for (const key of files) {
  if (process.env.IMPORT_HEALTH_DEBUG) console.error('building', key);
  const file = build[key]();
  if (process.env.IMPORT_HEALTH_DUMP)
    (await import('node:fs')).writeFileSync(`${process.env.IMPORT_HEALTH_DUMP}/${file.name}`, file.data);
  const form = multipart(file, branchId);
  const latencies = [];
  let importing = true;
  const poll = (async () => {
    while (importing) {
      const t0 = performance.now();
      await request('GET', '/api/health');
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const t0 = performance.now();
  const res = await request('POST', '/api/households/import?dryRun=true', {
    headers: { ...auth, 'Content-Type': form.type, 'Content-Length': String(form.body.length) },
    body: form.body,
  });
  const ms = performance.now() - t0;
  importing = false;
  await poll;
  const sorted = [...latencies].sort((a, b) => a - b);
  const answer =
    res.status === 200 ? `created ${JSON.parse(res.body).created}` : JSON.parse(res.body).message;
  console.log(
    `${file.name.padEnd(10)} ${(file.data.length / 1024).toFixed(0).padStart(6)} kB → ${res.status} in ${ms.toFixed(0)} ms (${answer}); ` +
      `/api/health during it: n=${sorted.length} p50 ${pct(sorted, 50).toFixed(1)} ms, p99 ${pct(sorted, 99).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`,
  );
}
