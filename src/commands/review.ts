import type { AgentDefinition } from '../agents.js';
import { backendFor } from '../backends/index.js';
import { loadConfig, type Config } from '../config.js';
import { configHome } from '../config-home.js';
import { InputError } from '../errors.js';
import { readReviewFiles } from '../input.js';
import { DEFAULT_PANEL, loadAllAgents, selectPanel } from '../panel.js';
import { globMatcher } from '../path-globs.js';
import { oneLine } from '../report/sanitize.js';
import { localPanel, sensitiveFiles } from '../sensitive.js';
import { isAgentAvailable } from './agent-available.js';
import { parseAgentList, parseLimits, parseOutputOptions, type ReviewFlags } from './options.js';
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
  const files = await readReviewFiles(withoutIgnored(paths, config), cwd, parseLimits(flags, config));
  const { agents: all, errors } = await loadAllAgents(cwd, home);
  for (const error of errors) process.stderr.write(`xcheck: warning: ${error.message}\n`);
  let agents = withTimeouts(selectPanel(all, parseAgentList(flags.agents, config.panel ?? DEFAULT_PANEL)), config.timeouts);
  const sensitive = sensitiveFiles(files, config.sensitive ?? [], flags.sensitive ?? false);
  if (sensitive.length > 0) {
    const local = await localPanel(agents, withTimeouts(all, config.timeouts), sensitive, (agent) => isAgentAvailable(agent, signal));
    if (local.dropped.length > 0) process.stderr.write(`xcheck: sensitive code: reviewing with ${local.agents.map((agent) => agent.id).join(', ')} only (not ${local.dropped.join(', ')})\n`);
    agents = local.agents;
  }
  const report = await runPipeline({ task: { kind: 'review', files, cwd }, agents, backendFor, output, signal, replay: false });
  if (report.agents.every((agent) => agent.status !== 'ok') && !signal.aborted) {
    process.stderr.write(
      `xcheck: no agent produced a review:\n${report.agents.map((agent) => `  ${agent.id}: ${agent.reason}: ${oneLine(agent.message ?? '', 300)}`).join('\n')}\n`,
    );
  }
  return report.exitCode;
}
