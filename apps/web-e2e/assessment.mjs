// Screenshots of the inspection and assessment pages (not run in CI): the assessment page
// (staff, secretary), the follow-up lists, the village board on screen and as a PDF (one A4
// page per branch, checked), on a fresh demo database (periods frozen automatically at start).
// Run after `npx nx run-many -t build --projects=api,web`: node apps/web-e2e/assessment.mjs [outDir]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startDemoSession } from './demo-session.mjs';

const out = resolve(process.argv[2] ?? 'tmp/shots');
mkdirSync(out, { recursive: true });
const s = await startDemoSession('assessment');
const shot = async (page, name) => {
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(out, name), fullPage: true });
  console.log(`  · ${name}`);
};
/** pages in a PDF (each page is one /Type /Page object) */
const pdfPages = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
try {
  const desktop = { width: 1366, height: 900 };
  const staff = await s.open(desktop, 'admin');
  // the automatic freeze runs once the server has started: give it a moment
  await staff.waitForTimeout(8000);
  await staff.goto(`${s.base}/assessment`);
  await staff.waitForSelector('[data-testid=ranking]');
  await shot(staff, 'assessment-staff-frozen.png');
  // the current month: live, cannot be frozen yet
  await staff.click('[data-testid=period-select]');
  await staff.click('.ant-select-item-option >> nth=0');
  await staff.waitForSelector('[data-testid=ranking]');
  await shot(staff, 'assessment-staff-live.png');
  await staff.click('[data-testid=period-kind] label:nth-child(2)');
  await staff.waitForSelector('[data-testid=ranking]');
  await shot(staff, 'assessment-staff-quarter.png');

  await staff.goto(`${s.base}/assessment/follow-up`);
  await staff.waitForSelector(
    '[data-testid=not-visited] li, [data-testid=not-visited] nz-empty, [data-testid=not-visited] nz-result',
  );
  await shot(staff, 'follow-up-staff.png');

  const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  await staff.goto(`${s.base}/board?all=1`);
  await staff.waitForSelector('[data-testid=board-sheet]');
  const sheets = await staff.locator('[data-testid=board-sheet]').count();
  const all = await staff.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  writeFileSync(join(out, `board-all-${month}.pdf`), all);
  console.log(`  · board-all: ${sheets} branch sheets → ${pdfPages(all)} PDF pages`);

  const secretary = await s.open(desktop, 'sj_lw');
  await secretary.goto(`${s.base}/assessment`);
  await secretary.waitForSelector('[data-testid=own-rank]');
  await shot(secretary, 'assessment-secretary.png');
  await secretary.goto(`${s.base}/board`);
  await secretary.waitForSelector('[data-testid=board-sheet]');
  await shot(secretary, 'board-secretary.png');
  const one = await secretary.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  writeFileSync(join(out, 'board-lw.pdf'), one);
  console.log(`  · board-lw.pdf: ${pdfPages(one)} page(s)`);
  await secretary.emulateMedia({ media: 'print' });
  await secretary.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
  await shot(secretary, 'board-secretary-print.png');

  const phone = await s.open({ width: 360, height: 740 }, 'sj_lw');
  await phone.goto(`${s.base}/assessment/follow-up`);
  await phone.waitForSelector('[data-testid=inactive-members]');
  await shot(phone, 'follow-up-secretary-360.png');
} finally {
  await s.close();
}
