import { z } from 'zod';

/** One agent's free-form answer, normalized: a short bottom line and the atomic claims it rests on. */
export interface Answer {
  agent: string;
  /** The bottom line, markdown stripped. */
  decision: string;
  /** Atomic supporting claims, markdown stripped, in the agent's order. */
  claims: string[];
  /** 0–1 when the agent gave one. */
  confidence?: number;
  /** The full answer text (markdown), for display. */
  prose: string;
}

/** The `ask` reply contract; strict-mode friendly (every property required, no extras). */
export const AskReplySchema = z
  .object({
    decision: z.string().describe('The bottom line in one or two sentences: the answer, the option chosen, or the root cause and fix'),
    claims: z.array(z.string()).describe('The atomic facts, numbers, mechanisms and recommendations the decision rests on, one point per string'),
    // No minimum/maximum: some strict structured-output modes reject them; the parser clamps.
    confidence: z.number().describe('How sure you are of the decision, from 0 (guess) to 1 (certain)'),
    answer: z.string().describe('The full answer in markdown'),
  })
  .strict();

export type AskReply = z.infer<typeof AskReplySchema>;

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-7' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

export const askReplyJsonSchema = jsonSchemaOf(AskReplySchema);
