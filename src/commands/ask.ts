import { writeFile } from 'node:fs/promises';
import { readAskInput } from '../ask/ask-input.js';
import { buildAskReport } from '../ask/ask-report.js';
import { renderAskText } from '../ask/render-ask.js';
import { runAsk } from '../ask/run-ask.js';
import { backendFor } from '../backends/index.js';
import { UsageError } from '../errors.js';
import { commandMeter } from '../ledger/command-meter.js';
import { costSetupFor } from '../ledger/cost-setup.js';
import { parseLimits, type ReviewFlags } from './options.js';
import { choosePanelRouted, setUp } from './review.js';

type AskFlags = ReviewFlags & { context?: string[]; route?: boolean };

/** `xcheck ask "question" [--context FILE …]`: the same question to the panel, answers compared. */
export async function runAskCommand(args: string[], flags: AskFlags, signal: AbortSignal): Promise<number> {
  if (args.length > 1) throw new UsageError(`xcheck ask takes one question; quote it (got ${args.length} arguments).`);
  const failOn = flags['fail-on'];
  if (failOn !== undefined && failOn !== 'disagree') throw new UsageError('xcheck ask --fail-on: the only rule is "disagree" (exit 1 when the answers disagree).');
  const { 'fail-on': _ignored, ...rest } = flags;
  const setup = await setUp(rest, process.cwd());
  if (setup.output.format !== 'text' && setup.output.format !== 'json') throw new UsageError('xcheck ask --format: text or json.');
  const input = await readAskInput(args[0], flags.context ?? [], setup.cwd, parseLimits(flags, setup.config));
  // Questions route like reviews (--route or config routing), as a task that needs at least a mid tier.
  const { agents } = await choosePanelRouted(setup, rest, input.context, signal, 'ask');
  const meter = commandMeter(costSetupFor('ask', setup.config), setup.verify.maxCostUsd !== undefined ? { maxCostUsd: setup.verify.maxCostUsd } : {});
  const result = await runAsk(input, {
    agents,
    backendFor: meter.wrap(backendFor),
    signal,
    cwd: setup.cwd,
    escalate: setup.verify.policy !== 'never',
    ...(setup.verify.maxCostUsd !== undefined ? { maxCostUsd: setup.verify.maxCostUsd } : {}),
  });
  await meter.flush();
  const report = buildAskReport(input, result, { canceled: signal.aborted, allowIncomplete: setup.output.allowIncomplete, failOnDisagree: failOn === 'disagree' });
  const rendered = setup.output.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderAskText(report, { color: setup.output.color });
  if (setup.output.output) await writeFile(setup.output.output, rendered);
  else process.stdout.write(rendered);
  return report.exitCode;
}
