/**
 * `npm run bench`: ratios measured side by side in one run.
 * 1. Overhead: xcheck's wall time against its slowest agent, on a panel whose scripted replies
 *    take a fixed delay. Each round runs claude alone, codex alone (same arguments, environment
 *    and prompt as xcheck uses), then the whole `xcheck` command.
 * 2. Cold start: `xcheck --version` against `node -e 0`, interleaved.
 * 3. Alignment speed on synthetic findings (bench/align.ts).
 * 4. Ledger scan of a month (bench/ledger.ts).
 */
import { execa } from 'execa';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAgents } from '../src/agents.js';
import { readReviewFiles } from '../src/input.js';
import { prepareDirectRun } from '../scripts/direct-cli.js';
import { makeCliEnv } from '../test/helpers/cli-env.js';
import { startModelServer } from '../test/helpers/model-server.js';
import { benchAlign } from './align.js';
import { benchLedger } from './ledger.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');
const DELAY_MS = 3000;
const ROUNDS = 3;
const COLD_RUNS = 15;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function overhead(): Promise<void> {
  const server = await startModelServer();
  const cliEnv = await makeCliEnv(server.url);
  const reply = {
    verdict: 'issues',
    summary: 's',
    findings: [{ file: 'examples/demo/rate-limiter.ts', line: 29, endLine: 29, severity: 'low', category: 'bug', title: 'Off by one', detail: 'uses > not >=', suggestion: '', quote: 'if (bucket.tokens > cost) {', confidence: 0.8 }],
  };
  server.script('anthropic', [{ repeat: true, delayMs: DELAY_MS, toolUse: { name: 'StructuredOutput', input: reply }, usage: { input: 1000, output: 200 } }]);
  server.script('openai-responses', [{ repeat: true, delayMs: DELAY_MS, text: JSON.stringify(reply), usage: { input: 1000, output: 200 } }]);
  const { agents } = await loadAgents(path.join(root, 'agents'));
  const files = await readReviewFiles(['examples/demo/rate-limiter.ts'], root);
  const direct = await Promise.all(
    agents.filter((agent) => agent.id === 'opus' || agent.id === 'codex').map(async (agent) => ({ id: agent.id, ...(await prepareDirectRun(agent, files, cliEnv.env, root)) })),
  );
  try {
    const rows: { alone: number; inRun: number; xcheck: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const alone: number[] = [];
      for (const agent of direct) alone.push(await timed(agent.run));
      let stdout = '';
      const xcheck = await timed(async () => {
        stdout = (await execa('node', [cli, 'examples/demo/rate-limiter.ts', '--format', 'json', '--no-cache'], { cwd: root, env: cliEnv.env, extendEnv: false, reject: false })).stdout;
      });
      const report = JSON.parse(stdout) as { agents: { id: string; status: string; durationMs: number }[] };
      if (report.agents.some((agent) => agent.status !== 'ok')) throw new Error(`an agent failed in the benchmark run: ${stdout.slice(0, 500)}`);
      const inRun = Math.max(...report.agents.map((agent) => agent.durationMs));
      rows.push({ alone: Math.max(...alone), inRun, xcheck });
      console.log(`  round ${round + 1}: ${direct.map((agent, index) => `${agent.id} alone ${ms(alone[index]!)}`).join(', ')}; xcheck ${ms(xcheck)}, its slowest agent ${ms(inRun)}`);
    }
    const xcheck = median(rows.map((row) => row.xcheck));
    const inRun = median(rows.map((row) => row.inRun));
    const alone = median(rows.map((row) => row.alone));
    const percent = (extra: number, base: number) => `+${ms(extra)} = ${((extra / base) * 100).toFixed(1)}%`;
    console.log(`overhead (scripted delay ${DELAY_MS} ms): xcheck ${ms(xcheck)} vs its slowest agent ${ms(inRun)}: ${percent(xcheck - inRun, inRun)} (target ≤ 5%)`);
    console.log(`  for reference, vs the slowest agent run alone ${ms(alone)}: ${percent(xcheck - alone, alone)} (includes the two CLIs competing for 2 cores)`);
  } finally {
    await Promise.all(direct.map((agent) => agent.dispose()));
    await server.close();
    await cliEnv.cleanup();
  }
}

async function coldStart(): Promise<void> {
  const node: number[] = [];
  const version: number[] = [];
  for (let run = 0; run < COLD_RUNS; run++) {
    node.push(await timed(() => execa('node', ['-e', '0'])));
    version.push(await timed(() => execa('node', [cli, '--version'])));
  }
  const ratio = median(version) / median(node);
  console.log(`cold start: xcheck --version ${ms(median(version))} vs node -e 0 ${ms(median(node))}: ${ratio.toFixed(2)}× (target ≤ 2×)`);
}

console.log(`xcheck bench (medians; ${ROUNDS} overhead rounds, ${COLD_RUNS} cold-start runs)`);
await coldStart();
await overhead();
for (const line of await benchAlign()) console.log(line);
for (const line of await benchLedger()) console.log(line);
