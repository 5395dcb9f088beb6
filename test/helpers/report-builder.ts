import type { Finding } from '../../src/finding.js';
import { SPOT_STATUSES, type AgentReport, type Report, type Spot } from '../../src/report/report-schema.js';

/** Builders for Report objects, for the renderer tests (SARIF, annotations, Markdown, GitLab). */

export function anAgentReport(overrides: Partial<AgentReport> = {}): AgentReport {
  return {
    id: 'opus',
    backend: 'claude-cli',
    model: 'claude-opus-4-1',
    status: 'ok',
    durationMs: 12_345,
    usage: { inputTokens: 1200, outputTokens: 340 },
    costUsd: 0.0123,
    findingCount: 1,
    warnings: [],
    ...overrides,
  };
}

function finding(spot: Pick<Spot, 'file' | 'startLine' | 'endLine' | 'severity' | 'category'>, agent: string, overrides: Partial<Finding> = {}): Finding {
  return {
    agent,
    file: spot.file,
    startLine: spot.startLine,
    endLine: spot.endLine,
    severity: spot.severity,
    category: spot.category,
    title: `Loop bound skips the last element (${agent})`,
    detail: 'The loop stops at length - 1, so the last item is never summed.',
    confidence: 0.8,
    anchor: 'exact',
    ...overrides,
  };
}

export interface SpotOverrides extends Partial<Spot> {
  /** Overrides applied to every generated finding (ignored when `findings` is given). */
  finding?: Partial<Finding>;
}

export function aSpot(overrides: SpotOverrides = {}): Spot {
  const { finding: findingOverrides, ...rest } = overrides;
  const base = {
    file: 'src/sum.ts',
    startLine: 12,
    endLine: 14,
    severity: 'high' as const,
    category: 'bug' as const,
    ...rest,
  };
  const agents = rest.agents ?? ['opus', 'codex'];
  return {
    id: '9c1e0b7a54d2f3e8d0a1b2c3d4e5f601',
    status: 'agreed',
    attention: 0.7,
    title: 'Loop bound skips the last element',
    findings: agents.map((agent) => finding(base, agent, findingOverrides)),
    duplicates: [],
    agents,
    missing: [],
    matchConfidence: 0.9,
    issueConfidence: 0.85,
    rationale: { score: 0.9, features: ['lines overlap'] },
    ...base,
  };
}

export function aReport(overrides: Partial<Report> = {}): Report {
  const spots = overrides.spots ?? [aSpot()];
  const agents = overrides.agents ?? [anAgentReport(), anAgentReport({ id: 'codex', backend: 'codex-cli', model: 'gpt-5-codex', costUsd: undefined, durationMs: 23_456 })];
  const files = [...new Set(spots.map((spot) => spot.file))];
  if (files.length === 0) files.push('src/sum.ts');
  return {
    version: 1,
    replay: false,
    task: { kind: 'review', files: files.map((path) => ({ path, lines: 40, bytes: 800, sha256: '0'.repeat(64) })) },
    agents,
    spots,
    summary: Object.fromEntries(SPOT_STATUSES.map((status) => [status, spots.filter((spot) => spot.status === status).length])) as Report['summary'],
    followUps: [],
    verification: { policy: 'auto', complete: true },
    cost: { totalUsd: 0.0123, unpriced: agents.filter((agent) => agent.status === 'ok' && agent.costUsd === undefined).map((agent) => agent.id) },
    coverage: { files: files.map((path) => ({ path, reviewedBy: agents.filter((agent) => agent.status === 'ok').map((agent) => agent.id) })), complete: agents.every((agent) => agent.status === 'ok') },
    exitCode: 0,
    ...overrides,
  };
}

/** A fixed report touching every status class, a security spot, verification and a failed agent. */
export function goldenReport(): Report {
  const spots: Spot[] = [
    aSpot({ id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', attention: 0.64 }),
    aSpot({
      id: 'b2c3d4e5f60718293a4b5c6d7e8f90a1',
      file: 'src/db/query.ts',
      startLine: 40,
      endLine: 40,
      severity: 'critical',
      category: 'security',
      cwe: 'CWE-89',
      kind: 'sql-injection',
      status: 'confirmed',
      attention: 0.83,
      title: 'SQL built from request parameter',
      agents: ['opus'],
      missing: ['codex'],
      finding: { title: 'SQL built from request parameter', detail: 'req.query.id is concatenated into the SQL string.', suggestion: 'Use a bound parameter.' },
      verification: { before: 'solo', votes: [{ agent: 'codex', verdict: 'confirmed', reason: 'The id reaches the query unescaped.' }] },
    }),
    aSpot({
      id: 'c3d4e5f60718293a4b5c6d7e8f90a1b2',
      file: 'src/cache.ts',
      startLine: 7,
      endLine: 9,
      severity: 'medium',
      status: 'solo',
      attention: 0.47,
      title: 'Cache entry never expires',
      agents: ['codex'],
      missing: ['opus'],
      finding: { title: 'Cache entry never expires', detail: 'Entries are written without a TTL and never evicted.', confidence: 0.6 },
    }),
    aSpot({
      id: 'd4e5f60718293a4b5c6d7e8f90a1b2c3',
      file: 'src/cache.ts',
      startLine: 20,
      endLine: 20,
      severity: 'high',
      status: 'refuted',
      attention: 0.2,
      title: 'Possible null dereference',
      agents: ['opus'],
      missing: ['codex'],
      finding: { title: 'Possible null dereference', detail: 'user.profile may be undefined here.' },
      verification: { before: 'solo', votes: [{ agent: 'codex', verdict: 'refuted', reason: 'The value is checked on line 18.' }] },
    }),
  ];
  return aReport({
    spots,
    followUps: [{ kind: 'verify', agent: 'codex', spots: [spots[1]!.id, spots[3]!.id], status: 'ok', durationMs: 4200, warnings: [] }],
    failOn: 'agreed>=high,confirmed>=high',
    exitCode: 1,
  });
}

export const HOSTILE_SECRET = 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWx';

/** Model text that tries every trick ci-conventions.md §4.2 and §4.5 list. */
export function hostileSpot(): Spot {
  const title = `Bad\n::add-mask::x\n::error::pwned %0A injected\r\nCR \u001b[31mANSI\u001b]0;title\u0007 @octocat /review <img src=x onerror=alert(1)> | table | breakers | ${HOSTILE_SECRET} #1`;
  const detail = [
    'First line',
    '/review please',
    '  @claude fix this',
    '::set-output name=x::y',
    '![img](https://evil.example/x.png)',
    '[click](javascript:alert(1)) https://evil.example/track.gif www.evil.example',
    '<script>alert(1)</script> <!-- xcheck:report -->',
    '```',
    '</details> # heading breakout',
    `token ghp_${'a'.repeat(36)} and AKIAABCDEFGHIJKLMNOP and eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk`,
  ].join('\n');
  return aSpot({
    id: 'hostile-spot',
    file: 'src/we,ird:path.ts',
    title,
    finding: { title, detail, suggestion: `\`\`\`\`\n@octocat ${HOSTILE_SECRET}` },
  });
}
