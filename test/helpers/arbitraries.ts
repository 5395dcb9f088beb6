/**
 * fast-check arbitraries for the aligner: realistic review inputs where agents often paraphrase
 * the same defect at nearby lines (so real matches happen), plus unrelated noise findings.
 * An arbitrary draws a small plan; `buildInput` turns it into an AlignInput deterministically.
 */
import fc from 'fast-check';
import type { AlignInput } from '../../src/align/align.js';
import { CATEGORIES, SEVERITIES, type Anchor, type Category, type Finding, type Severity } from '../../src/finding.js';

export const AGENT_IDS = ['opus', 'codex', 'gemini', 'qwen'] as const;
export const FILE_NAMES = ['src/session.ts', 'src/cache.ts', 'lib/queue.ts'] as const;
export const IDENTIFIERS = ['user', 'session', 'expiresAt', 'maxSessions', 'items', 'send', 'cache', 'retryCount', 'token', 'bucket', 'parseConfig', 'handler', 'timeoutMs', 'queue', 'lock', 'rows'] as const;

type Phrase = (a: string, b: string) => { title: string; detail: string };
interface Defect {
  category: Category;
  variants: Phrase[];
}

/** A small vocabulary of defect phrasings; each defect has paraphrases as different models would write them. */
export const DEFECTS: Defect[] = [
  {
    category: 'bug',
    variants: [
      (a, b) => ({ title: `Possible undefined access of \`${a}\``, detail: `\`${a}\` can be undefined when the lookup misses, and \`${a}.${b}\` then throws.` }),
      (a, b) => ({ title: `[P1] \`${a}\` may be null`, detail: `The code dereferences \`${a}.${b}\` without checking the lookup result.` }),
      (a, b) => ({ title: `Missing null check on ${a}`, detail: `When ${a} is not found the code reads ${b} of undefined and crashes.` }),
    ],
  },
  {
    category: 'bug',
    variants: [
      (a) => ({ title: 'Loop bound skips the last element', detail: `The \`i < ${a}.length - 1\` condition never visits the final item of ${a}.` }),
      (a) => ({ title: `Off-by-one in loop over \`${a}\``, detail: `Iteration stops one element early, so the last entry of \`${a}\` is ignored.` }),
    ],
  },
  {
    category: 'error-handling',
    variants: [
      (a) => ({ title: `Floating promise from \`${a}()\``, detail: `\`${a}()\` is not awaited; rejections are lost.` }),
      (a, b) => ({ title: `Unawaited call to ${a}`, detail: `The promise returned by \`${a}()\` is dropped, so a failure never reaches \`${b}\`.` }),
    ],
  },
  {
    category: 'concurrency',
    variants: [
      (a, b) => ({ title: `Race between check and update of \`${a}\``, detail: `Two concurrent calls can both read \`${a}\` before either writes \`${b}\`.` }),
      (a) => ({ title: `Non-atomic read-modify-write on ${a}`, detail: `Concurrent requests interleave and lose updates to \`${a}\`.` }),
    ],
  },
  {
    category: 'resource-leak',
    variants: [
      (a) => ({ title: `\`${a}\` handle is never closed`, detail: `On the error path \`${a}\` is not released and leaks a connection.` }),
      (a, b) => ({ title: `Leaked ${a} on early return`, detail: `The early return skips \`${a}.close()\`; \`${b}\` keeps it alive.` }),
    ],
  },
  {
    category: 'security',
    variants: [
      (a) => ({ title: `Unsanitized \`${a}\` interpolated into SQL`, detail: `\`${a}\` comes from the request and is concatenated into the query: SQL injection.` }),
      (a) => ({ title: 'SQL injection', detail: `User-controlled ${a} reaches the raw query string without parameters.` }),
    ],
  },
  {
    category: 'error-handling',
    variants: [
      (a) => ({ title: `Empty catch swallows errors from \`${a}\``, detail: `Failures of \`${a}\` are silently ignored, hiding real errors.` }),
      (a, b) => ({ title: 'Swallowed exception', detail: `The catch block around ${a} discards the error and returns \`${b}\` as if nothing happened.` }),
    ],
  },
  {
    category: 'performance',
    variants: [
      (a, b) => ({ title: `Quadratic lookup in \`${a}\``, detail: `\`${a}.find\` inside the loop over \`${b}\` is O(n²); use a Map.` }),
      (a) => ({ title: `Slow linear scan of ${a}`, detail: `Each iteration scans all of \`${a}\` again.` }),
    ],
  },
];

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const random = prng(seed);
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

const LINE_TEMPLATES: ((a: string, b: string) => string)[] = [
  (a, b) => `export async function ${a}Of(${b}: string) {`,
  (a, b) => `  const ${a} = await load(${b});`,
  (a) => `  if (!${a}) return undefined;`,
  (a) => `  for (let i = 0; i < ${a}.length - 1; i++) {`,
  (a, b) => `    ${a}.${b} = Date.now();`,
  () => '  }',
  (a, b) => `  return ${a}.${b};`,
  () => '}',
  () => '',
  (a) => `// keeps ${a} in sync with the store`,
  (a, b) => `  db.query(\`SELECT * FROM t WHERE id = \${${a}}\`).then(${b});`,
];

/** Plausible TypeScript-ish text, deterministic in the seed. */
export function fileContents(seed: number, lineCount: number): string {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: lineCount }, () => pick(LINE_TEMPLATES)(pick(IDENTIFIERS), pick(IDENTIFIERS))).join('\n');
}

export interface ReportPlan {
  variant: number;
  shift: number;
  endShift: number;
  severity: Severity;
  category: Category | null;
  anchor: Anchor;
  confidence: number | null;
  quote: boolean;
  suggestion: boolean;
  /** For a shared issue: levels away from the issue's base severity (agents mostly agree within one). */
  drift: number;
}
export interface IssuePlan {
  line: number;
  span: number;
  defect: number;
  a: number;
  b: number;
  severity: Severity;
  /** One optional report per agent (by index into the plan's agents). */
  reports: (ReportPlan | null)[];
}
export interface ExtraPlan extends ReportPlan {
  agent: number;
  line: number;
  span: number;
  defect: number;
  a: number;
  b: number;
}
export interface FilePlan {
  lineCount: number;
  seed: number;
  issues: IssuePlan[];
  extras: ExtraPlan[];
  coverAll: boolean;
  alsoCovers: boolean[];
}
export interface InputPlan {
  agents: string[];
  files: FilePlan[];
}

const reportArb: fc.Arbitrary<ReportPlan> = fc.record({
  variant: fc.nat({ max: 2 }),
  shift: fc.integer({ min: -3, max: 3 }),
  endShift: fc.integer({ min: 0, max: 2 }),
  severity: fc.constantFrom(...SEVERITIES),
  category: fc.option(fc.constantFrom(...CATEGORIES), { freq: 4 }),
  anchor: fc.constantFrom<Anchor>('exact', 'moved', 'unverified'),
  confidence: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { freq: 3 }),
  quote: fc.boolean(),
  suggestion: fc.boolean(),
  drift: fc.constantFrom(0, 0, 0, 0, 1, -1, 1, -1, 2, -2),
});

const inputPlanArb: fc.Arbitrary<InputPlan> = fc.shuffledSubarray([...AGENT_IDS], { minLength: 1, maxLength: 4 }).chain((agents) => {
  const agentIndex = fc.nat({ max: agents.length - 1 });
  const issue = fc.record({
    line: fc.integer({ min: 1, max: 200 }),
    span: fc.nat({ max: 3 }),
    defect: fc.nat({ max: DEFECTS.length - 1 }),
    a: fc.nat({ max: IDENTIFIERS.length - 1 }),
    b: fc.nat({ max: IDENTIFIERS.length - 1 }),
    severity: fc.constantFrom(...SEVERITIES),
    reports: fc.array(fc.option(reportArb, { freq: 4 }), { minLength: agents.length, maxLength: agents.length }),
  });
  const extra = fc.record({
    agent: agentIndex,
    line: fc.integer({ min: 1, max: 200 }),
    span: fc.nat({ max: 3 }),
    defect: fc.nat({ max: DEFECTS.length - 1 }),
    a: fc.nat({ max: IDENTIFIERS.length - 1 }),
    b: fc.nat({ max: IDENTIFIERS.length - 1 }),
  });
  const file = fc.record({
    lineCount: fc.integer({ min: 30, max: 200 }),
    seed: fc.integer(),
    issues: fc.array(issue, { maxLength: 6 }),
    extras: fc.array(fc.tuple(extra, reportArb).map(([where, report]) => ({ ...report, ...where })), { maxLength: 4 }),
    coverAll: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
    alsoCovers: fc.array(fc.boolean(), { minLength: agents.length, maxLength: agents.length }),
  });
  return fc.record({ agents: fc.constant(agents), files: fc.array(file, { minLength: 1, maxLength: FILE_NAMES.length }) });
});

const clampLine = (line: number, lineCount: number) => Math.min(lineCount, Math.max(1, line));

function makeFinding(
  agent: string,
  file: string,
  lines: string[],
  where: { line: number; span: number; defect: number; a: number; b: number },
  report: ReportPlan,
): Finding {
  const defect = DEFECTS[where.defect]!;
  const phrase = defect.variants[report.variant % defect.variants.length]!;
  const { title, detail } = phrase(IDENTIFIERS[where.a]!, IDENTIFIERS[where.b]!);
  const startLine = clampLine(where.line + report.shift, lines.length);
  const endLine = clampLine(startLine + where.span + report.endShift, lines.length);
  const finding: Finding = { agent, file, startLine, endLine, severity: report.severity, category: report.category ?? defect.category, title, detail, anchor: report.anchor };
  if (report.suggestion) finding.suggestion = `Check \`${IDENTIFIERS[where.a]!}\` before use.`;
  if (report.quote) finding.quote = lines[startLine - 1]!;
  if (report.confidence !== null) finding.confidence = report.confidence;
  return finding;
}

export function buildInput(plan: InputPlan): AlignInput {
  const input: AlignInput = { findings: [], coverage: {}, contents: {} };
  plan.files.forEach((filePlan, fileIndex) => {
    const file = FILE_NAMES[fileIndex]!;
    const content = fileContents(filePlan.seed, filePlan.lineCount);
    const lines = content.split('\n');
    input.contents[file] = content;
    const reporters = new Set<string>();
    for (const issue of filePlan.issues) {
      const line = ((issue.line - 1) % filePlan.lineCount) + 1;
      issue.reports.forEach((report, agentIndex) => {
        if (report === null) return;
        const agent = plan.agents[agentIndex]!;
        reporters.add(agent);
        const severity = SEVERITIES[Math.min(SEVERITIES.length - 1, Math.max(0, SEVERITIES.indexOf(issue.severity) + report.drift))]!;
        input.findings.push(makeFinding(agent, file, lines, { ...issue, line }, { ...report, severity }));
      });
    }
    for (const extra of filePlan.extras) {
      const agent = plan.agents[extra.agent]!;
      reporters.add(agent);
      input.findings.push(makeFinding(agent, file, lines, { ...extra, line: ((extra.line - 1) % filePlan.lineCount) + 1 }, extra));
    }
    input.coverage[file] = plan.agents.filter((agent, index) => filePlan.coverAll || reporters.has(agent) || filePlan.alsoCovers[index]);
  });
  return input;
}

/** A realistic AlignInput: 1–4 agents, 1–3 files of 30–200 lines, paraphrased shared issues plus noise. */
export const alignInputArb: fc.Arbitrary<AlignInput> = inputPlanArb.map(buildInput);
