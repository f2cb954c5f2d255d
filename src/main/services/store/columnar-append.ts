import { createRequire } from 'node:module';
import {
  type DuckDBAppender,
  DuckDBDataChunk,
  type DuckDBType,
  DuckDBTypeId,
  JSToDuckDBValueConverter,
} from '@duckdb/node-api';
import type * as Bindings from '@duckdb/node-bindings';
import type { SqlValue } from './sql-values';

/**
 * The appender's fast path: rows are written into DuckDB data chunks a column at a time, from
 * typed arrays copied into each vector in one native call, instead of one converted value (and,
 * for a string, one native call) per cell.
 *
 * It writes exactly what `DuckDBDataChunkWriter` with `JSToDuckDBValueConverter` writes (the
 * reference path, kept in the store and tested against this one). A chunk holding anything this
 * path does not handle bit for bit — a type it does not know, a value of an unexpected JS type,
 * a number beyond 2^53 for a BIGINT, a date past the year 2255 — is written by the reference path
 * instead, so it gets the same value or the same error.
 *
 * Strings: a string_t is 16 bytes (length, then up to 12 bytes inline, else a 4-byte prefix and a
 * pointer into the vector's own string heap). Short strings are encoded here, each distinct one
 * once per batch. A long string is assigned through DuckDB once per chunk, its string_t read back,
 * and that same string_t (the pointer into the vector's heap) reused for its other rows in the
 * chunk: valid for as long as the chunk lives, which covers the append that copies it.
 */

// @duckdb/node-bindings is @duckdb/node-api's own dependency, resolved from there: the store uses
// exactly the binding node-api loads, in development and in the packaged app, without bundling it.
const requireHere = createRequire(import.meta.url);
const duckdb = createRequire(requireHere.resolve('@duckdb/node-api'))('@duckdb/node-bindings') as typeof Bindings;

type Kind = 'bool' | 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64' | 'f32' | 'f64' | 'ts' | 'date' | 'str';

const VECTOR = duckdb.vector_size();
const TWO32 = 4294967296;
/** |ms| up to this keeps ms × 1000 an exact double (2^53 µs is in the year 2255). */
const MAX_EXACT_MS = Math.floor(Number.MAX_SAFE_INTEGER / 1000);
/** Distinct strings remembered per column per batch; past it strings are encoded as they come. */
const MAX_INTERNED = 65_536;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function kindOf(type: DuckDBType): Kind | null {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return duckdb.sizeof_bool === 1 ? 'bool' : null;
    case DuckDBTypeId.TINYINT:
      return 'i8';
    case DuckDBTypeId.UTINYINT:
      return 'u8';
    case DuckDBTypeId.SMALLINT:
      return 'i16';
    case DuckDBTypeId.USMALLINT:
      return 'u16';
    case DuckDBTypeId.INTEGER:
      return 'i32';
    case DuckDBTypeId.UINTEGER:
      return 'u32';
    case DuckDBTypeId.BIGINT:
      return 'i64';
    case DuckDBTypeId.UBIGINT:
      return 'u64';
    case DuckDBTypeId.FLOAT:
      return 'f32';
    case DuckDBTypeId.DOUBLE:
      return 'f64';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'ts';
    case DuckDBTypeId.DATE:
      return 'date';
    case DuckDBTypeId.VARCHAR:
      return 'str';
    default:
      return null;
  }
}

const INT_RANGE: Partial<Record<Kind, [number, number]>> = {
  i8: [-128, 127],
  u8: [0, 255],
  i16: [-32768, 32767],
  u16: [0, 65535],
  i32: [-2147483648, 2147483647],
  u32: [0, 4294967295],
};

type Rows = readonly (readonly SqlValue[])[];

/** Validity bits of one column of one chunk (LE words: bit i of word i >> 5, as DuckDB's uint64 mask reads). */
class Validity {
  readonly words = new Int32Array(Math.ceil(VECTOR / 64) * 2);
  any = false;
  start(): void {
    this.any = false;
  }
  setNull(i: number): void {
    if (!this.any) {
      this.words.fill(-1);
      this.any = true;
    }
    this.words[i >> 5]! &= ~(1 << (i & 31));
  }
  flush(vector: Bindings.Vector, count: number): void {
    if (!this.any) return;
    duckdb.vector_ensure_validity_writable(vector);
    duckdb.copy_data_to_vector_validity(vector, 0, this.words.buffer, 0, Math.ceil(count / 64) * 8);
  }
}

const encoder = new TextEncoder();

/** Strings of one column: buffers for one chunk and what is known of each distinct string in the batch. */
class StringColumn {
  readonly cells = new Int32Array(VECTOR * 4);
  private readonly bytes = new Uint8Array(this.cells.buffer);
  /** Interned strings: ≥ 0 an inline string_t at `pool[4 × id]`, < 0 the long string `~id`. */
  private readonly ids = new Map<string, number>();
  private pool = new Int32Array(256 * 4);
  private poolBytes = new Uint8Array(this.pool.buffer);
  private inlineCount = 0;
  private longCount = 0;
  /** Per long string: the chunk it was last assigned in, and the row it was assigned to. */
  private longChunk = new Int32Array(64).fill(-1);
  private longRow = new Int32Array(64);
  private readonly scratch = new Uint8Array(16);
  /** Pairs (row, row whose string_t it copies) filled once the vector's string_t are read back. */
  private readBack: number[] = [];

  /** Fills rows [start, start + count) of column `src`; false on a value this path does not write. */
  fill(rows: Rows, src: number, start: number, count: number, chunkNo: number, vector: Bindings.Vector, validity: Validity): boolean {
    const cells = this.cells;
    this.readBack.length = 0;
    for (let i = 0; i < count; i++) {
      const v = rows[start + i]![src];
      const o = i << 2;
      if (v == null) {
        validity.setNull(i);
        cells[o] = 0;
        cells[o + 1] = 0;
        cells[o + 2] = 0;
        cells[o + 3] = 0;
        continue;
      }
      if (typeof v !== 'string') return false;
      let id = this.ids.get(v);
      if (id === undefined) id = this.intern(v);
      if (id >= 0) {
        const p = id << 2;
        const pool = this.pool;
        cells[o] = pool[p]!;
        cells[o + 1] = pool[p + 1]!;
        cells[o + 2] = pool[p + 2]!;
        cells[o + 3] = pool[p + 3]!;
      } else if (id === NOT_INTERNED) {
        // Beyond the interning limit: a short one is encoded in place, a long one assigned here.
        if (!this.encodeShort(v, this.bytes, o << 2)) {
          duckdb.vector_assign_string_element(vector, i, v);
          this.readBack.push(i, i);
        }
      } else {
        const long = ~id;
        if (this.longChunk[long] !== chunkNo) {
          duckdb.vector_assign_string_element(vector, i, v);
          this.longChunk[long] = chunkNo;
          this.longRow[long] = i;
        }
        this.readBack.push(i, this.longRow[long]!);
      }
    }
    if (this.readBack.length) {
      const assigned = duckdb.vector_get_data(vector, count * 16);
      const words =
        assigned.byteOffset % 4 === 0
          ? new Int32Array(assigned.buffer, assigned.byteOffset, count * 4)
          : new Int32Array(assigned.slice().buffer, 0, count * 4);
      const pairs = this.readBack;
      for (let k = 0; k < pairs.length; k += 2) {
        const d = pairs[k]! << 2;
        const s = pairs[k + 1]! << 2;
        cells[d] = words[s]!;
        cells[d + 1] = words[s + 1]!;
        cells[d + 2] = words[s + 2]!;
        cells[d + 3] = words[s + 3]!;
      }
    }
    return true;
  }

  private intern(v: string): number {
    if (this.ids.size >= MAX_INTERNED) return NOT_INTERNED;
    if (this.encodeShort(v, this.scratch, 0)) {
      const id = this.inlineCount++;
      if ((id + 1) * 4 > this.pool.length) {
        const grown = new Int32Array(this.pool.length * 2);
        grown.set(this.pool);
        this.pool = grown;
        this.poolBytes = new Uint8Array(grown.buffer);
      }
      this.poolBytes.set(this.scratch, id * 16);
      this.ids.set(v, id);
      return id;
    }
    const long = this.longCount++;
    if (long >= this.longChunk.length) {
      const chunks = new Int32Array(this.longChunk.length * 2).fill(-1);
      chunks.set(this.longChunk);
      this.longChunk = chunks;
      const rowsAt = new Int32Array(this.longRow.length * 2);
      rowsAt.set(this.longRow);
      this.longRow = rowsAt;
    }
    this.ids.set(v, ~long);
    return ~long;
  }

  /** Writes `v` as an inline string_t (zero-padded, as DuckDB compares all 16 bytes) if it is 12 UTF-8 bytes or fewer. */
  private encodeShort(v: string, out: Uint8Array, at: number): boolean {
    const n = v.length;
    // Every UTF-16 unit takes at least one UTF-8 byte.
    if (n > 12) return false;
    let ascii = true;
    for (let k = 0; k < n; k++) {
      if (v.charCodeAt(k) > 0x7f) {
        ascii = false;
        break;
      }
    }
    out.fill(0, at, at + 16);
    if (ascii) {
      for (let k = 0; k < n; k++) out[at + 4 + k] = v.charCodeAt(k);
      writeLength(out, at, n);
      return true;
    }
    // Lone surrogates become U+FFFD here exactly as in N-API's UTF-8 conversion.
    const encoded = encoder.encode(v);
    if (encoded.length > 12) return false;
    out.set(encoded, at + 4);
    writeLength(out, at, encoded.length);
    return true;
  }
}

const NOT_INTERNED = -0x7fffffff;

function writeLength(out: Uint8Array, at: number, n: number): void {
  out[at] = n;
  out[at + 1] = 0;
  out[at + 2] = 0;
  out[at + 3] = 0;
}

/** In an append order: the column the store numbers itself (see `AppendOptions.sequence`). */
export const SEQUENCE = -1;

interface Column {
  kind: Kind;
  /** Index of the column's value in the caller's rows, or SEQUENCE. */
  src: number;
  /** Fixed-width values of one chunk. */
  data: ArrayBuffer;
  strings?: StringColumn;
}

/**
 * Appends rows to one appender, a data chunk at a time. Build one per batch: what it learns of
 * the strings (their encodings) is kept for the batch.
 */
export class ColumnarAppender {
  private readonly types: DuckDBType[];
  private readonly columns: (Column | null)[];
  private readonly validity = new Validity();
  private chunk: DuckDBDataChunk | undefined;
  private chunkNo = 0;
  /** Chunks written column-wise, and by the reference path (a value this path does not write). */
  columnarChunks = 0;
  referenceChunks = 0;

  constructor(
    private readonly appender: DuckDBAppender,
    /** For each table column, in table order, the index of its value in the caller's rows (or SEQUENCE). */
    private readonly order: readonly number[],
    /** The number the SEQUENCE column gets on the first row; each next row one more. */
    private readonly firstNumber = 0,
  ) {
    this.types = order.map((_, i) => appender.columnType(i));
    this.columns = this.types.map((type, i) => {
      const kind = kindOf(type);
      if (!kind) return null;
      const width = kind === 'str' ? 0 : BYTES[kind];
      const column: Column = { kind, src: order[i]!, data: new ArrayBuffer(width * VECTOR) };
      if (kind === 'str') column.strings = new StringColumn();
      return column;
    });
  }

  /** Whether every column has a type this path writes (else every chunk takes the reference path). */
  get columnar(): boolean {
    return this.columns.every((c) => c !== null);
  }

  appendRows(rows: Rows): void {
    for (let start = 0; start < rows.length; start += VECTOR) {
      const count = Math.min(VECTOR, rows.length - start);
      if (!this.columnar || !this.writeChunk(rows, start, count)) this.writeReference(rows, start, count);
    }
  }

  private writeChunk(rows: Rows, start: number, count: number): boolean {
    // One chunk serves the whole batch: reset, it drops the previous chunk's strings and NULLs.
    if (!this.chunk) this.chunk = DuckDBDataChunk.create(this.types);
    else duckdb.data_chunk_reset(this.chunk.chunk);
    const chunk = this.chunk.chunk;
    const chunkNo = ++this.chunkNo;
    for (let c = 0; c < this.columns.length; c++) {
      const column = this.columns[c]!;
      const vector = duckdb.data_chunk_get_vector(chunk, c);
      this.validity.start();
      let ok: boolean;
      if (column.strings) {
        ok = column.strings.fill(rows, column.src, start, count, chunkNo, vector, this.validity);
        if (ok) duckdb.copy_data_to_vector(vector, 0, column.strings.cells.buffer, 0, count * 16);
      } else if (column.src === SEQUENCE) {
        ok = fillSequence(column, this.firstNumber + start, count);
        if (ok) duckdb.copy_data_to_vector(vector, 0, column.data, 0, count * BYTES[column.kind]);
      } else {
        ok = fillFixed(column, rows, start, count, this.validity);
        if (ok) duckdb.copy_data_to_vector(vector, 0, column.data, 0, count * BYTES[column.kind]);
      }
      if (!ok) return false;
      this.validity.flush(vector, count);
    }
    duckdb.data_chunk_set_size(chunk, count);
    this.appender.appendDataChunk(this.chunk);
    this.columnarChunks++;
    return true;
  }

  /** The reference path for one chunk: the same conversion DuckDBDataChunkWriter makes. */
  private writeReference(rows: Rows, start: number, count: number): void {
    this.referenceChunks++;
    const chunk = DuckDBDataChunk.create(this.types);
    const ordered: SqlValue[][] = [];
    for (let i = 0; i < count; i++) {
      const row = rows[start + i]!;
      ordered.push(this.order.map((k) => (k === SEQUENCE ? this.firstNumber + start + i : (row[k] ?? null))));
    }
    chunk.setRowsConverted(ordered, JSToDuckDBValueConverter);
    this.appender.appendDataChunk(chunk);
  }
}

const BYTES: Record<Kind, number> = { bool: 1, i8: 1, u8: 1, i16: 2, u16: 2, i32: 4, u32: 4, i64: 8, u64: 8, f32: 4, f64: 8, ts: 8, date: 4, str: 16 };

/** Consecutive safe integers from `first` into a BIGINT or UBIGINT column; other types go the reference way. */
function fillSequence(column: Column, first: number, count: number): boolean {
  if (column.kind !== 'i64' && column.kind !== 'u64') return false;
  if (first < (column.kind === 'u64' ? 0 : -Number.MAX_SAFE_INTEGER) || first + count - 1 > Number.MAX_SAFE_INTEGER) return false;
  const words = new Int32Array(column.data);
  for (let i = 0; i < count; i++) {
    const v = first + i;
    const h = Math.floor(v / TWO32);
    words[2 * i] = v - h * TWO32;
    words[2 * i + 1] = h;
  }
  return true;
}

function fillFixed(column: Column, rows: Rows, start: number, count: number, validity: Validity): boolean {
  const src = column.src;
  switch (column.kind) {
    case 'f64': {
      const out = new Float64Array(column.data);
      for (let i = 0; i < count; i++) {
        const v = rows[start + i]![src];
        if (v == null) {
          validity.setNull(i);
          out[i] = 0;
        } else if (typeof v === 'number') out[i] = v;
        else return false;
      }
      return true;
    }
    case 'f32': {
      const out = new Float32Array(column.data);
      for (let i = 0; i < count; i++) {
        const v = rows[start + i]![src];
        if (v == null) {
          validity.setNull(i);
          out[i] = 0;
        } else if (typeof v === 'number') out[i] = v;
        else return false;
      }
      return true;
    }
    case 'bool': {
      const out = new Uint8Array(column.data);
      for (let i = 0; i < count; i++) {
        const v = rows[start + i]![src];
        if (v == null) {
          validity.setNull(i);
          out[i] = 0;
        } else if (typeof v === 'boolean') out[i] = v ? 1 : 0;
        else return false;
      }
      return true;
    }
    case 'i8':
    case 'u8':
    case 'i16':
    case 'u16':
    case 'i32':
    case 'u32': {
      const out = intView(column.kind, column.data);
      const [lo, hi] = INT_RANGE[column.kind]!;
      for (let i = 0; i < count; i++) {
        const v = rows[start + i]![src];
        if (v == null) {
          validity.setNull(i);
          out[i] = 0;
        } else if (typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi) out[i] = v;
        else return false;
      }
      return true;
    }
    case 'i64':
    case 'u64': {
      const words = new Int32Array(column.data);
      const big = column.kind === 'i64' ? new BigInt64Array(column.data) : new BigUint64Array(column.data);
      const min = column.kind === 'i64' ? -Number.MAX_SAFE_INTEGER : 0;
      const bigMin = column.kind === 'i64' ? INT64_MIN : 0n;
      const bigMax = column.kind === 'i64' ? INT64_MAX : UINT64_MAX;
      for (let i = 0; i < count; i++) {
        const v = rows[start + i]![src];
        if (v == null) {
          validity.setNull(i);
          words[2 * i] = 0;
          words[2 * i + 1] = 0;
        } else if (typeof v === 'number') {
          if (!(v >= min && v <= Number.MAX_SAFE_INTEGER && Math.floor(v) === v)) return false;
          const h = Math.floor(v / TWO32);
          words[2 * i] = v - h * TWO32;
          words[2 * i + 1] = h;
        } else if (typeof v === 'bigint') {
          if (v < bigMin || v > bigMax) return false;
          big[i] = v;
        } else return false;
      }
      return true;
    }
    case 'ts': {
      const words = new Int32Array(column.data);
      for (let i = 0; i < count; i++) {
        const v = rows[start + i]![src];
        if (v == null) {
          validity.setNull(i);
          words[2 * i] = 0;
          words[2 * i + 1] = 0;
        } else if (v instanceof Date) {
          const ms = v.getTime();
          if (!(ms >= -MAX_EXACT_MS && ms <= MAX_EXACT_MS)) return false;
          const us = ms * 1000;
          const h = Math.floor(us / TWO32);
          words[2 * i] = us - h * TWO32;
          words[2 * i + 1] = h;
        } else return false;
      }
      return true;
    }
    case 'date': {
      const out = new Int32Array(column.data);
      for (let i = 0; i < count; i++) {
        const v = rows[start + i]![src];
        if (v == null) {
          validity.setNull(i);
          out[i] = 0;
        } else if (v instanceof Date) {
          const ms = v.getTime();
          if (Number.isNaN(ms)) return false;
          out[i] = Math.floor(ms / 86_400_000);
        } else return false;
      }
      return true;
    }
    default:
      return false;
  }
}

function intView(kind: Kind, data: ArrayBuffer): Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array {
  switch (kind) {
    case 'i8':
      return new Int8Array(data);
    case 'u8':
      return new Uint8Array(data);
    case 'i16':
      return new Int16Array(data);
    case 'u16':
      return new Uint16Array(data);
    case 'i32':
      return new Int32Array(data);
    default:
      return new Uint32Array(data);
  }
}
