/**
 * The parts of an xlsx (a zip) as streams of inflated bytes. The central directory says where each part
 * is; its declared sizes are never trusted: every inflated byte is counted as it comes out of node:zlib
 * (streaming, off the main thread), against a per-part and a total budget and a cap on the ratio of
 * inflated to compressed bytes consumed so far, and the inflation stops as soon as a count passes its
 * limit. Each part's CRC-32 is checked.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { crc32, createInflateRaw } from 'node:zlib';
import { limitExceeded, unreadableXlsx } from '../errors.js';
import { IMPORT_LIMITS } from '../limits.js';

export interface ZipEntry {
  method: number;
  crc: number;
  compressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX_32 = 0xffffffff;
const CHUNK = 64 * 1024;

/** Part name → where it is. Every read is bounds-checked; anything malformed is unreadable. */
export function zipDirectory(bytes: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => Number(view.getBigUint64(at, true));
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw unreadableXlsx();
  let count = u16(eocd + 10);
  let offset = u32(eocd + 16);
  if ((offset === MAX_32 || count === 0xffff) && eocd >= 20 && u32(eocd - 20) === ZIP64_LOCATOR) {
    const zip64 = u64(eocd - 20 + 8);
    if (zip64 + 56 > bytes.length || u32(zip64) !== ZIP64_EOCD) throw unreadableXlsx();
    count = u64(zip64 + 32);
    offset = u64(zip64 + 48);
  }
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder();
  let at = offset;
  // Each entry takes at least 46 bytes, so a count larger than the file allows fails on the bounds check.
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== CENTRAL_HEADER) throw unreadableXlsx();
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    const entry: ZipEntry = {
      method: u16(at + 10),
      crc: u32(at + 16),
      compressedSize: u32(at + 20),
      localHeaderOffset: u32(at + 42),
    };
    const sizes = {
      size: u32(at + 24),
      compressedSize: entry.compressedSize,
      localHeaderOffset: entry.localHeaderOffset,
    };
    // Sizes and offset too large for 32 bits are in the zip64 extra field, in this order.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    if (extraEnd > bytes.length) throw unreadableXlsx();
    while (extra + 4 <= extraEnd) {
      const id = u16(extra);
      const length = u16(extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        for (const key of ['size', 'compressedSize', 'localHeaderOffset'] as const) {
          if (sizes[key] === MAX_32 && field + 8 <= extra + 4 + length) {
            sizes[key] = u64(field);
            field += 8;
          }
        }
      }
      extra += 4 + length;
    }
    entry.compressedSize = sizes.compressedSize;
    entry.localHeaderOffset = sizes.localHeaderOffset;
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)).replace(/^\/+/, '');
    if (!entries.has(name)) entries.set(name, entry);
    at = extraEnd + commentLength;
  }
  return entries;
}

/** Inflated bytes so far, all parts of one file together. */
export interface InflateBudget {
  total: number;
}

/** The compressed bytes of an entry, checked against the file. */
function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_HEADER) throw unreadableXlsx();
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw unreadableXlsx();
  return data;
}

/** Output chunks, each with the compressed bytes consumed so far. */
type Chunks = AsyncGenerator<{ chunk: Uint8Array; consumed: number }>;

async function* stored(data: Uint8Array): Chunks {
  for (let at = 0; at < data.length; at += CHUNK) {
    const chunk = data.subarray(at, at + CHUNK);
    yield { chunk, consumed: at + chunk.length };
    await nextTurn();
  }
}

async function* inflated(data: Uint8Array): Chunks {
  const inflater = createInflateRaw({ chunkSize: CHUNK });
  inflater.end(data);
  try {
    // bytesWritten: the compressed bytes zlib has consumed (not the bytes handed to the stream).
    for await (const chunk of inflater) yield { chunk: chunk as Uint8Array, consumed: inflater.bytesWritten };
  } catch (error) {
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('Z_'))
      throw unreadableXlsx();
    throw error;
  } finally {
    inflater.destroy();
  }
}

/**
 * The inflated bytes of one part, in chunks of at most 64 KiB, each counted before it is handed on.
 * Stopping the iteration early stops the inflation.
 */
export async function* partChunks(
  bytes: Uint8Array,
  entry: ZipEntry,
  budget: InflateBudget,
): AsyncGenerator<Uint8Array> {
  const data = entryData(bytes, entry);
  if (entry.method !== 0 && entry.method !== 8) throw unreadableXlsx();
  let produced = 0;
  let crc = 0;
  for await (const { chunk, consumed } of entry.method === 0 ? stored(data) : inflated(data)) {
    produced += chunk.length;
    budget.total += chunk.length;
    if (
      produced > IMPORT_LIMITS.ratioFloorBytes &&
      produced > IMPORT_LIMITS.compressionRatio * Math.max(consumed, 1)
    ) {
      throw limitExceeded('compressionRatio');
    }
    if (produced > IMPORT_LIMITS.partBytes) throw limitExceeded('partBytes');
    if (budget.total > IMPORT_LIMITS.inflatedBytes) throw limitExceeded('inflatedBytes');
    crc = crc32(chunk, crc);
    yield chunk;
  }
  if (crc !== entry.crc) throw unreadableXlsx();
}
