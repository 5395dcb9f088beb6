import { describe, expect, it } from 'vitest';
import { matchFile } from '../../src/normalize/file-match.js';
import { aReviewFile } from './review-file.js';

const main = aReviewFile('src/main.ts', 'x\n');
const util = aReviewFile('src/util/index.ts', 'y\n');
const other = aReviewFile('lib/index.ts', 'z\n');
const files = [main, util, other];

describe('matchFile', () => {
  it.each([
    ['src/main.ts', main],
    ['./src/main.ts', main],
    ['`src/main.ts`', main],
    ['/repo/src/main.ts', main],
    ['/work/project/src/main.ts', main],
    ['main.ts', main],
    ['src\\util\\index.ts', util],
    ['/tmp/sandbox/lib/index.ts', other],
  ])('%s', (reported, expected) => {
    expect(matchFile(reported, files)).toEqual({ file: expected });
  });

  it('drops an ambiguous basename with a warning', () => {
    const result = matchFile('index.ts', files);
    expect(result.file).toBeUndefined();
    expect(result.warning).toMatch(/several/);
  });

  it('drops a file that is not in a multi-file task', () => {
    expect(matchFile('other.py', files)).toEqual({ warning: expect.stringMatching(/not in the task; dropped/) });
  });

  it('assigns a misspelt or placeholder name to the only file of the task, with a warning', () => {
    expect(matchFile('src/Main_.ts', [main])).toEqual({ file: main, warning: expect.stringMatching(/assigned to src\/main.ts/) });
    expect(matchFile('file.ts', [main])).toEqual({ file: main, warning: expect.stringMatching(/assigned to src\/main.ts/) });
  });

  it('drops a finding about another real file even when the task has one file (another chunk of a diff)', () => {
    expect(matchFile('elsewhere.ts', [main])).toEqual({ warning: expect.stringMatching(/"elsewhere.ts", which is not in the task; dropped/) });
  });

  it('takes the only file when none is named', () => {
    expect(matchFile(undefined, [main])).toEqual({ file: main });
    expect(matchFile('', files).file).toBeUndefined();
  });
});
