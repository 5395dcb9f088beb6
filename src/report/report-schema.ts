import { z } from 'zod';
import { FAILURE_REASONS } from '../backends/backend.js';
import { CategorySchema, FindingSchema, SeveritySchema } from '../finding.js';

export const REPORT_VERSION = 1;

export const UsageSchema = z.object({
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  cachedInputTokens: z.number().int().min(0).optional(),
});

export const AgentReportSchema = z.object({
  id: z.string(),
  backend: z.string(),
  model: z.string().optional().describe('Model id the agent reported, else the configured one'),
  status: z.enum(['ok', 'failed', 'skipped']),
  reason: z.enum([...FAILURE_REASONS, 'no-credentials']).optional(),
  message: z.string().optional().describe('Why it failed or was skipped, and what to do'),
  durationMs: z.number().min(0),
  usage: UsageSchema.optional(),
  costUsd: z.number().min(0).optional().describe('Absent when the backend reports no price (unpriced), never 0 for unknown'),
  findingCount: z.number().int().min(0),
  cached: z.boolean().optional().describe('The answer was reused from the cache: no model call was made'),
  warnings: z.array(z.string()),
  rawText: z.string().optional().describe('The raw reply, kept as evidence (always present for failures)'),
});
export type AgentReport = z.infer<typeof AgentReportSchema>;

/** First-round statuses, then what a verification round can turn a solo spot into. */
export const SPOT_STATUSES = ['agreed', 'split', 'solo', 'uncovered', 'confirmed', 'refuted', 'contested', 'unverified'] as const;
export const SpotStatusSchema = z.enum(SPOT_STATUSES);
export type SpotStatus = z.infer<typeof SpotStatusSchema>;

export const RationaleSchema = z.object({
  score: z.number().describe('Lowest pairwise "same issue" score among the members (1 for one finding)'),
  features: z.array(z.string()).describe('What matched, e.g. "lines overlap", "shared identifiers: touch, expiresAt"'),
});

export const VoteSchema = z.object({
  agent: z.string(),
  verdict: z.enum(['confirmed', 'refuted', 'unsure', 'failed', 'skipped']).describe('failed: the call failed; skipped: the budget ran out'),
  reason: z.string(),
});

export const ArbitrationSchema = z.object({
  agent: z.string(),
  decision: z.enum(['real', 'not-real', 'undecided']),
  reasoning: z.string(),
  /** Which side was shown as claim A (the order rotates to cancel position bias). */
  claimA: z.enum(['real', 'not-real']),
});

export const VerificationSchema = z.object({
  before: z.enum(['solo']).describe('The status before verification'),
  votes: z.array(VoteSchema).describe('What each agent that saw the code and did not report it said'),
  arbitration: ArbitrationSchema.optional(),
});
export type Verification = z.infer<typeof VerificationSchema>;

export const SpotSchema = z.object({
  id: z.string().describe('Stable fingerprint: file, the anchored code line and the category'),
  file: z.string(),
  startLine: z.number().int().min(1),
  endLine: z.number().int().min(1),
  status: SpotStatusSchema,
  attention: z.number().min(0).max(1).describe('Where to look first; see README "Attention"'),
  severity: SeveritySchema.describe('Highest severity among the findings'),
  category: CategorySchema,
  kind: z.string().optional().describe('Defect kind from the keyword lexicon, e.g. null-dereference'),
  cwe: z.string().optional().describe('CWE id of the defect kind, where one fits'),
  title: z.string(),
  findings: z.array(FindingSchema).describe('One finding per agent'),
  duplicates: z.array(FindingSchema).describe('Findings an agent repeated; folded into its finding above'),
  agents: z.array(z.string()).describe('Agents that reported it'),
  missing: z.array(z.string()).describe('Agents that saw the code and did not report it'),
  matchConfidence: z.number().min(0).max(1).describe('Confidence that the findings are the same issue (1 for one finding)'),
  issueConfidence: z.number().min(0).max(1).describe('Confidence that the issue is real, from the models\' own confidences'),
  rationale: RationaleSchema,
  verification: VerificationSchema.optional(),
  outsideDiff: z.boolean().optional().describe('Diff reviews with --keep-context: the spot is not on a changed line'),
});
export type Spot = z.infer<typeof SpotSchema>;

export const ReportSchema = z.object({
  version: z.literal(REPORT_VERSION),
  replay: z.boolean().describe('True when the agents\' outputs were replayed from a recording, not live'),
  outcome: z
    .enum(['reviewed', 'skipped'])
    .optional()
    .describe('skipped: no agent had credentials (e.g. a pull request from a fork); nothing was reviewed'),
  task: z.object({
    kind: z.literal('review'),
    files: z.array(z.object({ path: z.string(), lines: z.number().int(), bytes: z.number().int(), sha256: z.string() })),
  }),
  agents: z.array(AgentReportSchema),
  spots: z.array(SpotSchema),
  summary: z.object(Object.fromEntries(SPOT_STATUSES.map((status) => [status, z.number().int()])) as Record<SpotStatus, z.ZodNumber>),
  followUps: z
    .array(
      z.object({
        kind: z.enum(['verify', 'arbitrate']),
        agent: z.string(),
        spots: z.array(z.string()).describe('Ids of the spots the call was about'),
        status: z.enum(['ok', 'failed', 'skipped']),
        reason: z.string().optional(),
        message: z.string().optional(),
        usage: UsageSchema.optional(),
        costUsd: z.number().min(0).optional(),
        durationMs: z.number().min(0),
        warnings: z.array(z.string()),
      }),
    )
    .describe('Every call after the first round'),
  verification: z.object({
    policy: z.enum(['auto', 'never', 'always']),
    maxCostUsd: z.number().optional(),
    complete: z.boolean().describe('Every follow-up the policy asked for was made and answered'),
  }),
  cost: z.object({
    totalUsd: z.number().min(0).describe('Sum over priced agents'),
    unpriced: z.array(z.string()).describe('Agents whose calls have no known price'),
  }),
  coverage: z.object({
    files: z.array(z.object({ path: z.string(), reviewedBy: z.array(z.string()) })),
    complete: z.boolean().describe('Every panel agent reviewed every file'),
  }),
  diff: z
    .object({
      base: z.string().describe('The commit the change was compared with'),
      foundBy: z.string().describe('How the base was chosen'),
      files: z.number().int(),
      hunks: z.number().int(),
      chunks: z.number().int().describe('Tasks the review was split into'),
      droppedOutsideDiff: z.number().int().describe('Findings dropped because they were not on changed lines'),
    })
    .optional(),
  suppressed: z.number().int().min(0).optional().describe('Spots left out because .xcheck/baseline.json dismisses them'),
  failOn: z.string().optional(),
  exitCode: z.number().int(),
});
export type Report = z.infer<typeof ReportSchema>;

export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ReportSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
