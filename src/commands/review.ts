import { backendFor } from '../backends/index.js';
import { readReviewFiles } from '../input.js';
import { DEFAULT_PANEL, loadAllAgents, selectPanel } from '../panel.js';
import { parseAgentList, parseLimits, parseOutputOptions, type ReviewFlags } from './options.js';
import { runPipeline } from './pipeline.js';

export async function runReview(paths: string[], flags: ReviewFlags, signal: AbortSignal): Promise<number> {
  const output = parseOutputOptions(flags);
  const cwd = process.cwd();
  const files = await readReviewFiles(paths, cwd, parseLimits(flags));
  const { agents: all, errors } = await loadAllAgents(cwd);
  for (const error of errors) process.stderr.write(`xcheck: warning: ${error.message}\n`);
  const agents = selectPanel(all, parseAgentList(flags.agents, DEFAULT_PANEL));
  const report = await runPipeline({ task: { kind: 'review', files, cwd }, agents, backendFor, output, signal, replay: false });
  if (report.agents.every((agent) => agent.status !== 'ok') && !signal.aborted) {
    process.stderr.write(
      `xcheck: no agent produced a review:\n${report.agents.map((agent) => `  ${agent.id}: ${agent.reason}: ${agent.message ?? ''}`).join('\n')}\n`,
    );
  }
  return report.exitCode;
}
