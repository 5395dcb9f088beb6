import type { AgentDefinition } from '../agents.js';
import { checkAvailability } from '../availability/check-agent.js';
import { backendFor } from '../backends/index.js';
import { loadConfig, type Config } from '../config.js';
import { configHome } from '../config-home.js';
import { InputError, UsageError } from '../errors.js';
import { readReviewFiles } from '../input.js';
import { DEFAULT_PANEL, loadAllAgents, selectPanel } from '../panel.js';
import { globMatcher } from '../path-globs.js';
import { oneLine } from '../report/sanitize.js';
import type { Report } from '../report/report-schema.js';
import { localPanel, sensitiveFiles } from '../sensitive.js';
import type { ReviewFile } from '../task.js';
import path from 'node:path';
import { filesForShard, parseShard } from '../store/shard.js';
import { costSetupFor } from '../ledger/cost-setup.js';
import { parseAgentList, parseLimits, parseOutputOptions, parseVerifyOptions, type OutputOptions, type ReviewFlags, type VerifyOptions } from './options.js';
import { runPipeline, type PipelineInput, type PipelineRun } from './pipeline.js';
import { choosePanelWithRouting, type PanelChoice } from '../route/choose.js';
import { configuredQuotas, quotaLookup } from '../route/quota-seam.js';

function withTimeouts(agents: AgentDefinition[], timeouts: Config['timeouts']): AgentDefinition[] {
  if (!timeouts) return agents;
  return agents.map((agent) => {
    const timeoutMs = timeouts[agent.id] ?? timeouts['*'];
    return timeoutMs ? { ...agent, timeoutMs } : agent;
  });
}

/** Files matching the config's ignore globs are not reviewed, even when named. */
export function withoutIgnored(paths: string[], config: Config): string[] {
  if (!config.ignore?.length) return paths;
  const ignored = globMatcher(config.ignore);
  const kept = paths.filter((file) => !ignored(file.replace(/^\.\//, '')));
  const skipped = paths.filter((file) => !kept.includes(file));
  if (skipped.length > 0) process.stderr.write(`xcheck: skipping ${skipped.join(', ')} (ignored by the config's "ignore" globs)\n`);
  if (kept.length === 0 && paths.length > 0) throw new InputError('Every file given is ignored by the config\'s "ignore" globs; nothing to review.');
  return kept;
}

/** Everything a review-like command needs before it reads its input: config, flags, agents. */
export interface Setup {
  cwd: string;
  config: Config;
  output: OutputOptions;
  verify: VerifyOptions;
  all: AgentDefinition[];
}

/** `configRoot`: where the project's xcheck.config.json and .xcheck/agents are read (default `cwd`). */
export async function setUp(flags: ReviewFlags, cwd: string, defaultFailOn?: string, configRoot: string = cwd): Promise<Setup> {
  const home = configHome();
  const { config } = await loadConfig(configRoot, home);
  const output = parseOutputOptions(flags, defaultFailOn && !config.failOn ? { ...config, failOn: defaultFailOn } : config);
  const verify = parseVerifyOptions(flags, config);
  const { agents: all, errors } = await loadAllAgents(configRoot, home);
  for (const error of errors) process.stderr.write(`xcheck: warning: ${error.message}\n`);
  if (verify.arbiter && !all.some((agent) => agent.id === verify.arbiter)) {
    throw new UsageError(`--arbiter: no agent named "${verify.arbiter}". Available: ${all.map((agent) => agent.id).join(', ')}.`);
  }
  return { cwd, config, output, verify, all };
}

/** The panel for these files: chosen by flag or config, with timeouts, local-only for sensitive code. */
export async function choosePanel(setup: Setup, flags: ReviewFlags, files: ReviewFile[], signal: AbortSignal): Promise<AgentDefinition[]> {
  const { config, all, cwd } = setup;
  const agents = withTimeouts(selectPanel(all, parseAgentList(flags.agents, config.panel ?? DEFAULT_PANEL)), config.timeouts);
  const sensitive = sensitiveFiles(files, config.sensitive ?? [], flags.sensitive ?? false);
  if (sensitive.length === 0) return agents;
  const local = await localPanel(agents, withTimeouts(all, config.timeouts), sensitive, async (agent) => {
    const availability = await checkAvailability(agent, { signal, cwd });
    return { ok: availability.status === 'ready', detail: availability.status === 'ready' ? availability.detail : `${availability.detail}${availability.fix ? ` — ${availability.fix}` : ''}` };
  });
  if (local.dropped.length > 0) process.stderr.write(`xcheck: sensitive code: reviewing with ${local.agents.map((agent) => agent.id).join(', ')} only (not ${local.dropped.join(', ')})\n`);
  return local.agents;
}

/**
 * The panel with routing: `--route` or config routing.policy pick it by policy (the escalation
 * agent becomes the default arbiter); otherwise the panel above stands, with quota-exhausted agents
 * substituted or reported skipped.
 */
export async function choosePanelRouted(setup: Setup, flags: ReviewFlags & { route?: boolean }, files: ReviewFile[], signal: AbortSignal, kind: 'review' | 'ask' = 'review'): Promise<PanelChoice> {
  const { config, cwd } = setup;
  return choosePanelWithRouting({
    kind,
    files,
    sensitive: sensitiveFiles(files, config.sensitive ?? [], flags.sensitive ?? false),
    all: withTimeouts(setup.all, config.timeouts),
    config,
    ...(flags.agents !== undefined ? { agentsFlag: parseAgentList(flags.agents, []) } : {}),
    routeFlag: flags.route ?? false,
    ...(setup.verify.maxCostUsd !== undefined ? { maxCostUsd: setup.verify.maxCostUsd } : {}),
    cwd,
    env: process.env,
    signal,
    quota: quotaLookup(configuredQuotas(config)),
    fixedPanel: () => choosePanel(setup, flags, files, signal),
  });
}

/** The verify options with the routed escalation agent as arbiter, unless --arbiter or config names one. */
export function withRoutedArbiter(verify: VerifyOptions, choice: PanelChoice): VerifyOptions {
  if (verify.arbiter || !choice.arbiter) return verify;
  return { ...verify, arbiter: choice.arbiter.id, arbiterAgent: choice.arbiter };
}

/** What a caller that shows the run itself (the interactive session) changes about it. */
export type ReviewHooks = Pick<PipelineInput, 'onEvent' | 'render'>;

/** A finished review and what was needed to run it: enough to keep working on it. */
export interface StartedReview {
  run: PipelineRun;
  /** The panel, including agents skipped for lack of credentials. */
  panel: AgentDefinition[];
  /** Every agent known to this project. */
  all: AgentDefinition[];
  arbiter?: string;
}

/**
 * Runs the pipeline and says plainly when nobody answered; `--save FILE` writes the whole run.
 * With `render: false` the caller shows the report and saves it itself.
 */
export async function review(input: PipelineInput, save?: string): Promise<PipelineRun> {
  const run = await runPipeline(input);
  const { report } = run;
  if (input.render === false) return run;
  if (save) {
    const { saveRunRecord } = await import('../store/run-record.js');
    await saveRunRecord(save, run);
    process.stderr.write(`Run saved to ${save}; reopen it with xcheck --replay ${save}\n`);
  }
  if (report.agents.every((agent) => agent.status !== 'ok') && !input.signal.aborted) {
    process.stderr.write(
      `xcheck: no agent produced a review:\n${report.agents.map((agent) => `  ${agent.id}: ${agent.reason}: ${oneLine(agent.message ?? '', 300)}`).join('\n')}\n`,
    );
  }
  return run;
}

export type FileReviewFlags = ReviewFlags & { cache?: boolean; 'no-cache'?: boolean; shard?: string; save?: string; route?: boolean };

/** What a file review and a diff review differ in; the rest comes from the setup and the panel choice. */
export interface ReviewPlan extends Pick<PipelineInput, 'task' | 'chunks' | 'diff' | 'agents' | 'skipped' | 'baselineRoot'> {
  /** The ledger's command name. */
  command: 'review' | 'diff' | 'ci';
  env?: NodeJS.ProcessEnv;
}

/** Runs a chosen panel through the pipeline: the one place a review's pipeline input is put together. */
export async function startReview(
  setup: Setup,
  choice: PanelChoice,
  plan: ReviewPlan,
  flags: { 'no-cache'?: boolean; save?: string },
  signal: AbortSignal,
  hooks: ReviewHooks = {},
): Promise<StartedReview> {
  const { command, env, ...input } = plan;
  const verify = withRoutedArbiter(setup.verify, choice);
  const run = await review(
    {
      ...input,
      agentNotes: choice.notes,
      backendFor,
      // On by default for every review; --cache is still accepted and changes nothing.
      ...(flags['no-cache'] ? {} : { cacheDir: path.join(plan.task.cwd, '.xcheck', 'cache') }),
      cost: costSetupFor(command, setup.config, env),
      output: setup.output,
      verify,
      signal,
      replay: false,
      ...hooks,
    },
    flags.save,
  );
  const panel = [...plan.agents, ...(plan.skipped ?? []).map((entry) => entry.agent)];
  return { run, panel, all: setup.all, ...(verify.arbiter ? { arbiter: verify.arbiter } : {}) };
}

/** `xcheck FILE…` up to the finished run; undefined when the shard has no files. */
export async function reviewFiles(paths: string[], flags: FileReviewFlags, signal: AbortSignal, hooks: ReviewHooks = {}): Promise<StartedReview | undefined> {
  const setup = await setUp(flags, process.cwd());
  const shard = flags.shard ? parseShard(flags.shard) : undefined;
  const chosen = shard ? filesForShard(paths, shard) : paths;
  if (chosen.length === 0) {
    process.stderr.write(`xcheck: shard ${flags.shard} has no files to review.\n`);
    return undefined;
  }
  const files = await readReviewFiles(withoutIgnored(chosen, setup.config), setup.cwd, parseLimits(flags, setup.config));
  const choice = await choosePanelRouted(setup, flags, files, signal);
  const task = { kind: 'review' as const, files, cwd: setup.cwd };
  return startReview(setup, choice, { task, agents: choice.agents, skipped: choice.skipped, command: 'review' }, flags, signal, hooks);
}

export async function runReview(paths: string[], flags: FileReviewFlags, signal: AbortSignal): Promise<number> {
  const started = await reviewFiles(paths, flags, signal);
  return started?.run.report.exitCode ?? 0;
}
