import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from './errors.js';
import type { ReviewFile } from './task.js';

/**
 * 256 KiB per file and 512 KiB per run. At roughly 4 bytes per token that is ~64k and ~128k tokens:
 * the whole prompt stays well inside the 200k-token context of the default panel with room for the
 * reply, and files that large are almost always generated or minified code nobody reviews by hand.
 */
export const DEFAULT_LIMITS = { maxFileBytes: 256 * 1024, maxTotalBytes: 512 * 1024 } as const;
export type InputLimits = { maxFileBytes: number; maxTotalBytes: number };

const kib = (bytes: number): string => (bytes < 1024 ? `${bytes} bytes` : `${Math.round(bytes / 1024)} KiB`);

/** A NUL byte or bytes that are not UTF-8 mean the file is not source text a model can review. */
export function isBinary(buffer: Buffer): boolean {
  if (buffer.subarray(0, 8192).includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return false;
  } catch {
    return true;
  }
}

export function countLines(content: string): number {
  if (content.length === 0) return 0;
  const lines = content.split('\n').length;
  return content.endsWith('\n') ? lines - 1 : lines;
}

async function readOne(given: string, cwd: string, limits: InputLimits): Promise<ReviewFile> {
  const absolutePath = path.resolve(cwd, given);
  let info;
  try {
    info = await stat(absolutePath);
  } catch {
    throw new InputError(`${given}: no such file.`);
  }
  if (info.isDirectory()) throw new InputError(`${given}: is a directory; pass the files to review (e.g. ${path.join(given, '*.ts')}).`);
  if (!info.isFile()) throw new InputError(`${given}: not a regular file.`);
  if (info.size > limits.maxFileBytes) {
    throw new InputError(
      `${given}: ${kib(info.size)} is over the ${kib(limits.maxFileBytes)} limit per file (it would not fit the models' context with room to answer). Review a smaller part, or raise the limit with --max-file-bytes.`,
    );
  }
  const buffer = await readFile(absolutePath);
  if (isBinary(buffer)) throw new InputError(`${given}: looks like a binary file (not UTF-8 text); nothing to review.`);
  const content = buffer.toString('utf8');
  if (content.trim().length === 0) throw new InputError(`${given}: the file is empty; nothing to review.`);
  const relative = path.relative(cwd, absolutePath);
  return {
    path: relative.startsWith('..') || path.isAbsolute(relative) ? absolutePath : relative.split(path.sep).join('/'),
    absolutePath,
    content,
    lineCount: countLines(content),
    bytes: buffer.length,
    sha256: createHash('sha256').update(buffer).digest('hex'),
  };
}

/** Reads and checks every file before anything is sent anywhere: one bad input stops the run. */
export async function readReviewFiles(paths: string[], cwd: string, limits: InputLimits = DEFAULT_LIMITS): Promise<ReviewFile[]> {
  if (paths.length === 0) throw new InputError('No files to review. Usage: xcheck <file> [more files]');
  // The same file named twice (a.ts and ./a.ts) is reviewed once.
  const byAbsolute = new Map(paths.map((given) => [path.resolve(cwd, given), given] as const));
  const files: ReviewFile[] = [];
  const problems: string[] = [];
  for (const given of byAbsolute.values()) {
    try {
      files.push(await readOne(given, cwd, limits));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  if (total > limits.maxTotalBytes) {
    throw new InputError(
      `${files.length} files, ${kib(total)} in all, are over the ${kib(limits.maxTotalBytes)} limit per run. Review them in smaller groups, or raise the limit with --max-total-bytes.`,
    );
  }
  return files;
}
