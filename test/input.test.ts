import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { countLines, readReviewFiles } from '../src/input.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'xcheck-input-'));
  await writeFile(path.join(dir, 'ok.ts'), 'export const a = 1;\nexport const b = 2;\n');
  await writeFile(path.join(dir, 'empty.ts'), ' \n\n');
  await writeFile(path.join(dir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
  await writeFile(path.join(dir, 'latin1.ts'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  await writeFile(path.join(dir, 'big.ts'), 'x'.repeat(2048));
  await mkdir(path.join(dir, 'src'));
});

async function rejection(paths: string[], limits?: { maxFileBytes: number; maxTotalBytes: number }): Promise<InputError> {
  const error = await readReviewFiles(paths, dir, limits).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('readReviewFiles', () => {
  it('reads a file with its path as given, line count and hash', async () => {
    const [file] = await readReviewFiles(['ok.ts', './ok.ts'], dir);
    expect(file).toMatchObject({ path: 'ok.ts', lineCount: 2, bytes: 40 });
    expect(file!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    [['missing.ts'], /missing\.ts: no such file/],
    [['src'], /src: is a directory/],
    [['image.png'], /image\.png: looks like a binary file/],
    [['latin1.ts'], /latin1\.ts: looks like a binary file/],
    [['empty.ts'], /empty\.ts: the file is empty/],
    [[], /No files to review/],
  ])('rejects %j with a clear message', async (paths, message) => {
    expect((await rejection(paths)).message).toMatch(message);
  });

  it('names every bad file at once, and the limits and flags to change them', async () => {
    const error = await rejection(['missing.ts', 'big.ts'], { maxFileBytes: 1024, maxTotalBytes: 4096 });
    expect(error.message).toMatch(/missing\.ts: no such file/);
    expect(error.message).toMatch(/big\.ts: 2 KiB is over the 1 KiB limit per file.*--max-file-bytes/);
    expect((await rejection(['ok.ts', 'big.ts'], { maxFileBytes: 4096, maxTotalBytes: 1024 })).message).toMatch(/--max-total-bytes/);
  });

  it('counts lines with and without a trailing newline', () => {
    expect([countLines(''), countLines('a'), countLines('a\n'), countLines('a\nb')]).toEqual([0, 1, 1, 2]);
  });
});
