/**
 * Aligner speed on synthetic but realistic reviews (seeded, so every run sees the same data):
 * per file ~150 lines and 10 findings per agent, half of them paraphrases of shared "true issues"
 * at nearby lines, half distinct. Target: 2 agents × 2,000 findings over 200 files in ≤ 100 ms.
 * Run alone with `node --import tsx bench/align.ts`, or call `benchAlign()`.
 */
import { pathToFileURL } from 'node:url';
import { alignFindings, type AlignInput } from '../src/align/align.js';
import { SEVERITIES, type Category, type Finding } from '../src/finding.js';

const AGENTS = ['opus', 'codex', 'gemini', 'qwen'];
const LINES_PER_FILE = 150;
const PER_AGENT_PER_FILE = 10;
const SHARED_PER_FILE = PER_AGENT_PER_FILE / 2;
const WARMUP = 2;
const RUNS = 7;
const TARGET_MS = 100;

const HEADS = ['user', 'session', 'token', 'cache', 'queue', 'bucket', 'config', 'retry', 'lock', 'row', 'handler', 'timer'];
const TAILS = ['Id', 'Count', 'Map', 'At', 'Name', 'List', 'Ms', 'State'];

type Phrase = (a: string, b: string) => { title: string; detail: string };
const DEFECTS: { category: Category; variants: Phrase[] }[] = [
  { category: 'bug', variants: [
    (a, b) => ({ title: `Possible undefined access of \`${a}\``, detail: `\`${a}\` can be undefined when the lookup misses, and \`${a}.${b}\` then throws.` }),
    (a, b) => ({ title: `[P1] \`${a}\` may be null`, detail: `Dereferences \`${a}.${b}\` without checking the lookup result.` }),
  ] },
  { category: 'bug', variants: [
    (a) => ({ title: 'Loop bound skips the last element', detail: `The \`i < ${a}.length - 1\` condition never visits the final item.` }),
    (a, b) => ({ title: `Off-by-one over \`${a}\``, detail: `Iteration stops one early, so the last \`${a}\` entry never reaches \`${b}\`.` }),
  ] },
  { category: 'error-handling', variants: [
    (a) => ({ title: `Floating promise from \`${a}()\``, detail: `\`${a}()\` is not awaited; rejections are lost.` }),
    (a, b) => ({ title: `Unawaited call to ${a}`, detail: `The promise of \`${a}()\` is dropped, so failures never reach \`${b}\`.` }),
  ] },
  { category: 'concurrency', variants: [
    (a, b) => ({ title: `Race on \`${a}\``, detail: `Two concurrent calls both read \`${a}\` before either writes \`${b}\`.` }),
    (a) => ({ title: `Non-atomic update of ${a}`, detail: `Concurrent requests interleave and lose updates to \`${a}\`.` }),
  ] },
  { category: 'resource-leak', variants: [
    (a) => ({ title: `\`${a}\` is never closed`, detail: `On the error path \`${a}\` is not released and leaks a handle.` }),
    (a, b) => ({ title: `Leaked ${a} on early return`, detail: `The early return skips \`${a}.close()\` while \`${b}\` holds it.` }),
  ] },
  { category: 'security', variants: [
    (a) => ({ title: `Unsanitized \`${a}\` in SQL`, detail: `\`${a}\` comes from the request and is concatenated into the query.` }),
    (a) => ({ title: 'SQL injection', detail: `User-controlled ${a} reaches the raw query string without parameters.` }),
  ] },
  { category: 'performance', variants: [
    (a, b) => ({ title: `Quadratic lookup in \`${a}\``, detail: `\`${a}.find\` inside the loop over \`${b}\` is O(n²).` }),
    (a) => ({ title: `Slow linear scan of ${a}`, detail: `Each iteration scans all of \`${a}\` again.` }),
  ] },
];

/** mulberry32: a small seeded PRNG, so the data never depends on Math.random. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticInput(agentCount: number, fileCount: number, seed = 42): AlignInput {
  const random = prng(seed);
  const int = (max: number) => Math.floor(random() * max);
  const pick = <T>(items: readonly T[]) => items[int(items.length)]!;
  const ident = () => `${pick(HEADS)}${pick(TAILS)}`;
  const agents = AGENTS.slice(0, agentCount);
  const input: AlignInput = { findings: [], coverage: {}, contents: {} };
  for (let f = 0; f < fileCount; f++) {
    const file = `src/module${f}/service${f}.ts`;
    const names = Array.from({ length: 12 }, ident);
    const lines = Array.from({ length: LINES_PER_FILE }, (_, index) => {
      const [a, b] = [pick(names), pick(names)];
      if (index % 25 === 0) return `export async function ${a}Of(${b}: string) {`;
      return pick([`  const ${a} = await load(${b});`, `  if (!${a}) return undefined;`, `    ${a}.${b} = Date.now();`, `  return ${a}.${b};`, '  }', '']);
    });
    input.contents[file] = lines.join('\n');
    input.coverage[file] = [...agents];
    const make = (agent: string, line: number, defect: number, variant: number, a: string, b: string): Finding => {
      const kind = DEFECTS[defect]!;
      const startLine = Math.min(LINES_PER_FILE, Math.max(1, line));
      const endLine = Math.min(LINES_PER_FILE, startLine + int(3));
      const exact = random() < 0.6;
      return {
        agent, file, startLine, endLine, category: kind.category, anchor: exact ? 'exact' : 'unverified',
        severity: SEVERITIES[int(4)]!, confidence: Math.round(random() * 100) / 100,
        ...kind.variants[variant % kind.variants.length]!(a, b),
        ...(exact ? { quote: lines[startLine - 1]! } : {}),
        ...(random() < 0.5 ? { suggestion: `Check \`${a}\` first.` } : {}),
      };
    };
    const shared = Array.from({ length: SHARED_PER_FILE }, () => ({ line: 5 + int(LINES_PER_FILE - 10), defect: int(DEFECTS.length), a: pick(names), b: pick(names) }));
    agents.forEach((agent, agentIndex) => {
      // Paraphrases of the shared issues: nearby lines (±0..3), the same main identifier, another wording.
      for (const issue of shared) {
        const line = issue.line + int(7) - 3;
        input.findings.push(make(agent, line, issue.defect, agentIndex + int(2), issue.a, random() < 0.5 ? issue.b : pick(names)));
      }
      for (let k = SHARED_PER_FILE; k < PER_AGENT_PER_FILE; k++) {
        input.findings.push(make(agent, 1 + int(LINES_PER_FILE), int(DEFECTS.length), int(2), pick(names), pick(names)));
      }
    });
  }
  return input;
}

function medianMs(input: AlignInput): { ms: number; spots: number; agreed: number } {
  let spots = alignFindings(input);
  for (let i = 1; i < WARMUP; i++) alignFindings(input);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    spots = alignFindings(input);
    times.push(performance.now() - start);
  }
  const ms = times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
  return { ms, spots: spots.length, agreed: spots.filter((spot) => spot.agents.length > 1).length };
}

export async function benchAlign(): Promise<string[]> {
  const lines = [`align: median of ${RUNS} runs after ${WARMUP} warm-ups; ${PER_AGENT_PER_FILE} findings per agent per ${LINES_PER_FILE}-line file, half shared`];
  const row = (agents: number, files: number) => {
    const input = syntheticInput(agents, files);
    const result = medianMs(input);
    const text = `${agents} agents × ${input.findings.length / agents} findings / ${files} files: ${result.ms.toFixed(1)} ms (${result.spots} spots, ${result.agreed} multi-agent)`;
    return { ...result, text };
  };
  const target = row(2, 200);
  lines.push(`  ${target.text} — target ≤ ${TARGET_MS} ms: ${target.ms <= TARGET_MS ? 'PASS' : 'FAIL'}`);
  for (const agents of [3, 4]) lines.push(`  ${row(agents, 200).text}`);
  const doubled = row(2, 400);
  lines.push(`  ${doubled.text}`);
  lines.push(`  scaling: 400 vs 200 files = ${(doubled.ms / target.ms).toFixed(2)}× (linear ≈ 2×, quadratic ≈ 4×)`);
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await benchAlign()) console.log(line);
}
