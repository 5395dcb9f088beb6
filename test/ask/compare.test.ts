import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/ask/answer.js';
import { compareAll, compareAnswers, compareDecisions, normalizeDecision } from '../../src/ask/compare/compare.js';
import { antonymCue, negationCue, numberCue } from '../../src/ask/compare/contradictions.js';

const answer = (agent: string, decision: string, claims: string[], prose = ''): Answer => ({ agent, decision, claims, prose });

describe('decisions', () => {
  it('normalizes case, markdown, labels and hedges', () => {
    expect(normalizeDecision('**Bottom line:** Probably `Postgres`.')).toBe('`postgres`');
    expect(compareDecisions('**Use Postgres.**', 'Bottom line: use postgres').relation).toBe('same');
  });

  it('compares numeric decisions by value', () => {
    expect(compareDecisions('At most 5,461 rows.', '5461 rows per statement.').relation).not.toBe('different');
    expect(compareDecisions('The request times out after 30 s.', 'It times out after 30,000 ms.').relation).not.toBe('different');
    const different = compareDecisions('At most 5,461 rows (65,532 parameters).', '2,730 rows, that is 32,760 parameters.');
    expect(different.relation).toBe('different');
    expect(different.reason).toMatch(/5,461.*2,730/);
  });

  it('sees opposite yes/no answers', () => {
    expect(compareDecisions('Yes, it is stable since ES2019.', 'No, it is not guaranteed.').relation).toBe('different');
    expect(compareDecisions('Yes: the index is used.', 'Yes, the planner uses the index.').relation).not.toBe('different');
  });

  it('sees a different recommended option, and one offered only conditionally', () => {
    expect(compareDecisions('Use Redis Streams for the queue.', 'Use Kafka for the queue.').relation).toBe('different');
    const swapped = compareDecisions(
      'Use UUIDv7 primary keys generated in the application. Choose bigint plus a random public ID only if creation timestamps must stay secret.',
      'Use a bigint identity primary key plus a separate random public ID. Pick UUIDv7 only if multi-region writes become a firm plan.',
    );
    expect(swapped.relation).toBe('different');
    expect(compareDecisions('Use thrown, typed error classes.', 'Use thrown exceptions with a small hierarchy.').relation).not.toBe('different');
  });

  it('calls reworded but unconflicting decisions compatible, not different', () => {
    expect(compareDecisions('You need 15–20 GB of RAM.', 'You need 16 GB or more.').relation).toBe('compatible');
  });
});

describe('contradiction cues', () => {
  it('finds a negation of the same predicate', () => {
    expect(negationCue('The `Map` cache is thread-safe across workers.', 'The `Map` cache is not thread-safe across workers.')?.kind).toBe('negation');
    expect(negationCue('Network socket I/O runs on the event loop via epoll rather than the thread pool.', 'socket I/O: libuv performs network reads on the threadpool as well.')?.kind).toBe('negation');
  });

  it('ignores a negation about something else, elided negations and determiners', () => {
    expect(negationCue('The first two are always in that order, but the last two are not guaranteed.', 'The first two are guaranteed; the last two are not.')).toBeUndefined();
    expect(negationCue('SQL itself puts no limit on VALUES rows.', 'The SQL text limit is about 1 GB.')).toBeUndefined();
    expect(negationCue('Both are not in the same transaction.', 'It runs as its own implicit transaction.')).toBeUndefined();
    expect(negationCue('`x NOT IN (...)` is never TRUE.', '`NOT EXISTS` returns the users.')).toBeUndefined();
  });

  it('finds antonyms about the same subject only', () => {
    expect(antonymCue('`fs.readFileSync` is synchronous and blocks the loop.', '`fs.readFileSync` is asynchronous and blocks the loop.')?.kind).toBe('antonym');
    expect(antonymCue('We recommend `prisma migrate` in production.', 'We avoid `prisma migrate` in production.')?.kind).toBe('antonym');
    expect(antonymCue('`b.timeout` fails with TS2339.', '`b.timeout`: compiles.')?.kind).toBe('antonym');
    // Different code subjects: a.port fails, b.port compiles.
    expect(antonymCue('so `a.port.toFixed()` fails', 'so only `b.port.toFixed()` compiles')).toBeUndefined();
    // A compile error is an error, not "compiles".
    expect(antonymCue('`b.timeout` is a compile error.', '`b.timeout` fails with TS2339.')).toBeUndefined();
    // Comparatives need the same comparand: "A before B" and "B after A" agree.
    expect(antonymCue('nextTick runs before the promise queue.', 'The promise queue runs after nextTick.')).toBeUndefined();
    expect(antonymCue('the row lock is released before the UPDATE runs', 'the row lock is released right after the statement finishes')).toBeUndefined();
  });

  it('finds numbers that disagree for the same quantity', () => {
    expect(numberCue('`setTimeout(fn, 0)` is coerced to a 1 ms delay.', '`setTimeout(fn, 0)` is clamped to a 4 ms timer.')?.kind).toBe('number');
    expect(numberCue('The last hash finishes after about 6.25 s.', 'The last login waits roughly 6.3 s.')).toBeUndefined();
  });
});

describe('emphasis is not contradiction', () => {
  it.each([
    ['certainty', 'The pool can outperform a single connection under load.', 'One connection will perform worse than the pool under load.'],
    ['frequency', '`timeout` usually prints first, but that is not guaranteed.', '`timeout` first is more common but not guaranteed.'],
    ['hedged vs unconditional', 'Redis as configured is probably unsafe for durable jobs.', 'The cache Redis is unsafe for durable jobs.'],
    ['more specific symptom', 'Two workers can both claim the same job.', 'A second worker selects the same still-queued row, and both run the job.'],
    ['same limit, different wording', 'The protocol allows at most 65,535 parameters.', 'The server rejects more than 65,535 bound parameters.'],
  ])('%s', (_name, a, b) => {
    const result = compareAnswers(answer('a', 'Use the pool.', [a]), answer('b', 'Use the pool.', [b]));
    expect(result.contradictions).toEqual([]);
    expect(result.verdict).toBe('agree');
  });
});

describe('compareAnswers', () => {
  const opus = answer('opus', 'Build it on Postgres with `FOR UPDATE SKIP LOCKED`; 50–400 jobs/s is well within what Postgres handles.', [
    'A well-indexed Postgres queue using SKIP LOCKED sustains thousands of claims per second, so 400/s peaks are within range.',
    'Enqueueing in Postgres can happen in the same transaction as the business write.',
    'Redis Streams has no native delayed delivery, so backoff retries need an extra scheduler.',
  ]);

  it('agrees on the same points, worded differently, and aligns them', () => {
    const codex = answer('codex', '**Bottom line:** build it on Postgres with `FOR UPDATE SKIP LOCKED`; 400/s peaks are easy for Postgres.', [
      'Throughput: a well-indexed SKIP LOCKED queue handles thousands of jobs per second.',
      'The API can insert the job in the same transaction as the business write.',
      'Streams have no delayed delivery; you would add a ZSET scheduler for backoff.',
      'Keep the worker connection count bounded.',
    ]);
    const result = compareAnswers(opus, codex);
    expect(result.verdict).toBe('agree');
    expect(result.decision.relation).toBe('same');
    expect(result.pairs.map((pair) => [pair.a, pair.b, pair.relation])).toEqual([[0, 0, 'same'], [1, 1, 'same'], [2, 2, 'same']]);
    expect(result.onlyA).toEqual([]);
    expect(result.onlyB).toEqual([3]);
  });

  it('is partial when the bottom lines agree but a supporting number contradicts', () => {
    const codex = answer('codex', 'Build it on Postgres with `FOR UPDATE SKIP LOCKED`; 400/s peaks are manageable.', [
      'Throughput: a well-indexed SKIP LOCKED queue tops out at a few hundred jobs per second, around 500/s.',
      'The API can insert the job in the same transaction as the business write.',
    ]);
    const result = compareAnswers(opus, codex);
    expect(result.verdict).toBe('partial');
    expect(result.contradictions).toMatchObject([{ a: 0, b: 0, kind: 'number' }]);
    expect(result.pairs.find((pair) => pair.a === 0)).toMatchObject({ relation: 'contradicts' });
  });

  it('disagrees when the decisions differ', () => {
    const other = answer('other', 'Use Redis Streams with consumer groups.', ['Redis Streams handles the load.']);
    const result = compareAnswers(opus, other);
    expect(result.verdict).toBe('disagree');
    expect(result.contradictions[0]).toMatchObject({ kind: 'decision' });
    expect(result.contradictions[0]!.a).toBeUndefined();
  });

  it('disagrees when a contradiction joins claims central to both decisions', () => {
    const a = answer('a', '`fs.readFileSync` blocks the event loop.', ['`fs.readFileSync` is synchronous and blocks the event loop until the file is read.']);
    const b = answer('b', '`fs.readFileSync` blocks the event loop.', ['`fs.readFileSync` is asynchronous and only blocks the calling callback.']);
    expect(compareAnswers(a, b).verdict).toBe('disagree');
  });

  it('is partial when the answers argue from mostly different points', () => {
    const a = answer('a', 'Use Postgres.', ['Backups are simpler with one database.', 'Operations staff already know Postgres well.', 'Licensing costs stay at zero.', 'Point-in-time recovery covers audits.']);
    const b = answer('b', 'Use Postgres.', ['JSONB columns cover the flexible schema.', 'Partial indexes keep hot queries cheap.', 'Logical replication feeds the warehouse.', 'Row-level security isolates tenants.']);
    const result = compareAnswers(a, b);
    expect(result.contradictions).toEqual([]);
    expect(result.verdict).toBe('partial');
  });

  it('compareAll reports every pair and the worst verdict', () => {
    const same = answer('local', opus.decision, opus.claims);
    const other = answer('other', 'Use Redis Streams with consumer groups.', ['Redis Streams handles the load.']);
    const panel = compareAll([opus, same, other]);
    expect(panel.pairs.map((pair) => [pair.a, pair.b, pair.comparison.verdict])).toEqual([
      ['opus', 'local', 'agree'],
      ['opus', 'other', 'disagree'],
      ['local', 'other', 'disagree'],
    ]);
    expect(panel.verdict).toBe('disagree');
    expect(compareAll([opus, same]).verdict).toBe('agree');
    expect(compareAll([opus]).verdict).toBe('agree');
  });
});
