#!/usr/bin/env node
// Asks two running APIs on the same database for the same figures and fails on the first
// difference: staff, a secretary and a member × overview, branch table and trend × periods of
// whole months (reaching the present, in the past, beyond it), a partial month and the default,
// for the town and for one branch (issue 15: the counters against the build before them).
//
//   node tools/bench/compare-figures.mjs http://127.0.0.1:3101 http://127.0.0.1:3001 \
//     [--password bench-admin-password] [--secretary sec003] [--member m001_001]
import assert from 'node:assert/strict';
import { option } from './lib.mjs';

const [A, B] = process.argv.slice(2).filter((a) => a.startsWith('http'));
if (!A || !B) throw new Error('usage: compare-figures.mjs <api A> <api B> [--password …]');
const password = option('password', 'bench-admin-password');
const who = ['admin', option('secretary', 'sec003'), option('member', 'm001_001')];

async function login(base, username) {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (r.status !== 200) throw new Error(`login ${username} at ${base}: ${r.status}`);
  return (await r.json()).accessToken;
}
const tokens = {};
for (const u of who) tokens[u] = [await login(A, u), await login(B, u)];
const branches = await (
  await fetch(`${B}/api/branches?limit=100`, { headers: { authorization: `Bearer ${tokens.admin[1]}` } })
).json();
const branchId = (branches.items ?? branches)[2]?.id;
const periods = [
  {},
  { from: '2025-11', to: '2026-12' },
  { from: '2025-12', to: '2026-11' },
  { from: '2026-10', to: '2026-11' },
  { from: '2026-11' },
  { from: '2024-01', to: '2026-12' },
  { from: '2026-06-15', to: '2026-12' },
  { from: '2025-11', to: '2027-02' },
];
let n = 0;
for (const p of periods)
  for (const u of who)
    for (const path of ['/api/stats/overview', '/api/stats/branches', '/api/stats/trend'])
      for (const b of [undefined, branchId]) {
        if (b && u !== 'admin') continue;
        const q = new URLSearchParams({ ...p, ...(b ? { branchId: b } : {}) });
        const [a, bb] = await Promise.all(
          [A, B].map((base, i) =>
            fetch(`${base}${path}?${q}`, { headers: { authorization: `Bearer ${tokens[u][i]}` } }).then(
              async (r) => [r.status, await r.json()],
            ),
          ),
        );
        assert.deepEqual(bb, a, `${u} ${path}?${q}`);
        n++;
      }
console.log(`equal: ${n} answers`);
