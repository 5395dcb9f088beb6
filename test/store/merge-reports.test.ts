import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignFindings, type AlignInput } from '../../src/align/align.js';
import { UsageError } from '../../src/errors.js';
import { decideExitCode } from '../../src/exit-code.js';
import { blockingSpots, parseFailOn } from '../../src/fail-on.js';
import { ReportSchema, SPOT_STATUSES, type AgentReport, type Report, type Spot } from '../../src/report/report-schema.js';
import { compareSpots, mergeReports } from '../../src/store/merge-reports.js';
import { shardOf } from '../../src/store/shard.js';
import { alignInputArb } from '../helpers/arbitraries.js';

const FAIL_ON = parseFailOn('high');
const BROKEN = 'broken';

/** `value` split into `total` whole parts that add up to it; part `index` (1-based). */
const portion = (value: number, index: number, total: number) => Math.floor(value / total) + (index === total ? value % total : 0);

const summaryOf = (spots: Spot[]) => Object.fromEntries(SPOT_STATUSES.map((status) => [status, spots.filter((spot) => spot.status === status).length])) as Report['summary'];

/** What `buildReport` derives from the parts; computed the same way for the whole and each shard. */
function derive(report: Omit<Report, 'summary' | 'cost' | 'exitCode' | 'coverage'> & { coverage: Report['coverage']['files'] }): Report {
  const calls = [
    ...report.agents.map((agent) => ({ agent: agent.id, costUsd: agent.costUsd, made: agent.status === 'ok' })),
    ...report.followUps.map((call) => ({ agent: call.agent, costUsd: call.costUsd, made: call.status === 'ok' })),
  ];
  const answered = report.agents.filter((agent) => agent.status === 'ok');
  const coverageComplete = report.coverage.every((file) => file.reviewedBy.length === report.agents.length);
  return {
    ...report,
    summary: summaryOf(report.spots),
    cost: {
      totalUsd: Math.round(calls.reduce((sum, call) => sum + (call.costUsd ?? 0), 0) * 1e6) / 1e6,
      unpriced: [...new Set(calls.filter((call) => call.made && call.costUsd === undefined).map((call) => call.agent))],
    },
    coverage: { files: report.coverage, complete: coverageComplete },
    exitCode: decideExitCode({
      canceled: false,
      okAgents: answered.length,
      failedAgents: report.agents.length - answered.length,
      verificationComplete: report.verification.complete,
      coverageComplete,
      blocking: blockingSpots(report.spots, FAIL_ON).length,
      allowIncomplete: false,
    }),
  };
}

/**
 * The report of one run over `files` of `input` (all of them when unsharded): the spots the real
 * aligner finds, ok agents with made-up but additive costs and tokens, one failed agent, and a
 * verify follow-up per solo spot (some failed, so verification can be incomplete).
 */
function reportOf(input: AlignInput, files: string[], shard: { index: number; total: number }): Report {
  const inShard = (file: string) => files.includes(file);
  const findings = input.findings.filter((finding) => inShard(finding.file));
  const coverage = Object.fromEntries(files.map((file) => [file, input.coverage[file] ?? []]));
  const contents = Object.fromEntries(files.map((file) => [file, input.contents[file] ?? '']));
  const spots = alignFindings({ findings, coverage, contents });
  const agentIds = [...new Set(Object.values(input.coverage).flat())].sort();
  const agents: AgentReport[] = agentIds.map((id, n) => ({
    id,
    backend: 'claude-cli',
    model: `model-${id}`,
    status: 'ok',
    durationMs: portion(1000 + 337 * n, shard.index, shard.total),
    usage: { inputTokens: portion(5000 + n, shard.index, shard.total), outputTokens: portion(700 + 3 * n, shard.index, shard.total) },
    // The last agent is unpriced, like a local model.
    ...(n === agentIds.length - 1 ? {} : { costUsd: (0.5 * (n + 1)) / shard.total }),
    findingCount: findings.filter((finding) => finding.agent === id).length,
    warnings: n === 0 ? ['model fell back'] : [],
  }));
  agents.push({ id: BROKEN, backend: 'openai', status: 'failed', reason: 'auth', message: 'set OPENAI_API_KEY', durationMs: 0, findingCount: 0, warnings: [], rawText: '401' });
  const followUps: Report['followUps'] = spots
    .filter((spot) => spot.status === 'solo')
    .map((spot) => ({
      kind: 'verify',
      agent: agentIds[0]!,
      spots: [spot.id],
      // Decided by the spot, not by position, so the whole run and the shards agree.
      status: spot.id < '3' ? 'failed' : 'ok',
      ...(spot.id < '3' ? { reason: 'timeout' } : { costUsd: 0.01 }),
      durationMs: 10,
      warnings: [],
    }));
  return derive({
    version: 1,
    replay: false,
    task: {
      kind: 'review',
      files: files.map((file) => ({ path: file, lines: (input.contents[file] ?? '').split('\n').length, bytes: Buffer.byteLength(input.contents[file] ?? ''), sha256: createHash('sha256').update(input.contents[file] ?? '').digest('hex') })),
    },
    agents,
    spots,
    followUps,
    verification: { policy: 'auto', maxCostUsd: 1, complete: followUps.every((call) => call.status === 'ok') },
    coverage: files.map((file) => ({ path: file, reviewedBy: coverage[file] ?? [] })),
    failOn: FAIL_ON.text,
  });
}

/** Up to order; costs split in thirds are compared to 1e-9 (agents) and 1e-5 USD (total of rounded totals). */
function canonical(report: Report) {
  const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
  return {
    ...report,
    task: { ...report.task, files: [...report.task.files].sort(byPath) },
    agents: [...report.agents].sort((a, b) => a.id.localeCompare(b.id)).map((agent) => ({ ...agent, ...(agent.costUsd !== undefined ? { costUsd: Math.round(agent.costUsd * 1e9) / 1e9 } : {}) })),
    spots: [...report.spots].sort(compareSpots),
    followUps: [...report.followUps].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    cost: { totalUsd: Math.round(report.cost.totalUsd * 1e5) / 1e5, unpriced: [...report.cost.unpriced].sort() },
    coverage: { ...report.coverage, files: [...report.coverage.files].sort(byPath) },
  };
}

/** The arbitrary's three fixed paths moved under `prefix`, so the split between shards varies. */
function underPrefix(input: AlignInput, prefix: string): AlignInput {
  const moved = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).map(([file, value]) => [prefix + file, value]));
  return { findings: input.findings.map((finding) => ({ ...finding, file: prefix + finding.file })), coverage: moved(input.coverage), contents: moved(input.contents) };
}

describe('mergeReports', () => {
  it('merging the shards of a run gives the unsharded report', () => {
    fc.assert(
      fc.property(alignInputArb, fc.constantFrom('', 'a/', 'lib/b/', 'packages/c/'), fc.integer({ min: 1, max: 4 }), (original, prefix, total) => {
        const input = underPrefix(original, prefix);
        const files = Object.keys(input.contents);
        const full = reportOf(input, files, { index: 1, total: 1 });
        const shards = Array.from({ length: total }, (_, n) => reportOf(input, files.filter((file) => shardOf(file, total) === n + 1), { index: n + 1, total }));
        // Each shard's spots are exactly the whole run's spots in its files: alignment is per file.
        for (const [n, shard] of shards.entries()) expect(shard.spots).toEqual(full.spots.filter((spot) => shardOf(spot.file, total) === n + 1));
        const merged = mergeReports(shards);
        expect(ReportSchema.parse(merged)).toEqual(merged);
        expect(canonical(merged)).toEqual(canonical(full));
        // Spots and files come out in canonical order without help.
        expect(merged.spots).toEqual([...full.spots].sort(compareSpots));
        expect(merged.task.files.map((file) => file.path)).toEqual([...files].sort());
      }),
      { numRuns: 60 },
    );
  });

  it('an agent is ok only if it answered in every shard, and every shard failure is kept', () => {
    const agent = (overrides: Partial<AgentReport>): AgentReport => ({ id: 'opus', backend: 'claude-cli', status: 'ok', durationMs: 100, findingCount: 2, warnings: [], rawText: 'reply', ...overrides });
    const report = (agents: AgentReport[]): Report => ({
      version: 1,
      replay: false,
      task: { kind: 'review', files: [] },
      agents,
      spots: [],
      summary: summaryOf([]),
      followUps: [],
      verification: { policy: 'auto', complete: true },
      cost: { totalUsd: 0, unpriced: [] },
      coverage: { files: [], complete: true },
      exitCode: 0,
    });
    const merged = mergeReports([
      report([agent({ rawText: 'reply 1', usage: { inputTokens: 1, outputTokens: 2 }, costUsd: 0.5 })]),
      report([agent({ status: 'failed', reason: 'timeout', message: 'took too long', rawText: 'partial', findingCount: 0 })]),
      report([agent({ status: 'failed', reason: 'rate-limited', message: '429', rawText: 'partial', findingCount: 0, usage: { inputTokens: 3, outputTokens: 4, cachedInputTokens: 5 } })]),
    ]).agents;
    expect(merged).toEqual([
      {
        id: 'opus',
        backend: 'claude-cli',
        status: 'failed',
        reason: 'timeout',
        message: 'took too long; 429',
        durationMs: 300,
        usage: { inputTokens: 4, outputTokens: 6, cachedInputTokens: 5 },
        costUsd: 0.5,
        findingCount: 2,
        warnings: [],
        rawText: 'reply 1\n\npartial',
      },
    ]);
  });

  it('takes the most serious exit code: canceled, internal, no answers, blocking, incomplete, ok', () => {
    const base = reportOf({ findings: [], coverage: {}, contents: {} }, [], { index: 1, total: 1 });
    const exit = (...codes: number[]) => mergeReports(codes.map((exitCode) => ({ ...base, exitCode }))).exitCode;
    expect(exit(0, 0)).toBe(0);
    expect(exit(0, 3)).toBe(3);
    expect(exit(3, 1, 0)).toBe(1);
    expect(exit(1, 2)).toBe(2);
    expect(exit(2, 70)).toBe(70);
    expect(exit(70, 130, 1)).toBe(130);
    expect(exit(0, 42)).toBe(42);
  });

  it('refuses nothing to merge and shards run with different settings', () => {
    const base = reportOf({ findings: [], coverage: {}, contents: {} }, [], { index: 1, total: 1 });
    expect(() => mergeReports([])).toThrow(UsageError);
    expect(() => mergeReports([base, { ...base, failOn: 'critical' }])).toThrow(/different --fail-on: "high" vs "critical"/);
    expect(() => mergeReports([base, { ...base, verification: { ...base.verification, policy: 'never' } }])).toThrow(UsageError);
  });
});
