/**
 * `xcheck doctor --probe`: one tiny real review call per agent, through the real backend, prompt
 * and reply schema, to prove that the agent (a) answers — so its login or key works, (b) honours
 * the reply schema, and (c) stays read-only: the configuration says so, and the probe's fresh
 * working directory is compared before and after the call.
 */
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AgentDefinition } from '../agents.js';
import type { Backend, BackendResult, FailureReason, Usage } from '../backends/backend.js';
import { ReviewReplySchema, reviewReplyJsonSchema } from '../finding.js';
import { readReviewFiles } from '../input.js';
import { safeParseFindings } from '../normalize/parse-findings.js';
import { oneLine } from '../report/sanitize.js';
import { buildReviewPrompt } from '../review-prompt.js';
import type { ReviewFile } from '../task.js';
import { apiKeyEnvOf } from './check-agent.js';
import { CLI_HINTS } from './cli-version.js';
import { describeChanges, diffSnapshots, hasChanges, snapshotDir } from './dir-snapshot.js';

/** The probe's review task: three lines, one obvious bug (reads one past the end) on line 2. */
export const PROBE_FILE = {
  path: 'last-item.js',
  content: 'function lastItem(items) {\n  return items[items.length];\n}\n',
  bugLine: 2,
} as const;

/** A probe is a tiny call: it should not wait the agent's full review timeout (10 min by default). */
export const PROBE_TIMEOUT_MS = 120_000;

/**
 * How the reply met the contract: `structured` = the backend's structured output, valid;
 * `contract-json` = the answer text is exactly valid contract JSON; `tolerant` = the normalizer
 * dug findings out of something else (prose, fences, other field names); `none` = nothing usable.
 */
export type SchemaCompliance = 'structured' | 'contract-json' | 'tolerant' | 'none';

export type ProbeProblem = FailureReason | 'schema' | 'wrote-files' | 'internal';

export interface ProbeResult {
  agent: string;
  backend: AgentDefinition['backend'];
  status: 'ok' | 'problem';
  reason?: ProbeProblem;
  /** One line: what happened (sanitized). */
  message: string;
  fix?: string;
  answered: boolean;
  schema: SchemaCompliance;
  /** The reply format the normalizer recognized, when it recognized one. */
  format?: string;
  findings?: number;
  foundPlantedBug?: boolean;
  readOnly: {
    /** How the backend is configured not to write (by construction). */
    configuration: string;
    /** Agent `args` that may loosen that configuration. */
    loosenedBy: string[];
    /** The probe directory was identical after the call; undefined when it could not be checked. */
    unchanged?: boolean;
    changes: string[];
  };
  model?: string;
  usage?: Usage;
  costUsd?: number;
  durationMs: number;
  /** Backend and normalizer warnings (sanitized). */
  warnings: string[];
}

export interface ProbeOptions {
  signal: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Upper bound for the call; default min(agent.timeoutMs, PROBE_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Where the probe's temp directory goes; default the system temp dir. */
  tmpRoot?: string;
  backendFor: (agent: AgentDefinition) => Backend;
}

const RISKY_ARGS: Record<AgentDefinition['backend'], RegExp> = {
  'claude-cli': /^--(tools|allowedTools|allowed-tools|dangerously-skip-permissions|permission-mode|add-dir|mcp-config)\b/,
  'codex-cli': /^(-s|--sandbox|--full-auto|--dangerously-bypass-approvals-and-sandbox|--yolo|--add-dir)\b|sandbox_mode|sandbox_workspace_write/,
  anthropic: /^$/,
  openai: /^$/,
};

export function readOnlyConfiguration(agent: AgentDefinition): { configuration: string; loosenedBy: string[] } {
  const loosenedBy = agent.backend === 'claude-cli' || agent.backend === 'codex-cli' ? agent.args.filter((arg) => RISKY_ARGS[agent.backend].test(arg)) : [];
  const configuration = {
    'claude-cli': 'claude runs with `--tools ""`: no file or shell tools, only the StructuredOutput reply tool',
    'codex-cli': 'codex runs with `-s read-only` and `approval_policy="never"`: a read-only sandbox, nothing escalates',
    anthropic: 'an API call without tools: the model never touches files',
    openai: 'an API call without tools: the model never touches files',
  }[agent.backend];
  return { configuration, loosenedBy: loosenedBy.map((arg) => oneLine(arg, 60)) };
}

export async function probeAgent(agent: AgentDefinition, options: ProbeOptions): Promise<ProbeResult> {
  const readOnly = readOnlyConfiguration(agent);
  const base = { agent: agent.id, backend: agent.backend };
  let dir: string | undefined;
  try {
    dir = await realpath(await mkdtemp(path.join(options.tmpRoot ?? tmpdir(), 'xcheck-probe-')));
    await writeFile(path.join(dir, PROBE_FILE.path), PROBE_FILE.content);
    const files = await readReviewFiles([PROBE_FILE.path], dir);
    const timeoutMs = Math.min(agent.timeoutMs, options.timeoutMs ?? PROBE_TIMEOUT_MS);
    const probeAgentDefinition: AgentDefinition = { ...agent, timeoutMs };
    const prompt = await buildReviewPrompt(files, probeAgentDefinition);
    const before = await snapshotDir(dir);
    const result = await options.backendFor(agent).run(
      { agent: probeAgentDefinition, prompt, replySchema: reviewReplyJsonSchema, cwd: dir, purpose: 'probe' },
      { signal: options.signal, ...(options.env ? { env: options.env } : {}) },
    );
    const changes = diffSnapshots(before, await snapshotDir(dir));
    const changed = hasChanges(changes);
    const changeList = [...changes.added.map((f) => `added ${f}`), ...changes.removed.map((f) => `removed ${f}`), ...changes.modified.map((f) => `modified ${f}`)];
    const probed = judge(agent, result, files, timeoutMs);
    const outcome: ProbeResult = {
      ...base,
      ...probed,
      readOnly: { ...readOnly, unchanged: !changed, changes: changeList.map((change) => oneLine(change, 200)) },
      ...(result.status === 'ok' && result.model ? { model: oneLine(result.model, 80) } : {}),
      ...(result.usage ? { usage: result.usage } : {}),
      ...(result.costUsd !== undefined ? { costUsd: result.costUsd } : {}),
      durationMs: result.durationMs,
    };
    if (changed) {
      // Wins over every other verdict: a reviewer that writes is not safe to point at a repository.
      return {
        ...outcome,
        status: 'problem',
        reason: 'wrote-files',
        message: `the agent changed its working directory: ${oneLine(describeChanges(changes), 200)}`,
        fix: readOnly.loosenedBy.length > 0 ? `remove ${readOnly.loosenedBy.join(' ')} from \`args:\` in the agent file` : `do not use this agent on code you care about, and report it: xcheck runs ${agent.backend} read-only`,
      };
    }
    return outcome;
  } catch (error) {
    return {
      ...base,
      status: 'problem',
      reason: 'internal',
      message: `the probe itself failed: ${oneLine(error instanceof Error ? error.message : String(error), 200)}`,
      fix: 'this is a bug in xcheck; please report it',
      answered: false,
      schema: 'none',
      readOnly: { ...readOnly, changes: [] },
      durationMs: 0,
      warnings: [],
    };
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

type Judged = Pick<ProbeResult, 'status' | 'reason' | 'message' | 'fix' | 'answered' | 'schema' | 'format' | 'findings' | 'foundPlantedBug' | 'warnings'>;

function judge(agent: AgentDefinition, result: BackendResult, files: ReviewFile[], timeoutMs: number): Judged {
  const warnings = result.warnings.map((warning) => oneLine(warning, 200));
  if (result.status === 'failed') {
    return {
      status: 'problem',
      reason: result.reason,
      message: oneLine(result.message, 300),
      fix: fixFor(result.reason, agent, timeoutMs),
      answered: result.reason === 'unparsable',
      schema: 'none',
      warnings,
    };
  }

  const schema = complianceOf(result);
  const parsed = safeParseFindings(result.text, {
    agent: agent.id,
    files,
    ...(result.structured !== undefined ? { structured: result.structured } : {}),
  });
  if (!parsed.success) {
    return {
      status: 'problem',
      reason: 'unparsable',
      message: `answered, but the reply is not usable: ${oneLine(parsed.error, 200)}; the reply began: "${oneLine(result.text, 80)}"`,
      fix: fixFor('unparsable', agent, timeoutMs),
      answered: true,
      schema: 'none',
      warnings,
    };
  }
  const findings = parsed.findings.length;
  const foundPlantedBug = parsed.findings.some(
    (finding) => finding.file === PROBE_FILE.path && finding.startLine <= PROBE_FILE.bugLine && finding.endLine >= PROBE_FILE.bugLine,
  );
  const allWarnings = [...warnings, ...parsed.warnings.map((warning) => oneLine(warning, 200))];
  const common = { answered: true, format: parsed.format, findings, foundPlantedBug, warnings: allWarnings };
  if (schema === 'tolerant') {
    return {
      ...common,
      status: 'problem',
      reason: 'schema',
      schema,
      message: `answered, but ignored the reply schema: findings were read tolerantly from a ${parsed.format} reply, which can lose or misread some`,
      fix: fixFor('unparsable', agent, timeoutMs),
    };
  }
  return {
    ...common,
    status: 'ok',
    schema,
    message: `answered with ${schema === 'structured' ? 'structured output' : 'JSON'} that matches the reply contract`,
  };
}

/** Strictly valid contract JSON, either as the backend's structured value or as the whole answer text. */
export function complianceOf(result: Extract<BackendResult, { status: 'ok' }>): SchemaCompliance {
  if (result.structured !== undefined && ReviewReplySchema.safeParse(result.structured).success) return 'structured';
  let value: unknown;
  try {
    value = JSON.parse(result.text.trim());
  } catch {
    return 'tolerant';
  }
  return ReviewReplySchema.safeParse(value).success ? 'contract-json' : 'tolerant';
}

export function fixFor(reason: FailureReason, agent: AgentDefinition, timeoutMs: number): string {
  const cli = agent.backend === 'claude-cli' || agent.backend === 'codex-cli' ? CLI_HINTS[agent.backend] : undefined;
  switch (reason) {
    case 'not-installed':
      return cli ? `install it with \`${cli.install}\`, then ${cli.login}` : 'check the agent file';
    case 'auth': {
      if (cli) return cli.login;
      const keyEnv = apiKeyEnvOf(agent);
      return keyEnv
        ? `set ${keyEnv} to a valid key for ${agent.baseURL ? 'the server at baseURL' : agent.backend === 'anthropic' ? 'Anthropic' : 'OpenAI'}`
        : `the server wants a key: set \`apiKeyEnv:\` in the agent file to the variable holding it`;
    }
    case 'rate-limited':
      return 'rate limited or out of quota: wait a while and run again, or check the plan, usage limits or billing of this account';
    case 'timeout':
      return `no answer within ${Math.round(timeoutMs / 1000)} s: check the network and endpoint; a slow or overloaded model may need a larger \`timeoutMs:\` in the agent file`;
    case 'canceled':
      return 'canceled: run `xcheck doctor --probe` again';
    case 'unparsable':
      return `the model ignores the reply schema: choose a model that supports structured output or tool calls (\`model:\` in the agent file)`;
    case 'exit-code':
      return cli
        ? `run \`${agent.command ?? cli.command}\` by hand to see the error (check \`args:\` and \`model:\` in the agent file)`
        : `check \`baseURL:\` and \`model:\` in the agent file, and the server's log`;
    case 'quota-exhausted':
      return 'its quota window is used up: wait until it frees up (`xcheck usage` shows when), or raise `quota:` in the agent file or `quotas` in the config';
    case 'budget':
      return 'the call would go over --max-cost: raise the budget';
  }
}
