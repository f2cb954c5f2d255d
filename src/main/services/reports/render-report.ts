import PDFDocument from 'pdfkit';
import ExcelJS from 'exceljs';
import type { ReportData } from './report-data';
import { reportStrings, type ReportLanguage } from './report-strings';

export interface PdfFonts {
  regular: string;
  bold: string;
}

/** Noto Sans from Debian's fonts-noto-core: full Vietnamese coverage (stacked diacritics included). */
export const debianNotoSans: PdfFonts = {
  regular: '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf',
  bold: '/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf',
};

const fmt = (x: number | string | null, language: ReportLanguage) =>
  x === null ? '—' : typeof x === 'number' ? x.toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }) : x;

function kpiRows(data: ReportData, language: ReportLanguage): string[][] {
  const s = reportStrings[language];
  return data.kpis.map((k) => {
    const change = k.value !== null && k.previous ? `${(((k.value - k.previous) / Math.abs(k.previous)) * 100).toFixed(1)} %` : '—';
    const ratio = k.id === 'signalAvailability' || k.id === 'energySavings';
    const show = (v: number | null) => (v === null ? '—' : ratio ? `${(v * 100).toFixed(2)} %` : fmt(Math.round(v * 100) / 100, language));
    return [s.kpi[k.id], show(k.value), show(k.previous), change];
  });
}

/** A PDF with the fonts embedded (subset), so every Vietnamese letter renders on any reader. */
export function renderPdf(data: ReportData, language: ReportLanguage, fonts: PdfFonts = debianNotoSans): Promise<Buffer> {
  const s = reportStrings[language];
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: data.title, Author: s.org } });
  doc.registerFont('body', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('bold').fontSize(10).text(s.org, { align: 'center' });
  doc.moveDown(0.5).fontSize(16).text(data.title, { align: 'center' });
  doc.font('body').fontSize(10).text(data.subtitle, { align: 'center' });
  doc.moveDown();
  const table = (title: string, columns: string[], rows: (string | number)[][]) => {
    if (doc.y > 700) doc.addPage();
    doc.font('bold').fontSize(12).text(title, 50);
    doc.moveDown(0.3);
    const width = (doc.page.width - 100) / columns.length;
    const line = (cells: (string | number)[], font: 'body' | 'bold') => {
      if (doc.y > 770) doc.addPage();
      const y = doc.y;
      let h = 0;
      cells.forEach((c, i) => {
        doc.font(font).fontSize(9).text(String(fmt(c, language)), 50 + i * width, y, { width: width - 6 });
        h = Math.max(h, doc.y - y);
      });
      doc.y = y + h + 3;
    };
    line(columns, 'bold');
    for (const r of rows) line(r, 'body');
    doc.moveDown();
  };
  table(s.kpiTitle, [s.indicator, s.value, s.previous, s.change], kpiRows(data, language));
  for (const t of data.tables) table(t.title, t.columns, t.rows);
  doc.end();
  return done;
}

export async function renderXlsx(data: ReportData, language: ReportLanguage): Promise<Buffer> {
  const s = reportStrings[language];
  const book = new ExcelJS.Workbook();
  book.creator = s.org;
  const sheets: [string, string[], (string | number)[][]][] = [
    [s.kpiTitle, [s.indicator, s.value, s.previous, s.change], kpiRows(data, language)],
    ...data.tables.map((t): [string, string[], (string | number)[][]] => [t.title, t.columns, t.rows]),
  ];
  for (const [title, columns, rows] of sheets) {
    // Excel caps sheet names at 31 characters and forbids a few symbols.
    const sheet = book.addWorksheet(title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31));
    sheet.addRow([data.title]).font = { bold: true };
    sheet.addRow([data.subtitle]);
    sheet.addRow(columns).font = { bold: true };
    for (const r of rows) sheet.addRow(r);
    sheet.columns.forEach((c) => (c.width = 28));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** RFC 4180 CSV with a UTF-8 BOM so spreadsheet programs read the Vietnamese text as UTF-8. */
export function renderCsv(data: ReportData, language: ReportLanguage): Buffer {
  const s = reportStrings[language];
  const lines: string[] = [csvRow([data.title]), csvRow([data.subtitle]), ''];
  const add = (title: string, columns: string[], rows: (string | number)[][]) => {
    lines.push(csvRow([title]), csvRow(columns), ...rows.map(csvRow), '');
  };
  add(s.kpiTitle, [s.indicator, s.value, s.previous, s.change], kpiRows(data, language));
  for (const t of data.tables) add(t.title, t.columns, t.rows);
  return Buffer.from('\uFEFF' + lines.join('\r\n'), 'utf8');
}

export function csvRow(cells: readonly (string | number | null)[]): string {
  return cells
    .map((c) => {
      const text = c === null ? '' : String(c);
      // A leading =, +, - or @ would run as a formula in a spreadsheet: quote it as text.
      const safe = /^[=+\-@]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
      return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
    })
    .join(',');
}
