import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { filesForShard, parseShard, shardOf } from '../../src/store/shard.js';

const paths = Array.from({ length: 1000 }, (_, n) => `src/module-${n}/file-${n % 7}.ts`);

describe('shardOf', () => {
  it('is a pure function of the path and the shard count', () => {
    for (const file of paths.slice(0, 50)) expect(shardOf(file, 4)).toBe(shardOf(file, 4));
    // Pinned: changing the hash would move every file to another CI job between releases.
    expect([1, 2, 3, 4, 5].map((total) => shardOf('src/index.ts', total))).toEqual([1, 1, 1, 3, 1]);
    expect([1, 2, 3, 4, 5].map((total) => shardOf('README.md', total))).toEqual([1, 1, 3, 1, 2]);
  });

  it('ignores how the path is spelt: ./ prefix and Windows separators', () => {
    expect(shardOf('./src/a/b.ts', 7)).toBe(shardOf('src/a/b.ts', 7));
    expect(shardOf('src\\a\\b.ts', 7)).toBe(shardOf('src/a/b.ts', 7));
  });

  it('puts every file in exactly one shard, in a roughly even split', () => {
    const shards = [1, 2, 3, 4].map((index) => filesForShard(paths, { index, total: 4 }));
    expect(shards.flat().sort()).toEqual([...paths].sort());
    for (const shard of shards) expect(shard.length).toBeGreaterThan(180);
    expect(filesForShard(paths, { index: 1, total: 1 })).toEqual(paths);
  });

  it('rejects a shard count below 1', () => {
    expect(() => shardOf('a', 0)).toThrow(UsageError);
    expect(() => shardOf('a', 1.5)).toThrow(UsageError);
  });
});

describe('parseShard', () => {
  it('reads i/n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, total: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, total: 1 });
  });

  it.each([
    ['', /cannot read ""/],
    ['2', /cannot read "2"/],
    ['a/b', /cannot read "a\/b"/],
    ['-1/4', /cannot read "-1\/4"/],
    ['1.5/4', /cannot read/],
    ['0/4', /shard 0 is not between 1 and 4/],
    ['5/4', /shard 5 is not between 1 and 4/],
    ['1/0', /at least 1/],
  ])('rejects %j with a UsageError that shows the form', (value, message) => {
    let error: unknown;
    try {
      parseShard(value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^--shard: /);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain('e.g. --shard 2/4');
  });
});
