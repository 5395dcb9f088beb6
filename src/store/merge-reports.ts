import { ExitCode, UsageError } from '../errors.js';
import { REPORT_VERSION, SPOT_STATUSES, type AgentReport, type Report, type Spot } from '../report/report-schema.js';

/**
 * Merging shard reports (`--shard i/n` jobs of one CI run) into the report of the whole change.
 * Shards split by file and spots never span files, so the merge is mostly concatenation; what
 * is not is written down next to it. Merging the shards of one run gives the unsharded report up
 * to order (test/store/merge-reports.test.ts), with the order made canonical here.
 */

/** The aligner's order: where to look first, then by place. */
export function compareSpots(a: Spot, b: Spot): number {
  return b.attention - a.attention || a.file.localeCompare(b.file) || a.startLine - b.startLine || a.id.localeCompare(b.id);
}

const byPath = <T extends { path: string }>(a: T, b: T) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
const distinct = <T>(values: Iterable<T>): T[] => [...new Set(values)];
const roundUsd = (usd: number) => Math.round(usd * 1e6) / 1e6;

/**
 * The exit code of the whole from the shards' codes, most serious first. It mirrors
 * `decideExitCode`: canceled anywhere (130) means the run did not finish; an internal error (70)
 * means a shard cannot be trusted; no agent answering a shard (2) leaves files unreviewed; then a
 * blocking spot anywhere (1) fails the check, and that says more than "incomplete" (3). A
 * recomputation is not possible: `--allow-incomplete` and cancellation are not in the report.
 * Codes this table does not know rank with the internal error.
 */
const EXIT_PRIORITY: number[] = [ExitCode.canceled, ExitCode.internal, ExitCode.usage, ExitCode.failOn, ExitCode.incomplete, ExitCode.ok];

function mergeExitCode(codes: number[]): number {
  const rank = (code: number) => {
    const index = EXIT_PRIORITY.indexOf(code);
    return index >= 0 ? index : EXIT_PRIORITY.indexOf(ExitCode.internal) + 0.5;
  };
  return codes.reduce((worst, code) => (rank(code) < rank(worst) ? code : worst));
}

function sumUsage(parts: AgentReport[]): AgentReport['usage'] {
  const usages = parts.flatMap((part) => (part.usage ? [part.usage] : []));
  if (usages.length === 0) return undefined;
  const cached = usages.filter((usage) => usage.cachedInputTokens !== undefined);
  return {
    inputTokens: usages.reduce((sum, usage) => sum + usage.inputTokens, 0),
    outputTokens: usages.reduce((sum, usage) => sum + usage.outputTokens, 0),
    ...(cached.length > 0 ? { cachedInputTokens: cached.reduce((sum, usage) => sum + (usage.cachedInputTokens ?? 0), 0) } : {}),
  };
}

/**
 * One agent across shards. Durations, tokens, cost and findings add up (the total work done). It
 * is ok only if it answered in every shard: otherwise some files lack its review. Then it takes
 * the worst status (failed over skipped), the first such shard's reason, and every distinct
 * message, so no shard's failure is hidden.
 */
function mergeAgent(parts: AgentReport[]): AgentReport {
  const first = parts[0]!;
  const status = parts.some((part) => part.status === 'failed') ? 'failed' : parts.some((part) => part.status === 'skipped') ? 'skipped' : 'ok';
  const notOk = parts.filter((part) => part.status !== 'ok');
  const reason = parts.find((part) => part.status === status)?.reason ?? notOk.find((part) => part.reason)?.reason;
  const messages = distinct(notOk.flatMap((part) => (part.message ? [part.message] : [])));
  const model = parts.find((part) => part.model !== undefined)?.model;
  const usage = sumUsage(parts);
  const costs = parts.flatMap((part) => (part.costUsd !== undefined ? [part.costUsd] : []));
  // Each shard's reply is its own evidence; kept in shard order.
  const rawTexts = distinct(parts.flatMap((part) => (part.rawText !== undefined ? [part.rawText] : [])));
  return {
    id: first.id,
    backend: first.backend,
    ...(model !== undefined ? { model } : {}),
    status,
    ...(status !== 'ok' && reason ? { reason } : {}),
    ...(status !== 'ok' && messages.length > 0 ? { message: messages.join('; ') } : {}),
    durationMs: parts.reduce((sum, part) => sum + part.durationMs, 0),
    ...(usage ? { usage } : {}),
    ...(costs.length > 0 ? { costUsd: costs.reduce((sum, cost) => sum + cost, 0) } : {}),
    findingCount: parts.reduce((sum, part) => sum + part.findingCount, 0),
    warnings: distinct(parts.flatMap((part) => part.warnings)),
    ...(rawTexts.length > 0 ? { rawText: rawTexts.join('\n\n') } : {}),
  };
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** The run's settings must be the same in every shard, or the merged exit code means nothing. */
function sameSetting<T>(reports: Report[], name: string, read: (report: Report) => T): T {
  const values = distinct(reports.map(read));
  if (values.length > 1) throw new UsageError(`cannot merge reports run with different ${name}: ${values.map((value) => JSON.stringify(value) ?? 'none').join(' vs ')}.`);
  return values[0]!;
}

/**
 * One report from the reports of the shards of one run. Throws a UsageError for no reports or for
 * reports run with different `--fail-on` or verification settings.
 */
export function mergeReports(reports: Report[]): Report {
  if (reports.length === 0) throw new UsageError('no reports to merge.');
  const failOn = sameSetting(reports, '--fail-on', (report) => report.failOn);
  const policy = sameSetting(reports, 'verification policies', (report) => report.verification.policy);
  // Each shard had this budget to itself, so the whole may have spent up to n times it.
  const maxCostUsd = sameSetting(reports, 'verification budgets', (report) => report.verification.maxCostUsd);

  // Shards own disjoint files; should a file still come twice (shards of different runs), it
  // is listed once.
  const files = [...groupBy(reports.flatMap((report) => report.task.files), (file) => file.path).values()].map((group) => group[0]!).sort(byPath);

  const spotsById = new Map<string, Spot>();
  for (const spot of reports.flatMap((report) => report.spots)) if (!spotsById.has(spot.id)) spotsById.set(spot.id, spot);
  const spots = [...spotsById.values()].sort(compareSpots);
  const summary = Object.fromEntries(SPOT_STATUSES.map((status) => [status, spots.filter((spot) => spot.status === status).length])) as Report['summary'];

  const agents = [...groupBy(reports.flatMap((report) => report.agents), (agent) => agent.id).values()].map(mergeAgent);
  const followUps = reports.flatMap((report) => report.followUps);

  const coverageFiles = [...groupBy(reports.flatMap((report) => report.coverage.files), (file) => file.path).values()]
    .map((group) => ({ path: group[0]!.path, reviewedBy: distinct(group.flatMap((file) => file.reviewedBy)) }))
    .sort(byPath);

  return {
    version: REPORT_VERSION,
    // Any replayed shard makes the whole not a live run.
    replay: reports.some((report) => report.replay),
    task: { kind: 'review', files },
    agents,
    spots,
    summary,
    followUps,
    ...(reports.some((report) => report.suppressed !== undefined) ? { suppressed: reports.reduce((sum, report) => sum + (report.suppressed ?? 0), 0) } : {}),
    ...(reports.some((report) => report.outcome !== undefined)
      ? { outcome: reports.every((report) => report.outcome === 'skipped') ? ('skipped' as const) : ('reviewed' as const) }
      : {}),
    verification: {
      policy,
      ...(maxCostUsd !== undefined ? { maxCostUsd } : {}),
      complete: reports.every((report) => report.verification.complete),
    },
    cost: {
      totalUsd: roundUsd(reports.reduce((sum, report) => sum + report.cost.totalUsd, 0)),
      unpriced: distinct(reports.flatMap((report) => report.cost.unpriced)),
    },
    coverage: { files: coverageFiles, complete: reports.every((report) => report.coverage.complete) },
    ...(failOn !== undefined ? { failOn } : {}),
    exitCode: mergeExitCode(reports.map((report) => report.exitCode)),
  };
}
