import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { AnalyticsStore } from '../analytics-store/analytics-store';
import { demoEvents } from '../analytics-store/demo-history';
import { openAnalyticsTestStore } from '../analytics-store/test-support';
import { makeTempDir } from '../store/test-support';
import type { CityAssets } from '../../../shared/domain/city';
import { csvRow } from './render-report';
import { lastFullPeriod } from './report-period';
import { ReportError, ReportService } from './report-service';

const assets = JSON.parse(readFileSync(join(process.cwd(), 'resources/demo-city/assets.json'), 'utf8')) as CityAssets;
const NOW = new Date('2026-11-03T02:00:00Z'); // 09:00 on 3 November in Đông Hà

/** Every text the PDF's fonts can draw, from their ToUnicode maps: what a reader extracts and shows. */
function pdfUnicode(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  let out = '';
  for (const m of text.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let body: string;
    try {
      body = inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const cmap of body.matchAll(/<([0-9a-fA-F]{4})> <([0-9a-fA-F]{4,})>/g)) out += String.fromCharCode(parseInt(cmap[2]!.slice(0, 4), 16));
    for (const range of body.matchAll(/<([0-9a-fA-F]{4})> <([0-9a-fA-F]{4})> \[([^\]]*)\]/g)) {
      for (const hex of range[3]!.matchAll(/<([0-9a-fA-F]{4})>/g)) out += String.fromCharCode(parseInt(hex[1]!, 16));
    }
  }
  return out;
}

describe('ReportService', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  async function make() {
    const { dir, cleanup } = makeTempDir('ioc-reports-');
    const store = await openAnalyticsTestStore();
    const analytics = await AnalyticsStore.open({ store });
    const reports = new ReportService({ store, analytics, dir, now: () => NOW });
    cleanups.push(cleanup, () => store.dispose(), () => analytics.dispose(), () => reports.dispose());
    const { from, to } = lastFullPeriod('monthly', NOW);
    await analytics.appendEvents(demoEvents(assets, from.getTime(), to.getTime()));
    return { reports, analytics, store };
  }

  it('computes the last full day, week and month in local time', () => {
    expect(lastFullPeriod('daily', NOW)).toEqual({ from: new Date('2026-11-01T17:00:00Z'), to: new Date('2026-11-02T17:00:00Z') });
    // 3 Nov 2026 is a Tuesday: last week ran Monday 26 Oct to Monday 2 Nov.
    expect(lastFullPeriod('weekly', NOW)).toEqual({ from: new Date('2026-10-25T17:00:00Z'), to: new Date('2026-11-01T17:00:00Z') });
    expect(lastFullPeriod('monthly', NOW)).toEqual({ from: new Date('2026-09-30T17:00:00Z'), to: new Date('2026-10-31T17:00:00Z') });
  });

  it('writes a monthly PDF in Vietnamese with Noto Sans embedded and lists it', async () => {
    const { reports } = await make();
    const record = await reports.create({ period: 'monthly', format: 'pdf', language: 'vi', createdBy: 'tester' });
    expect(record).toMatchObject({ period: 'monthly', format: 'pdf', from: '2026-09-30T17:00:00.000Z', createdBy: 'tester' });
    const file = await reports.read(record.id);
    expect(file.mime).toBe('application/pdf');
    expect(file.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(file.bytes.toString('latin1')).toMatch(/FontFile2/);
    expect(file.bytes.toString('latin1')).toMatch(/NotoSans/);
    const glyphs = new Set(pdfUnicode(file.bytes));
    for (const ch of 'BÁOCTHNGĐiệnăgượđờạốả') expect(glyphs.has(ch), `glyph ${ch}`).toBe(true);
    expect((await reports.list()).map((r) => r.id)).toEqual([record.id]);
  }, 60_000);

  it('writes XLSX and CSV with the same figures', async () => {
    const { reports } = await make();
    const xlsx = await reports.create({ period: 'monthly', format: 'xlsx', language: 'vi', createdBy: 'tester' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await reports.read(xlsx.id)).bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toContain('Chỉ số chính');
    const kpiSheet = book.getWorksheet('Chỉ số chính')!;
    const vehiclesRow = kpiSheet.getRows(4, 1)![0]!;
    expect(vehiclesRow.getCell(1).value).toBe('Lượt phương tiện');
    const csv = await reports.create({ period: 'adhoc', format: 'csv', language: 'en', createdBy: 'tester', range: lastFullPeriod('weekly', NOW) });
    const text = (await reports.read(csv.id)).bytes.toString('utf8');
    expect(text.startsWith('\uFEFFON-DEMAND REPORT')).toBe(true);
    expect(text).toContain('Traffic volume by road');
  }, 60_000);

  it('makes each periodic report once, and refuses an on-demand report without a range', async () => {
    const { reports } = await make();
    expect((await reports.runSchedule()).map((r) => r.period)).toEqual(['daily', 'weekly', 'monthly']);
    expect(await reports.runSchedule()).toEqual([]);
    await expect(reports.create({ period: 'adhoc', format: 'pdf', language: 'vi', createdBy: 'x' })).rejects.toThrow(ReportError);
    await expect(reports.read('00000000-0000-4000-8000-000000000000')).rejects.toThrow(/no report/);
  }, 60_000);

  it('quotes CSV cells and defuses spreadsheet formulas', () => {
    expect(csvRow(['a,b', 'say "hi"', '=SUM(A1)', -3, '-4.5', null])).toBe('"a,b","say ""hi""",\'=SUM(A1),-3,-4.5,');
  });
});
