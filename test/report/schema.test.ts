import { describe, expect, it } from 'vitest';
import { reviewReplyJsonSchema } from '../../src/finding.js';
import { reportJsonSchema } from '../../src/report/report-schema.js';

// The shipped schemas are generated from the zod schemas; a change to either shows up here.
// Regenerate deliberately with `npx vitest run -u test/report/schema.test.ts`.
describe('published JSON Schemas', () => {
  it('pins the Report JSON schema', async () => {
    await expect(`${JSON.stringify(reportJsonSchema(), null, 2)}\n`).toMatchFileSnapshot('../../schemas/report.schema.json');
  });

  it('pins the reply contract schema sent to the models', async () => {
    await expect(`${JSON.stringify(reviewReplyJsonSchema, null, 2)}\n`).toMatchFileSnapshot('../../schemas/review-reply.schema.json');
  });

  it('keeps the reply schema valid for OpenAI strict mode: every property required, no extras', () => {
    const items = (reviewReplyJsonSchema.properties as Record<string, { items?: Record<string, unknown> }>).findings!.items!;
    for (const schema of [reviewReplyJsonSchema, items]) {
      expect(schema.additionalProperties).toBe(false);
      expect(new Set(schema.required as string[])).toEqual(new Set(Object.keys(schema.properties as object)));
    }
  });
});
