/**
 * Re-records examples/demo/recording.json: the real `claude` and `codex` CLIs review the bundled
 * example against the suite's scripted model server, which answers with scripts/demo-replies.json.
 * What is stored is what the CLIs printed, so `xcheck demo` replays real CLI output through the
 * real parsers. Run after bumping a CLI: `npm run build && node --import tsx scripts/record-demo.ts`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAgents } from '../src/agents.js';
import { readReviewFiles } from '../src/input.js';
import { makeCliEnv } from '../test/helpers/cli-env.js';
import { startModelServer } from '../test/helpers/model-server.js';
import { prepareDirectRun } from './direct-cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const example = 'examples/demo/rate-limiter.ts';
const replies = JSON.parse(await readFile(path.join(root, 'scripts', 'demo-replies.json'), 'utf8')) as Record<string, unknown>;
const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

const server = await startModelServer();
const cliEnv = await makeCliEnv(server.url);
try {
  server.script('anthropic', [{ toolUse: { name: 'StructuredOutput', input: replies.opus }, usage: { input: 3412, output: 958 }, model: 'claude-opus-4-8' }]);
  server.script('openai-responses', [{ text: JSON.stringify(replies.codex), usage: { input: 3187, output: 1204 } }]);
  const { agents } = await loadAgents(path.join(root, 'agents'));
  const files = await readReviewFiles([example], root);
  const runs = [];
  for (const id of ['opus', 'codex']) {
    const agent = agents.find((candidate) => candidate.id === id)!;
    const direct = await prepareDirectRun(agent, files, cliEnv.env, root);
    const output = await direct.run();
    await direct.dispose();
    // Paths of the scratch homes are machine-specific noise; keep the replay portable.
    const scrub = (text: string) => text.split(cliEnv.home).join('$HOME').split(server.url).join('http://127.0.0.1:PORT');
    runs.push({ agent: id, backend: agent.backend, exitCode: output.exitCode, durationMs: output.durationMs, stdout: scrub(output.stdout), stderr: scrub(output.stderr) });
  }
  const recording = {
    description: 'The real claude and codex CLIs reviewing examples/demo/rate-limiter.ts; model answers scripted by scripts/demo-replies.json on a loopback server.',
    recordedWith: { '@anthropic-ai/claude-code': manifest.devDependencies['@anthropic-ai/claude-code']!, '@openai/codex': manifest.devDependencies['@openai/codex']! },
    files: [example],
    runs,
  };
  await writeFile(path.join(root, 'examples', 'demo', 'recording.json'), `${JSON.stringify(recording, null, 2)}\n`);
  console.log(runs.map((run) => `${run.agent}: exit ${run.exitCode}, ${run.durationMs} ms, ${run.stdout.length} bytes`).join('\n'));
} finally {
  await server.close();
  await cliEnv.cleanup();
}
