import { readFile } from 'node:fs/promises';
import { parseRecording, replayBackend } from '../backends/replay.js';
import { ConfigError } from '../errors.js';
import { readReviewFiles } from '../input.js';
import { packagePath } from '../package-path.js';
import { loadAllAgents, selectPanel } from '../panel.js';
import { parseOutputOptions, type ReviewFlags } from './options.js';
import { runPipeline } from './pipeline.js';

const LIVE_HINT = `
That was a replay of recorded CLI output through the real normalize → align → report path.
To run it live, install and log in to both CLIs, then review any file:
  npm i -g @anthropic-ai/claude-code @openai/codex
  claude          # log in once (or set ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL)
  codex login     # or configure a provider in $CODEX_HOME/config.toml
  xcheck examples/demo/rate-limiter.ts      # in this repository: node dist/cli.js …
`;

/** Replays the bundled recording of a panel run on the bundled example: no CLI, no login, no cost. */
export async function runDemo(flags: ReviewFlags, signal: AbortSignal): Promise<number> {
  const output = parseOutputOptions(flags);
  const source = packagePath('examples', 'demo', 'recording.json');
  const recording = parseRecording(await readFile(source, 'utf8'), source);
  const root = packagePath();
  const files = await readReviewFiles(recording.files, root);
  const { agents: all } = await loadAllAgents(root);
  const agents = selectPanel(all, recording.runs.map((run) => run.agent));
  const runs = new Map(recording.runs.map((run) => [run.agent, run]));
  const { report } = await runPipeline({
    task: { kind: 'review', files, cwd: root },
    agents,
    backendFor: (agent) => {
      const run = runs.get(agent.id);
      if (!run) throw new ConfigError(`${source}: no recorded run for agent ${agent.id}.`);
      return replayBackend(run);
    },
    output,
    // The recording holds the first round only; a replay makes no calls.
    verify: { policy: 'never', arbitrateFrom: 'medium' },
    signal,
    replay: true,
  });
  if (output.format === 'text' && !output.output) process.stdout.write(LIVE_HINT);
  return report.exitCode;
}
