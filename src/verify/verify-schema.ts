import { z } from 'zod';

/** What another agent says about a spot it did not report. */
export const VERDICTS = ['confirmed', 'refuted', 'unsure'] as const;
export const VerdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof VerdictSchema>;

/** The verification reply contract; strict-mode friendly (every property required, no extras). */
export const VerifyReplySchema = z
  .object({
    verdicts: z.array(
      z
        .object({
          spot: z.string().describe('The spot id exactly as given, e.g. "S1"'),
          verdict: VerdictSchema.describe('confirmed: the problem is real; refuted: it is not; unsure: cannot tell'),
          reason: z.string().describe('One or two sentences: why'),
        })
        .strict(),
    ),
  })
  .strict();

/** The arbitration reply contract: which anonymized claim holds. */
export const ArbitrationReplySchema = z
  .object({
    decision: z.enum(['A', 'B', 'undecided']).describe('The claim that is right'),
    reasoning: z.string().describe('Why, pointing at the code'),
  })
  .strict();

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-7' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

export const verifyReplyJsonSchema = jsonSchemaOf(VerifyReplySchema);
export const arbitrationReplyJsonSchema = jsonSchemaOf(ArbitrationReplySchema);
