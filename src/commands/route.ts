import { ExitCode, UsageError } from '../errors.js';
import { readReviewFiles } from '../input.js';
import { route } from '../route/plan.js';
import { configuredQuotas, quotaLookup } from '../route/quota-seam.js';
import { routeJson, routeText } from '../route/render.js';
import { sensitiveFiles } from '../sensitive.js';
import { parseAgentList, parseLimits, type ReviewFlags } from './options.js';
import { setUp, withoutIgnored } from './review.js';

/**
 * `xcheck route <files>`: the panel the configured (or default cross-check) routing policy picks
 * for these files, why, who is left out and the expected cost range. No model is called.
 */
export async function runRoute(paths: string[], flags: ReviewFlags): Promise<number> {
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`xcheck route --format: text or json (got "${format}").`);
  const setup = await setUp({ ...flags, format: 'text' }, process.cwd());
  const files = await readReviewFiles(withoutIgnored(paths, setup.config), setup.cwd, parseLimits(flags, setup.config));
  const routed = await route({
    kind: 'review',
    files,
    sensitive: sensitiveFiles(files, setup.config.sensitive ?? [], flags.sensitive ?? false),
    all: setup.all,
    config: setup.config,
    ...(flags.agents !== undefined ? { agentsFlag: parseAgentList(flags.agents, []) } : {}),
    ...(setup.verify.maxCostUsd !== undefined ? { maxCostUsd: setup.verify.maxCostUsd } : {}),
    routed: true,
    env: process.env,
    cwd: setup.cwd,
    quota: quotaLookup(configuredQuotas(setup.config)),
  });
  process.stdout.write(format === 'json' ? `${JSON.stringify(routeJson(routed), null, 2)}\n` : routeText(routed));
  if (routed.plan.panel.length === 0) {
    process.stderr.write('xcheck: no agent is eligible for this task (see "Left out"); `xcheck agents` shows what each needs.\n');
    return ExitCode.usage;
  }
  return ExitCode.ok;
}
