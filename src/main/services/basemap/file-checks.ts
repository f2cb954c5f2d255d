import { open, stat } from 'node:fs/promises';
import { isAbsolute, normalize } from 'node:path';
import { refuse } from './errors';
import type { BasemapLimits } from './limits';

export type ArchiveKind = 'pmtiles' | 'mbtiles';

export interface CheckedFile {
  readonly path: string;
  readonly size: number;
  readonly kind: ArchiveKind;
}

const PMTILES_MAGIC = 'PMTiles';
const SQLITE_MAGIC = 'SQLite format 3\0';

/** What a refused file looks like, so the message says more than "unknown format". */
const lookalikes: ReadonlyArray<{ prefix: number[]; what: string }> = [
  { prefix: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { prefix: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { prefix: [0x52, 0x49, 0x46, 0x46], what: 'a RIFF/WebP file' },
  { prefix: [0x1f, 0x8b], what: 'a gzip archive' },
  { prefix: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive' },
  { prefix: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { prefix: [0x7b], what: 'JSON text (GeoJSON belongs in the layer import, not the basemap)' },
];

/**
 * Decides from the path and the file's first bytes whether it may be a basemap archive.
 * Extensions are ignored: a PNG renamed ".mbtiles" is still a PNG.
 */
export async function checkBasemapFile(rawPath: string, limits: BasemapLimits): Promise<CheckedFile> {
  if (typeof rawPath !== 'string' || rawPath.trim() === '') throw refuse('bad-path', 'the basemap path is empty');
  if (rawPath.includes('\0')) throw refuse('bad-path', 'the basemap path contains a NUL character');
  if (!isAbsolute(rawPath)) {
    throw refuse('bad-path', `the basemap path must be absolute (a full path on this station), got "${rawPath.slice(0, 200)}"`);
  }
  const path = normalize(rawPath);

  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw fsRefusal(err, path);
  }
  if (!info.isFile()) {
    throw refuse('not-a-file', `${path} is ${info.isDirectory() ? 'a folder' : 'not a regular file'}; choose a .pmtiles or .mbtiles file`, { path });
  }
  const size = info.size;
  if (size === 0) throw refuse('empty', `${path} is empty (0 bytes)`, { path });

  const head = await readHead(path, 16);
  const kind = identify(head);
  if (!kind) {
    const what = lookalikes.find((l) => l.prefix.every((b, i) => head[i] === b))?.what;
    throw refuse(
      'unknown-format',
      `${path} is not a PMTiles or MBTiles file${what ? `: it looks like ${what}` : ''}`,
      { path },
    );
  }
  const max = kind === 'mbtiles' ? limits.maxMbtilesBytes : limits.maxPmtilesBytes;
  if (size > max) {
    throw refuse('too-large', `${path} is ${formatBytes(size)}; ${kind === 'mbtiles' ? 'MBTiles' : 'PMTiles'} files up to ${formatBytes(max)} are accepted`, {
      path,
      size,
      limit: max,
    });
  }
  return { path, size, kind };
}

function identify(head: Uint8Array): ArchiveKind | null {
  const text = String.fromCharCode(...head);
  if (text.startsWith(PMTILES_MAGIC)) return 'pmtiles';
  if (text.startsWith(SQLITE_MAGIC)) return 'mbtiles';
  return null;
}

async function readHead(path: string, length: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
    const buf = new Uint8Array(length);
    const { bytesRead } = await handle.read(buf, 0, length, 0);
    return buf.subarray(0, bytesRead);
  } catch (err) {
    throw fsRefusal(err, path);
  } finally {
    await handle?.close();
  }
}

function fsRefusal(err: unknown, path: string): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return refuse('not-found', `no file at ${path}`, { path });
  if (code === 'EACCES' || code === 'EPERM') return refuse('unreadable', `${path} cannot be read (permission denied)`, { path });
  if (code) return refuse('unreadable', `${path} cannot be read (${code})`, { path });
  return err;
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
