/**
 * The ledger's storage: append-only JSON Lines, one file per UTC month (`2026-11.jsonl`).
 *
 * Exports: `appendLedgerRow`, `readLedger` (rows in a time range + count of unreadable lines),
 * `monthFile`, `MAX_LINE_BYTES`.
 *
 * Why this is safe without locks: each row is one `appendFile` (O_APPEND) of a line well under
 * 4 KiB, which the kernel writes in one piece at the end of the file, so rows of concurrent runs
 * never interleave. A line cut short (disk full, power loss) is skipped and counted by the reader;
 * the next writer starts a new line first when the file does not end with one.
 */
import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isLedgerRow, type LedgerRow } from './ledger-row.js';

/** Lines stay below the size a single write is sure to append in one piece. */
export const MAX_LINE_BYTES = 4000;

export function monthFile(dir: string, at: Date): string {
  return path.join(dir, `${at.toISOString().slice(0, 7)}.jsonl`);
}

function clip(value: string | undefined, max: number): string | undefined {
  return value === undefined || value.length <= max ? value : value.slice(0, max);
}

async function endsWithNewline(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return true; // no file yet
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, size - 1);
    return byte[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

export async function appendLedgerRow(dir: string, row: LedgerRow): Promise<void> {
  const safe: LedgerRow = { ...row, agent: clip(row.agent, 200)!, model: clip(row.model, 200), priceKey: clip(row.priceKey, 200), reason: clip(row.reason, 100) };
  let line = `${JSON.stringify(safe)}\n`;
  if (Buffer.byteLength(line) > MAX_LINE_BYTES) throw new Error(`ledger row too long (${Buffer.byteLength(line)} bytes)`);
  const file = monthFile(dir, new Date(row.ts));
  await mkdir(dir, { recursive: true });
  if (!(await endsWithNewline(file))) line = `\n${line}`;
  await appendFile(file, line, { flag: 'a' });
}

export interface LedgerRead {
  rows: LedgerRow[];
  /** Lines that were not a whole, valid row (e.g. cut short by a crash). */
  skipped: number;
  files: string[];
}

function monthsBetween(since: Date, until: Date): string[] {
  const months: string[] = [];
  const cursor = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), 1));
  while (cursor.getTime() <= until.getTime()) {
    months.push(cursor.toISOString().slice(0, 7));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
}

/** Rows with since <= ts <= until, oldest first within each month file. */
export async function readLedger(dir: string, since: Date, until: Date = new Date()): Promise<LedgerRead> {
  const result: LedgerRead = { rows: [], skipped: 0, files: [] };
  const from = since.toISOString();
  const to = until.toISOString();
  for (const month of monthsBetween(since, until)) {
    const file = path.join(dir, `${month}.jsonl`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    result.files.push(file);
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let data: unknown;
      try {
        data = JSON.parse(line);
      } catch {
        result.skipped++;
        continue;
      }
      if (!isLedgerRow(data)) {
        result.skipped++;
        continue;
      }
      // ISO times in UTC compare as text; cheaper than parsing thousands of dates.
      if (data.ts >= from && data.ts <= to) result.rows.push(data);
    }
  }
  return result;
}
