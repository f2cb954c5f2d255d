import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { isDiskFull, removePartial } from '../analytics-store/disk-full';
import { join } from 'node:path';
import type { ReportFormat, ReportPeriod, ReportRecord } from '../../../shared/domain/analytics-reports';
import type { Disposable } from '../../../shared/lib/lifecycle';
import type { AnalyticsStore } from '../analytics-store/analytics-store';
import { silentLogger, type Logger } from '../log/logger';
import type { StoreService } from '../store/store-service';
import { buildReportData } from './report-data';
import { lastFullPeriod, localDate } from './report-period';
import { reportStrings, type ReportLanguage } from './report-strings';
import { debianNotoSans, renderCsv, renderPdf, renderXlsx, type PdfFonts } from './render-report';

export interface ReportServiceOptions {
  store: StoreService;
  analytics: AnalyticsStore;
  /** Where report files are kept (the data folder's reports/). */
  dir: string;
  fonts?: PdfFonts;
  log?: Logger;
  now?: () => Date;
}

export interface CreateReport {
  period: ReportPeriod;
  format: ReportFormat;
  language: ReportLanguage;
  range?: { from: Date; to: Date };
  at?: Date;
  createdBy: string;
}

export class ReportError extends Error {
  constructor(
    readonly code: 'BAD_RANGE' | 'NOT_FOUND' | 'DISK_FULL',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ReportError';
  }
}

const mimes: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/**
 * Báo cáo định kỳ and đột xuất: builds each report from the rollups, writes the file
 * atomically into the reports folder and lists it; `runSchedule` produces the periodic ones
 * that are due (yesterday, last week, last month) exactly once each.
 */
export class ReportService implements Disposable {
  private readonly log: Logger;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private first: NodeJS.Timeout | undefined;

  constructor(private readonly options: ReportServiceOptions) {
    this.log = options.log ?? silentLogger;
    this.now = options.now ?? (() => new Date());
    mkdirSync(options.dir, { recursive: true });
  }

  async create(req: CreateReport): Promise<ReportRecord> {
    const offset = this.options.analytics.utcOffsetMinutes;
    const range = req.period === 'adhoc' ? req.range : lastFullPeriod(req.period, req.at ?? this.now(), offset);
    if (!range || range.from >= range.to) throw new ReportError('BAD_RANGE', 'an on-demand report needs a range that runs forwards');
    const refused = this.options.analytics.health();
    if (refused.state === 'diskFull') throw new ReportError('DISK_FULL', `report refused: the disk is full (${refused.lastError ?? 'no space left'}); free some space and try again`);
    const s = reportStrings[req.language];
    const subtitle = `${s.period}: ${localDate(range.from, offset)} – ${localDate(new Date(range.to.getTime() - 1), offset)} · ${s.generated}: ${localDate(this.now(), offset)}`;
    await this.options.analytics.refreshRollups();
    const data = await buildReportData(this.options.analytics, range.from, range.to, req.language, s[req.period], subtitle);
    const bytes =
      req.format === 'pdf'
        ? await renderPdf(data, req.language, this.options.fonts ?? debianNotoSans)
        : req.format === 'xlsx'
          ? await renderXlsx(data, req.language)
          : renderCsv(data, req.language);
    const id = randomUUID();
    const day = (d: Date) => localDate(d, offset).split('/').reverse().join('-');
    const fileName = `bao-cao-${req.period}-${day(range.from)}_${day(new Date(range.to.getTime() - 1))}-${id.slice(0, 8)}.${req.format}`;
    const path = join(this.options.dir, fileName);
    try {
      writeFileSync(`${path}.part`, bytes);
      renameSync(`${path}.part`, path);
    } catch (err) {
      removePartial(`${path}.part`);
      if (!isDiskFull(err)) throw err;
      this.options.analytics.noteWriteFailure(err);
      throw new ReportError('DISK_FULL', `report not saved: the disk is full (${(err as Error).message})`, { cause: err });
    }
    const record: ReportRecord = {
      id,
      period: req.period,
      format: req.format,
      language: req.language,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      fileName,
      bytes: bytes.length,
      createdAt: this.now().toISOString(),
      createdBy: req.createdBy,
    };
    await this.options.store.run('INSERT INTO an_reports VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
      id,
      record.period,
      record.format,
      record.language,
      range.from,
      range.to,
      fileName,
      bytes.length,
      new Date(record.createdAt),
      record.createdBy,
    ]);
    return record;
  }

  async list(limit = 200): Promise<ReportRecord[]> {
    const rows = await this.options.store.all<{ id: string; period: ReportPeriod; format: ReportFormat; language: ReportLanguage; range_from: Date; range_to: Date; file_name: string; bytes: bigint; created_at: Date; created_by: string }>(
      'SELECT * FROM an_reports ORDER BY created_at DESC LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      period: r.period,
      format: r.format,
      language: r.language,
      from: new Date(r.range_from).toISOString(),
      to: new Date(r.range_to).toISOString(),
      fileName: r.file_name,
      bytes: Number(r.bytes),
      createdAt: new Date(r.created_at).toISOString(),
      createdBy: r.created_by,
    }));
  }

  async read(id: string): Promise<{ name: string; mime: string; bytes: Buffer }> {
    const rows = await this.options.store.all<{ file_name: string; format: ReportFormat }>('SELECT file_name, format FROM an_reports WHERE id = $1', [id]);
    const row = rows[0];
    if (!row) throw new ReportError('NOT_FOUND', `no report ${id}`);
    return { name: row.file_name, mime: mimes[row.format], bytes: readFileSync(join(this.options.dir, row.file_name)) };
  }

  /** Creates each periodic PDF report that is due and not yet made; returns the ones created. */
  async runSchedule(): Promise<ReportRecord[]> {
    const made: ReportRecord[] = [];
    for (const period of ['daily', 'weekly', 'monthly'] as const) {
      const range = lastFullPeriod(period, this.now(), this.options.analytics.utcOffsetMinutes);
      const existing = await this.options.store.all('SELECT id FROM an_reports WHERE period = $1 AND range_from = $2 AND created_by = $3', [period, range.from, 'system']);
      if (existing.length) continue;
      made.push(await this.create({ period, format: 'pdf', language: 'vi', createdBy: 'system' }));
    }
    return made;
  }

  /** Checks for due reports a minute after start (not during it) and then every hour. */
  startSchedule(intervalMs = 3_600_000, firstDelayMs = 60_000): void {
    const tick = () => this.runSchedule().catch((err: unknown) => this.log.error('scheduled reports failed', { err }));
    this.first = setTimeout(tick, firstDelayMs);
    this.first.unref();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  dispose(): void {
    if (this.first) clearTimeout(this.first);
    if (this.timer) clearInterval(this.timer);
  }
}
