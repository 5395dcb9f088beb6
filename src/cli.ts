#!/usr/bin/env node
// Kept free of heavy imports: `--version` and `--help` must start about as fast as bare node.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ExitCode, UsageError, XcheckError } from './errors.js';

const HELP = `xcheck — cross-check code with several AI models and see where they agree and disagree

Usage
  xcheck [review] <file> [more files]   review files with the panel (default: opus, codex)
  xcheck diff [BASE]                    review only what changed since BASE (default: the branch point)
  xcheck ask "QUESTION" [--context FILE …]   the same question to the panel; answers compared, disagreements escalated
  xcheck ci                             pre-merge check: find the base, review the diff, write outputs, exit by policy
  xcheck baseline add --from report.json [SPOT ...]   dismiss spots: later runs leave them out
  xcheck merge a.json b.json            combine shard reports (--format json|sarif|…)
  xcheck route <file> [more files]      the panel routing picks for these files, why, and the expected cost (no model is called)
  xcheck demo                           replay a bundled recording of a panel run (no model is called)
  xcheck agents                         list agents and whether each can run (no model is called)
  xcheck doctor [--probe]               check the agents; --probe spends one tiny call each (login, schema, read-only)
  xcheck usage [--days N]               calls, tokens and cost per agent by day and week, quota left, cache savings

Options
  --agents a,b          the panel, by agent id (built-in: agents/*.md; yours: .xcheck/agents/*.md)
  --format FORMAT       text (default), json, sarif, github (annotations), markdown (PR comment), gitlab
  --sarif FILE          also write SARIF 2.1.0 (likewise --markdown FILE, --gitlab FILE, --json-file FILE)
  --output FILE         write the report to FILE instead of stdout
  --fail-on RULES       exit 1 when a spot matches: a severity (high), a status (contested) or
                        status>=severity, comma-separated: "agreed>=high,confirmed>=high,contested>=critical"
  --verify POLICY       second look at solo spots by the other agents: auto (medium and up), always, never
  --max-cost USD        per-run budget over every model call: a call whose estimate would exceed it is
                        not made and its agent is reported skipped (review marked incomplete)
  --arbiter AGENT       the agent that settles contested spots (default: strongest non-party)
  --route               pick the panel by routing policy (cheapest adequate primary + another family's
                        checker, disagreements to a frontier agent); config routing.policy does the same
  --probe               doctor: one tiny real review call per agent
  --keep-context        diff: keep findings outside the changed lines (marked outsideDiff)
  --no-cache            call the models even when an identical call is stored (.xcheck/cache; on by default)
  --days N              usage: how many days back (default 14)
  --shard I/N           review the I-th of N deterministic parts of the files (merge the reports)
  --on-missing-credentials fail|skip   ci: exit 2 (default) or 0 when no agent has credentials
  --allow-incomplete    exit 0 rather than 3 when an agent failed but others answered
  --max-file-bytes N    per-file size limit (default 262144)
  --max-total-bytes N   per-run size limit (default 524288)
  --sensitive           the code must stay local: only agents with trust: local (refuses if none)
  --no-color            plain text (also when NO_COLOR is set or output is not a terminal)
  --save FILE           record the whole run (code, agents, raw model outputs, report; secrets redacted)
  --replay FILE         reopen a saved run without any model call: its report in --format (or -i)
  -i, --interactive     review in the terminal: live panel, spots by attention, side-by-side detail;
                        accept, dismiss, verify, ask an agent (xcheck -i FILE…, xcheck diff -i)
  -h, --help            this help
  -v, --version         version

Exit codes: 0 nothing blocking · 1 --fail-on matched · 2 usage, config or input error ·
3 incomplete review (an agent failed) · 130 canceled`;

const OPTIONS = {
  agents: { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  'allow-incomplete': { type: 'boolean' },
  'max-file-bytes': { type: 'string' },
  'max-total-bytes': { type: 'string' },
  'no-color': { type: 'boolean' },
  sensitive: { type: 'boolean' },
  verify: { type: 'string' },
  'max-cost': { type: 'string' },
  arbiter: { type: 'string' },
  route: { type: 'boolean' },
  probe: { type: 'boolean' },
  'keep-context': { type: 'boolean' },
  sarif: { type: 'string' },
  markdown: { type: 'string' },
  gitlab: { type: 'string' },
  'json-file': { type: 'string' },
  cache: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  days: { type: 'string' },
  shard: { type: 'string' },
  reason: { type: 'string' },
  from: { type: 'string' },
  'on-missing-credentials': { type: 'string' },
  context: { type: 'string', multiple: true },
  save: { type: 'string' },
  replay: { type: 'string' },
  interactive: { type: 'boolean', short: 'i' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export type CliValues = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nRun \`xcheck --help\` for usage.`);
  }
}

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

async function main(argv: string[], signal: AbortSignal): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.version) {
    process.stdout.write(`${version()}\n`);
    return ExitCode.ok;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return ExitCode.ok;
  }
  if (values.interactive) {
    // Ink and React load only past this point, and only when there is a terminal to draw on.
    const code = await (await import('./ui/interactive-command.js')).runInteractiveCommand(positionals, values, signal);
    if (code !== undefined) return code;
  }
  if (values.replay !== undefined) {
    if (positionals.length > 0) throw new UsageError(`--replay reopens a saved run; it takes no files or command (got: ${positionals.join(' ')}).`);
    return (await import('./commands/replay.js')).runReplay(values.replay, values);
  }
  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError(`No files to review.\n\n${HELP}`);
  const run = COMMANDS[command];
  if (!run) {
    const { runReview } = await import('./commands/review.js');
    return runReview(command === 'review' ? rest : positionals, values, signal);
  }
  return run(rest, values, signal);
}

type Command = (args: string[], values: CliValues, signal: AbortSignal) => Promise<number>;

function withoutArguments(name: string, run: Command): Command {
  return (args, values, signal) => {
    if (args.length > 0) throw new UsageError(`xcheck ${name} takes no file arguments (got: ${args.join(' ')}).`);
    return run(args, values, signal);
  };
}

/** Subcommands, each loaded only when used; anything else is a file to review. */
const COMMANDS: Record<string, Command> = {
  agents: withoutArguments('agents', async (_, values, signal) => (await import('./commands/agents.js')).runAgentsCommand(values, signal)),
  doctor: withoutArguments('doctor', async (_, values, signal) => (await import('./commands/doctor.js')).runDoctor(values, signal)),
  ask: async (args, values, signal) => (await import('./commands/ask.js')).runAskCommand(args, values, signal),
  baseline: async (args, values) => (await import('./commands/baseline.js')).runBaseline(args, values),
  merge: async (args, values) => (await import('./commands/merge.js')).runMerge(args, values),
  ci: async (args, values, signal) => (await import('./commands/ci.js')).runCi(args, values, signal),
  diff: async (args, values, signal) => (await import('./commands/diff.js')).runDiff(args, values, signal),
  route: async (args, values) => (await import('./commands/route.js')).runRoute(args, values),
  demo: async (_, values, signal) => (await import('./commands/demo.js')).runDemo(values, signal),
  usage: withoutArguments('usage', async (_, values) => (await import('./commands/usage.js')).runUsage(values)),
};

// `xcheck … | head` closes stdout early: that is the reader's choice, not an error to report.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.ok);
  throw error;
});

const controller = new AbortController();
let interrupts = 0;
const onInterrupt = () => {
  interrupts += 1;
  // A second Ctrl-C means "now": the agents' process groups were already signalled once.
  if (interrupts > 1) process.exit(ExitCode.canceled);
  process.stderr.write('\nCanceling: stopping the agents…\n');
  controller.abort();
};
process.on('SIGINT', onInterrupt);
process.on('SIGTERM', onInterrupt);

try {
  process.exitCode = await main(process.argv.slice(2), controller.signal);
} catch (error) {
  if (error instanceof XcheckError) {
    process.stderr.write(`xcheck: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`xcheck: internal error, please report it: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = ExitCode.internal;
  }
}
