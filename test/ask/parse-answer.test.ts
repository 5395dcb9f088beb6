import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AskReplySchema, askReplyJsonSchema } from '../../src/ask/answer.js';
import { safeParseAnswer } from '../../src/ask/parse-answer.js';
import { DEFAULT_CORPUS } from '../../scripts/eval-ask.js';

function parse(text: string, structured?: unknown) {
  const result = safeParseAnswer(text, { agent: 'test', ...(structured === undefined ? {} : { structured }) });
  if (!result.success) throw new Error(result.error);
  return result;
}

const contract = {
  decision: 'Use **Postgres** with `SKIP LOCKED`.',
  claims: ['Postgres handles thousands of jobs/s.', 'Enqueue can share the business transaction.'],
  confidence: 0.8,
  answer: '## Why\n\nBecause.',
};

describe('the reply contract', () => {
  it('has a strict-mode friendly JSON schema', () => {
    expect(askReplyJsonSchema).toMatchObject({ type: 'object', additionalProperties: false, required: ['decision', 'claims', 'confidence', 'answer'] });
    expect(askReplyJsonSchema).not.toHaveProperty('$schema');
    expect(AskReplySchema.safeParse(contract).success).toBe(true);
    expect(AskReplySchema.safeParse({ ...contract, extra: 1 }).success).toBe(false);
  });

  it('reads bare JSON, keeping code spans and dropping emphasis', () => {
    const result = parse(JSON.stringify(contract));
    expect(result.format).toBe('contract');
    expect(result.answer).toMatchObject({ agent: 'test', decision: 'Use Postgres with `SKIP LOCKED`.', claims: contract.claims, confidence: 0.8, prose: contract.answer });
  });

  it('reads a fenced block inside prose', () => {
    const result = parse(`Short version first.\n\n\`\`\`json\n${JSON.stringify(contract, null, 2)}\n\`\`\`\n`);
    expect(result.format).toBe('contract');
    expect(result.answer.claims).toHaveLength(2);
  });

  it('prefers a structured value', () => {
    const result = parse('ignored prose', contract);
    expect(result.format).toBe('contract');
    expect(result.answer.decision).toBe('Use Postgres with `SKIP LOCKED`.');
  });

  it.each([
    [{ conclusion: 'Yes.', points: ['a b c d'] }],
    [{ bottom_line: 'Yes.', reasons: ['a b c d'] }],
    [{ verdict: 'Yes.', facts: [{ claim: 'a b c d' }] }],
    [{ result: { decision: 'Yes.', key_points: ['a b c d'] } }],
  ])('accepts field variants %j', (value) => {
    const result = parse(JSON.stringify(value));
    expect(result.answer.decision).toBe('Yes.');
    expect(result.answer.claims).toEqual(['a b c d']);
  });

  it('reads confidence words and percentages, and clamps', () => {
    expect(parse(JSON.stringify({ ...contract, confidence: 'high' })).answer.confidence).toBe(0.85);
    const percent = parse(JSON.stringify({ ...contract, confidence: 85 }));
    expect(percent.answer.confidence).toBeCloseTo(0.85);
    expect(percent.warnings.join(' ')).toMatch(/percentage/);
    expect(parse(JSON.stringify({ ...contract, confidence: -2 })).answer.confidence).toBe(0);
  });

  it('repairs trailing commas and says so', () => {
    const result = parse('```json\n{"decision": "No.", "claims": ["x y z w",],}\n```');
    expect(result.answer.decision).toBe('No.');
    expect(result.warnings.join(' ')).toMatch(/trailing commas/);
  });

  it('takes claims from the answer prose when the list is missing', () => {
    const result = parse(JSON.stringify({ decision: 'Yes.', answer: '- The planner uses the index here.\n- The sort is avoided entirely.' }));
    expect(result.answer.claims).toEqual(['The planner uses the index here.', 'The sort is avoided entirely.']);
  });
});

describe('prose replies', () => {
  it('reads a bold bottom line, bullets, nested labels, and skips code, headings and boilerplate', () => {
    const text = [
      '**Bottom line:** only 4 hashes run at once, because the pool has 4 threads.',
      '',
      '## Details',
      '',
      '- **Threadpool:** async `crypto.pbkdf2` runs on the libuv threadpool.',
      '- **UUIDv7 from the app:**',
      '  - Time-ordered, so inserts append to the right edge.',
      '  - Cost: 16 bytes versus 8 per key.',
      '1. Set `UV_THREADPOOL_SIZE` before the process starts.',
      '',
      '```js',
      'process.env.UV_THREADPOOL_SIZE = 16; // not a claim',
      '```',
      '',
      'Caveat: the order is fixed inside an I/O callback.',
      '',
      'Hope this helps!',
    ].join('\n');
    const result = parse(text);
    expect(result.format).toBe('prose');
    expect(result.answer.decision).toBe('only 4 hashes run at once, because the pool has 4 threads.');
    expect(result.answer.claims).toEqual([
      'Threadpool: async `crypto.pbkdf2` runs on the libuv threadpool.',
      'UUIDv7 from the app: Time-ordered, so inserts append to the right edge.',
      'UUIDv7 from the app: Cost: 16 bytes versus 8 per key.',
      'Set `UV_THREADPOOL_SIZE` before the process starts.',
      'the order is fixed inside an I/O callback.',
    ]);
    expect(result.warnings).toEqual([]);
  });

  it.each([
    ['Bottom line: use Postgres.\n\n- Postgres handles the load easily.', 'use Postgres.'],
    ['DECISION: Postgres\nCONFIDENCE: high\nCLAIMS:\n- Postgres handles the load easily.', 'Postgres'],
    ['Answer: 5,461 rows.\n\nThe protocol limits parameters to 65,535.', '5,461 rows.'],
    ['TL;DR: no, it is not guaranteed.\n\nThe timer may fire late on a busy machine.', 'no, it is not guaranteed.'],
    ['**Answer: 5,461 rows per statement.**\n\nThe protocol limits parameters to 65,535.', '5,461 rows per statement.'],
  ])('reads the labeled decision of %j', (text, decision) => {
    const result = parse(text);
    expect(result.answer.decision).toBe(decision);
    expect(result.answer.claims.length).toBeGreaterThan(0);
  });

  it('reads the CONFIDENCE line', () => {
    expect(parse('DECISION: Postgres\nCONFIDENCE: 0.7\nCLAIMS:\n- Postgres handles the load easily.').answer.confidence).toBe(0.7);
  });

  it('takes the first sentence without a label, and sentences with enough content as claims', () => {
    const result = parse('The query returns no rows at all. A single NULL in the subquery makes NOT IN unknown for every user. Ok then.');
    expect(result.answer.decision).toBe('The query returns no rows at all.');
    expect(result.answer.claims).toEqual(['A single NULL in the subquery makes NOT IN unknown for every user.']);
    expect(result.warnings.join(' ')).toMatch(/no bottom-line label/);
  });

  it.each([[''], ['   \n  '], ['```\n\n```'], ['{"unrelated": true}'], ['!!! ??? ...']])('fails clearly on %j', (text) => {
    const result = safeParseAnswer(text, { agent: 'test' });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error).toMatch(/empty|no answer|no decision/);
  });
});

describe('corpus replies', () => {
  for (const agent of ['opus', 'codex', 'local', 'codex-perturbed']) {
    const folder = path.join(DEFAULT_CORPUS, 'replies', agent);
    // A missing corpus throws here: an empty table would pass without testing anything.
    const files = readdirSync(folder);
    it.each(files)(`${agent}/%s parses`, (file) => {
      const result = parse(readFileSync(path.join(folder, file), 'utf8'));
      expect(result.format).toBe(agent === 'opus' ? 'contract' : 'prose');
      expect(result.answer.decision.length).toBeGreaterThan(10);
      expect(result.answer.claims.length).toBeGreaterThanOrEqual(3);
      if (agent !== 'opus') expect(result.answer.decision).not.toMatch(/Bottom line/);
    });
  }
});
