import { createHash } from 'node:crypto';
import type { ReviewFile } from '../../src/task.js';

/** A ReviewFile for normalizer tests; `content` lines are what findings are anchored on. */
export function aReviewFile(path: string, content: string): ReviewFile {
  const lines = content.split('\n');
  return {
    path,
    absolutePath: `/work/project/${path}`,
    content,
    lineCount: content.endsWith('\n') ? lines.length - 1 : lines.length,
    bytes: Buffer.byteLength(content),
    sha256: createHash('sha256').update(content).digest('hex'),
  };
}

/** A file whose line N reads `const valueN = N;`, handy for line arithmetic. */
export function aNumberedFile(path: string, lineCount: number): ReviewFile {
  const lines = Array.from({ length: lineCount }, (_, index) => `const value${index + 1} = ${index + 1};`);
  return aReviewFile(path, `${lines.join('\n')}\n`);
}
