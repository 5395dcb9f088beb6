/**
 * A whole run on disk (`--save run.json`): the task (paths and contents), the panel's agent
 * definitions, every model call's raw output (first round, verification, arbitration, questions
 * asked in the session) and the report. `--replay run.json` reopens it without any model call.
 * Versioned and zod-validated; secrets are redacted on the way out, so the file can be shared.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AgentFrontmatterSchema, type AgentDefinition } from '../agents.js';
import { apiKeyEnvOf } from '../availability/check-agent.js';
import { FAILURE_REASONS, type BackendRequest, type BackendResult } from '../backends/backend.js';
import { ConfigError, UsageError } from '../errors.js';
import { FindingSchema } from '../finding.js';
import { countLines } from '../input.js';
import type { AgentOutcome } from '../outcome.js';
import { redactSecrets } from '../report/redact.js';
import { ReportSchema, UsageSchema, type Report } from '../report/report-schema.js';
import type { ReviewTask } from '../task.js';
import { xcheckVersion } from '../version.js';
import { writeFileAtomic } from './atomic-write.js';

export const RUN_RECORD_VERSION = 1;

const PURPOSES = ['review', 'verify', 'arbitrate', 'question', 'probe', 'ask', 'ask-revise'] as const;

const ResultSchema = z.object({
  status: z.enum(['ok', 'failed']),
  reason: z.enum(FAILURE_REASONS).optional(),
  message: z.string().optional(),
  text: z.string().optional(),
  structured: z.unknown().optional(),
  rawOutput: z.string(),
  model: z.string().optional(),
  usage: UsageSchema.optional(),
  costUsd: z.number().optional(),
  durationMs: z.number().min(0),
  warnings: z.array(z.string()),
});

const CallSchema = z.object({
  purpose: z.enum(PURPOSES).optional(),
  agent: z.string(),
  /** The prompt itself is not kept (it repeats the task); its hash identifies the call. */
  promptSha256: z.string(),
  promptChars: z.number().int().min(0),
  result: ResultSchema,
});
export type RecordedCall = z.infer<typeof CallSchema>;

const QuestionSchema = z.object({
  spot: z.string(),
  agent: z.string(),
  question: z.string(),
  status: z.enum(['ok', 'failed']),
  answer: z.string().describe('The answer, or why there is none'),
  askedAt: z.string(),
});
export type RecordedQuestion = z.infer<typeof QuestionSchema>;

const OutcomeSchema = z.object({
  agent: z.string(),
  status: z.enum(['ok', 'failed', 'skipped']),
  reason: z.enum([...FAILURE_REASONS, 'no-credentials']).optional(),
  message: z.string().optional(),
  findings: z.array(FindingSchema),
  rawText: z.string(),
  model: z.string().optional(),
  usage: UsageSchema.optional(),
  costUsd: z.number().optional(),
  durationMs: z.number().min(0),
  warnings: z.array(z.string()),
  files: z.array(z.string()),
});

const AgentSchema = z.looseObject({ id: z.string().min(1), instructions: z.string(), source: z.string() });

export const RunRecordSchema = z
  .object({
    kind: z.literal('xcheck-run'),
    version: z.literal(RUN_RECORD_VERSION),
    savedAt: z.string(),
    xcheckVersion: z.string(),
    task: z.object({
      kind: z.literal('review'),
      cwd: z.string(),
      files: z.array(z.object({ path: z.string(), content: z.string(), changedLines: z.array(z.number().int().min(1)).optional() })),
    }),
    agents: z.array(AgentSchema).describe('Every agent of the run, as defined (no key values: only the names of the variables holding them)'),
    outcomes: z.array(OutcomeSchema),
    calls: z.array(CallSchema),
    questions: z.array(QuestionSchema),
    report: ReportSchema,
  })
  .strict();
export type RunRecord = z.infer<typeof RunRecordSchema>;

/** What a loaded record gives back: the same shapes a live run has. */
export interface LoadedRun {
  record: RunRecord;
  report: Report;
  task: ReviewTask;
  agents: AgentDefinition[];
  outcomes: AgentOutcome[];
}

export interface RunToSave {
  report: Report;
  task: ReviewTask;
  outcomes: AgentOutcome[];
  /** Agents besides those of the outcomes (e.g. asked a question in the session). */
  agents?: AgentDefinition[];
  calls: { request: BackendRequest; result: BackendResult }[];
  questions?: RecordedQuestion[];
}

/** Variables that hold credentials for the CLIs and SDKs, besides any named by an agent's apiKeyEnv. */
const KNOWN_SECRET_VARIABLES = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN', 'OPENAI_API_KEY', 'CODEX_API_KEY'];
/**
 * Codex reads its key from whatever variable a provider's `env_key` names, so the names cannot be
 * listed: every variable whose name says it holds a secret has its value hidden too.
 */
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH/i;

/** Values that must not appear in a saved run: keys and tokens from the environment. */
export function secretValues(env: NodeJS.ProcessEnv, agents: AgentDefinition[]): string[] {
  const names = new Set([...KNOWN_SECRET_VARIABLES, ...agents.flatMap((agent) => apiKeyEnvOf(agent) ?? []), ...Object.keys(env).filter((name) => SECRET_NAME.test(name))]);
  // Longest first, so a key that contains another is hidden whole.
  return [...names].flatMap((name) => env[name] ?? []).sort((a, b) => b.length - a.length);
}

/** `https://user:secret@host/` → `https://[REDACTED]@host/`: gateways sometimes carry credentials in the URL. */
function withoutUrlCredentials(text: string): string {
  return text.replace(/\b(https?:\/\/)[^\s/@:]+:[^\s/@]+@/g, '$1[REDACTED]@');
}

function agentsOf(run: RunToSave): AgentDefinition[] {
  const byId = new Map<string, AgentDefinition>();
  for (const agent of [...run.outcomes.map((outcome) => outcome.agent), ...(run.agents ?? []), ...run.calls.map((call) => call.request.agent)]) {
    if (!byId.has(agent.id)) byId.set(agent.id, agent);
  }
  return [...byId.values()];
}

export function buildRunRecord(run: RunToSave, now: Date = new Date()): RunRecord {
  return {
    kind: 'xcheck-run',
    version: RUN_RECORD_VERSION,
    savedAt: now.toISOString(),
    xcheckVersion: xcheckVersion(),
    task: {
      kind: 'review',
      cwd: run.task.cwd,
      files: run.task.files.map((file) => ({ path: file.path, content: file.content, ...(file.changedLines ? { changedLines: file.changedLines } : {}) })),
    },
    agents: agentsOf(run).map((agent) => ({ ...agent })),
    outcomes: run.outcomes.map((outcome) => ({ ...outcome, agent: outcome.agent.id })),
    calls: run.calls.map(({ request, result }) => ({
      ...(request.purpose ? { purpose: request.purpose } : {}),
      agent: request.agent.id,
      promptSha256: createHash('sha256').update(request.prompt).digest('hex'),
      promptChars: request.prompt.length,
      result: { ...result },
    })),
    questions: run.questions ?? [],
    report: run.report,
  };
}

/** The record as text with every string value redacted (keys are ours; values may echo a secret). */
export function renderRunRecord(record: RunRecord, secrets: readonly string[]): string {
  const replacer = (_key: string, value: unknown): unknown => (typeof value === 'string' ? withoutUrlCredentials(redactSecrets(value, secrets)) : value);
  return `${JSON.stringify(record, replacer, 2)}\n`;
}

/** Writes the run to `file` (atomically: a reader never sees half a record). */
export async function saveRunRecord(file: string, run: RunToSave, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const record = buildRunRecord(run);
  const agents = agentsOf(run);
  const text = renderRunRecord(record, secretValues(env, agents));
  try {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFileAtomic(path.resolve(file), text);
  } catch (error) {
    throw new UsageError(`--save ${file}: cannot write it (${(error as Error).message}).`);
  }
}

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Reads and validates a saved run; every problem is a clear error naming the file (exit 2). */
export async function loadRunRecord(file: string): Promise<LoadedRun> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--replay ${file}: cannot read it (${(error as Error).message}).`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: not a saved run (not JSON: ${(error as Error).message}); write one with --save FILE.`);
  }
  const kind = (data as { kind?: unknown; version?: unknown } | null)?.kind;
  const version = (data as { version?: unknown } | null)?.version;
  if (kind !== 'xcheck-run') throw new ConfigError(`${file}: not a saved run (no "kind": "xcheck-run"); write one with --save FILE.`);
  if (version !== RUN_RECORD_VERSION) throw new ConfigError(`${file}: saved run version ${String(version)}; this xcheck reads version ${RUN_RECORD_VERSION}.`);
  const parsed = RunRecordSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(`${file}: invalid saved run: ${issues(parsed.error)}`);
  const record = parsed.data;
  const agents = record.agents.map((entry) => {
    const { id, instructions, source, ...frontmatter } = entry;
    const definition = AgentFrontmatterSchema.safeParse(frontmatter);
    if (!definition.success) throw new ConfigError(`${file}: agent ${id}: ${issues(definition.error)}`);
    return { ...definition.data, id, instructions, source } satisfies AgentDefinition;
  });
  const agentById = (id: string): AgentDefinition => {
    const agent = agents.find((candidate) => candidate.id === id);
    if (!agent) throw new ConfigError(`${file}: outcome of agent ${id}, which the record does not define.`);
    return agent;
  };
  const cwd = process.cwd();
  const task: ReviewTask = {
    kind: 'review',
    cwd,
    files: record.task.files.map((entry) => {
      const bytes = Buffer.byteLength(entry.content);
      return {
        path: entry.path,
        absolutePath: path.resolve(cwd, entry.path),
        content: entry.content,
        lineCount: countLines(entry.content),
        bytes,
        sha256: record.report.task.files.find((reported) => reported.path === entry.path)?.sha256 ?? createHash('sha256').update(entry.content).digest('hex'),
        ...(entry.changedLines ? { changedLines: entry.changedLines } : {}),
      };
    }),
  };
  const outcomes: AgentOutcome[] = record.outcomes.map((outcome) => ({ ...outcome, agent: agentById(outcome.agent) }));
  return { record, report: { ...record.report, replay: true }, task, agents, outcomes };
}
