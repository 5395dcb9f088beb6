import { z } from 'zod';

/** Ordered from most to least severe; alignment and exit policy compare by index. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

export const CATEGORIES = [
  'bug',
  'security',
  'concurrency',
  'performance',
  'error-handling',
  'resource-leak',
  'types',
  'maintainability',
  'style',
] as const;
export const CategorySchema = z.enum(CATEGORIES);
export type Category = z.infer<typeof CategorySchema>;

/**
 * How the cited lines relate to the file: `exact` when the quoted code sits at the cited lines,
 * `moved` when the quote was found elsewhere and the lines were corrected, `unverified` when
 * there was no usable quote (or it could not be found) and the model's numbers stand as given.
 */
export const AnchorSchema = z.enum(['exact', 'moved', 'unverified']);
export type Anchor = z.infer<typeof AnchorSchema>;

/** One normalized finding: what every parser produces and what the aligner consumes. */
export const FindingSchema = z.object({
  agent: z.string().describe('Id of the agent that reported it'),
  file: z.string().describe('Path as given to xcheck'),
  startLine: z.number().int().min(1),
  endLine: z.number().int().min(1),
  severity: SeveritySchema,
  category: CategorySchema,
  title: z.string(),
  detail: z.string(),
  suggestion: z.string().optional(),
  quote: z.string().optional(),
  confidence: z.number().min(0).max(1).optional().describe('The model\'s own confidence that the issue is real'),
  anchor: AnchorSchema,
});
export type Finding = z.infer<typeof FindingSchema>;

/**
 * The reply contract the review prompt asks for. Every property is required and no extra ones are
 * allowed because `codex exec --output-schema` always sends the schema in OpenAI strict mode;
 * optional values are expressed as empty strings / null.
 */
export const ReplyFindingSchema = z
  .object({
    file: z.string().describe('Path exactly as given in the prompt'),
    line: z.number().int().describe('First line of the problem (1-based, as numbered in the prompt)'),
    endLine: z.number().int().describe('Last line of the problem; equal to line for one line'),
    severity: SeveritySchema,
    category: CategorySchema,
    title: z.string().describe('Short title of the problem'),
    detail: z.string().describe('Why it is wrong and what goes wrong at run time'),
    suggestion: z.string().describe('How to fix it; empty string if none'),
    quote: z.string().describe('The offending code copied verbatim from the file, without line numbers'),
    confidence: z.number().describe('0..1: how sure you are that this is a real problem'),
  })
  .strict();

export const ReviewReplySchema = z
  .object({
    verdict: z.enum(['issues', 'clean']),
    summary: z.string(),
    findings: z.array(ReplyFindingSchema),
  })
  .strict();
export type ReviewReply = z.infer<typeof ReviewReplySchema>;

/** zod writes ±MAX_SAFE_INTEGER bounds on every int; they only add noise to what models read. */
function dropSafeIntegerBounds(node: unknown): void {
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  for (const key of ['minimum', 'maximum']) {
    if (Math.abs(Number(record[key])) === Number.MAX_SAFE_INTEGER) delete record[key];
  }
  for (const value of Object.values(record)) dropSafeIntegerBounds(value);
}

/** JSON Schema of the reply contract: what crosses into the CLIs (`--json-schema`, `--output-schema`). */
export const reviewReplyJsonSchema: Record<string, unknown> = (() => {
  const schema = z.toJSONSchema(ReviewReplySchema, { target: 'draft-7' }) as Record<string, unknown>;
  delete schema.$schema;
  dropSafeIntegerBounds(schema);
  return schema;
})();
