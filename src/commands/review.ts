import type { AgentDefinition } from '../agents.js';
import { backendFor } from '../backends/index.js';
import { loadConfig, type Config } from '../config.js';
import { configHome } from '../config-home.js';
import { InputError, UsageError } from '../errors.js';
import { readReviewFiles } from '../input.js';
import { DEFAULT_PANEL, loadAllAgents, selectPanel } from '../panel.js';
import { globMatcher } from '../path-globs.js';
import { oneLine } from '../report/sanitize.js';
import { localPanel, sensitiveFiles } from '../sensitive.js';
import { checkAvailability } from '../availability/check-agent.js';
import { parseAgentList, parseLimits, parseOutputOptions, parseVerifyOptions, type ReviewFlags } from './options.js';
import { runPipeline } from './pipeline.js';

function withTimeouts(agents: AgentDefinition[], timeouts: Config['timeouts']): AgentDefinition[] {
  if (!timeouts) return agents;
  return agents.map((agent) => {
    const timeoutMs = timeouts[agent.id] ?? timeouts['*'];
    return timeoutMs ? { ...agent, timeoutMs } : agent;
  });
}

/** Files matching the config's ignore globs are not reviewed, even when named. */
function withoutIgnored(paths: string[], config: Config): string[] {
  if (!config.ignore?.length) return paths;
  const ignored = globMatcher(config.ignore);
  const kept = paths.filter((file) => !ignored(file.replace(/^\.\//, '')));
  const skipped = paths.filter((file) => !kept.includes(file));
  if (skipped.length > 0) process.stderr.write(`xcheck: skipping ${skipped.join(', ')} (ignored by the config's "ignore" globs)\n`);
  if (kept.length === 0 && paths.length > 0) throw new InputError('Every file given is ignored by the config\'s "ignore" globs; nothing to review.');
  return kept;
}

export async function runReview(paths: string[], flags: ReviewFlags, signal: AbortSignal): Promise<number> {
  const cwd = process.cwd();
  const home = configHome();
  const { config } = await loadConfig(cwd, home);
  const output = parseOutputOptions(flags, config);
  const verify = parseVerifyOptions(flags, config);
  const files = await readReviewFiles(withoutIgnored(paths, config), cwd, parseLimits(flags, config));
  const { agents: all, errors } = await loadAllAgents(cwd, home);
  for (const error of errors) process.stderr.write(`xcheck: warning: ${error.message}\n`);
  let agents = withTimeouts(selectPanel(all, parseAgentList(flags.agents, config.panel ?? DEFAULT_PANEL)), config.timeouts);
  const sensitive = sensitiveFiles(files, config.sensitive ?? [], flags.sensitive ?? false);
  if (sensitive.length > 0) {
    const local = await localPanel(agents, withTimeouts(all, config.timeouts), sensitive, async (agent) => {
      const availability = await checkAvailability(agent, { signal, cwd });
      return { ok: availability.status === 'ready', detail: availability.status === 'ready' ? availability.detail : `${availability.detail}${availability.fix ? ` — ${availability.fix}` : ''}` };
    });
    if (local.dropped.length > 0) process.stderr.write(`xcheck: sensitive code: reviewing with ${local.agents.map((agent) => agent.id).join(', ')} only (not ${local.dropped.join(', ')})\n`);
    agents = local.agents;
  }
  if (verify.arbiter && !all.some((agent) => agent.id === verify.arbiter)) throw new UsageError(`--arbiter: no agent named "${verify.arbiter}". Available: ${all.map((agent) => agent.id).join(', ')}.`);
  const report = await runPipeline({ task: { kind: 'review', files, cwd }, agents, backendFor, output, verify, signal, replay: false });
  if (report.agents.every((agent) => agent.status !== 'ok') && !signal.aborted) {
    process.stderr.write(
      `xcheck: no agent produced a review:\n${report.agents.map((agent) => `  ${agent.id}: ${agent.reason}: ${oneLine(agent.message ?? '', 300)}`).join('\n')}\n`,
    );
  }
  return report.exitCode;
}
