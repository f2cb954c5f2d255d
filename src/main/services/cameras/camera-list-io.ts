import { cameraListRowSchema, type CameraListRow } from '../../../shared/domain/camera-registry';
import type { CameraRecord } from './camera-record';

export const CSV_COLUMNS = ['id', 'name', 'kind', 'wardId', 'lng', 'lat', 'heading', 'address', 'group', 'rtspMain', 'rtspSub'] as const;
export const MAX_IMPORT_ROWS = 5000;

export interface ParsedList {
  rows: { row: number; value: CameraListRow }[];
  errors: { row: number; message: string }[];
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF; a header row naming the columns. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new Error('a quoted field is never closed');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  // A leading =, +, - or @ would be run as a formula by a spreadsheet: quote it.
  const guarded = /^[=+\-@]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(guarded) || guarded !== s ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function readCameraList(format: 'csv' | 'json', text: string): ParsedList {
  let objects: unknown[];
  const errors: ParsedList['errors'] = [];
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return { rows: [], errors: [{ row: 0, message: `not JSON: ${(err as Error).message}` }] };
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { cameras?: unknown })?.cameras;
    if (!Array.isArray(list)) return { rows: [], errors: [{ row: 0, message: 'expected an array of cameras or { "cameras": [...] }' }] };
    objects = list;
  } else {
    let table: string[][];
    try {
      table = parseCsv(text.replace(/^\uFEFF/, ''));
    } catch (err) {
      return { rows: [], errors: [{ row: 0, message: (err as Error).message }] };
    }
    const [header, ...body] = table;
    if (!header) return { rows: [], errors: [{ row: 0, message: 'empty file' }] };
    const names = header.map((h) => h.trim());
    const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
    if (unknown.length > 0) errors.push({ row: 1, message: `unknown columns ignored: ${unknown.join(', ')}` });
    if (!names.includes('id') || !names.includes('name')) return { rows: [], errors: [{ row: 1, message: 'the header must name at least the columns id and name' }] };
    // A blank cell is a value not given, so the column's default applies (an empty address is '', not null).
    objects = body.map((cells) => Object.fromEntries(names.flatMap((n, i) => { const v = blankToUndefined(cells[i]); return v === undefined ? [] : [[n, v]]; })));
  }
  if (objects.length > MAX_IMPORT_ROWS) return { rows: [], errors: [{ row: 0, message: `at most ${MAX_IMPORT_ROWS} cameras per file` }] };
  const rows: ParsedList['rows'] = [];
  const seen = new Set<string>();
  objects.forEach((o, i) => {
    const row = format === 'csv' ? i + 2 : i + 1;
    const result = cameraListRowSchema.safeParse(o);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      errors.push({ row, message: `${issue.path.join('.') || 'row'}: ${issue.message}` });
      return;
    }
    if (seen.has(result.data.id)) {
      errors.push({ row, message: `duplicate id ${result.data.id}` });
      return;
    }
    if ((result.data.lng === null) !== (result.data.lat === null)) {
      errors.push({ row, message: 'give both lng and lat, or neither' });
      return;
    }
    seen.add(result.data.id);
    rows.push({ row, value: result.data });
  });
  return { rows, errors };
}

function blankToUndefined(cell: string | undefined): string | undefined {
  const t = cell?.trim();
  return t === undefined || t === '' ? undefined : t;
}

function toRow(c: CameraRecord, includeUris: boolean): Record<(typeof CSV_COLUMNS)[number], unknown> {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    wardId: c.wardId,
    lng: c.position?.[0] ?? null,
    lat: c.position?.[1] ?? null,
    heading: c.heading,
    address: c.address,
    group: c.group,
    // Stream URIs are exported only for plain RTSP cameras; they may hold credentials otherwise.
    rtspMain: includeUris && c.source === 'rtsp' ? c.uriMain : null,
    rtspSub: includeUris && c.source === 'rtsp' ? c.uriSub : null,
  };
}

export function writeCameraList(format: 'csv' | 'json', cameras: readonly CameraRecord[]): string {
  const rows = cameras.map((c) => toRow(c, true));
  if (format === 'json') return `${JSON.stringify({ cameras: rows }, null, 2)}\n`;
  return `${[CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((k) => csvCell(r[k])).join(','))].join('\r\n')}\r\n`;
}
