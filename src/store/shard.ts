import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';

/** Shard `index` of `total`, 1-based as written on the command line: `--shard 2/4`. */
export interface Shard {
  index: number;
  total: number;
}

/**
 * The same path on every OS and however it was spelt: CI jobs on Windows and Linux must agree on
 * which shard owns a file, so backslashes become slashes and a leading `./` goes.
 */
function normalizePath(file: string): string {
  return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

function checkTotal(total: number, flag: string): void {
  if (!Number.isSafeInteger(total) || total < 1) throw new UsageError(`${flag}: the number of shards must be a whole number of at least 1, not ${total}.`);
}

/**
 * The 1-based shard that owns `file` (a repo-relative path) out of `total`. A hash of the path
 * alone, not of the file list, so a file stays in its shard when others are added or removed and
 * every CI job computes the same split without talking to the others.
 */
export function shardOf(file: string, total: number): number {
  checkTotal(total, 'shardOf');
  const digest = createHash('sha256').update(normalizePath(file)).digest();
  // 48 bits: exact in a double, and the modulo bias over any realistic shard count is nil.
  return (digest.readUIntBE(0, 6) % total) + 1;
}

/** Reads `i/n`, e.g. `2/4`, with 1 ≤ i ≤ n. */
export function parseShard(value: string, flag = '--shard'): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const help = `use i/n with 1 ≤ i ≤ n, e.g. --shard 2/4 for the second of four CI jobs`;
  if (!match) throw new UsageError(`${flag}: cannot read "${value}": ${help}.`);
  const index = Number(match[1]);
  const total = Number(match[2]);
  if (!Number.isSafeInteger(total) || total < 1) throw new UsageError(`${flag}: "${value}" has ${match[2]} shards; there must be at least 1: ${help}.`);
  if (!Number.isSafeInteger(index) || index < 1 || index > total) throw new UsageError(`${flag}: "${value}": shard ${match[1]} is not between 1 and ${total}: ${help}.`);
  return { index, total };
}

/** The paths `shard` reviews, in their given order. Every path lands in exactly one shard. */
export function filesForShard<T extends string>(paths: readonly T[], shard: Shard): T[] {
  return paths.filter((file) => shardOf(file, shard.total) === shard.index);
}
