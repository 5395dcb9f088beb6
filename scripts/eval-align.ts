/**
 * `npm run eval:align`: how well spots match the labeled "same issue" groups of the development
 * corpus (../shared/corpus/review), for each agent pair and all three agents, against two
 * baselines on the same findings. The threshold is chosen by leave-one-case-out: for each case,
 * the middle of the plateau of thresholds with the best pair-decision F1 on the other nine is
 * applied to it, so no case is scored with a threshold it helped choose.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { alignFindings } from '../src/align/align.js';
import { featuresOf } from '../src/align/features.js';
import { MATCH, lineGap, scorePair } from '../src/align/match.js';
import type { Finding } from '../src/finding.js';
import { countLines } from '../src/input.js';
import { safeParseFindings } from '../src/normalize/parse-findings.js';
import { addCounts, bCubed, bCubedScores, NO_PAIRS, pairCounts, scoresOf, type Item, type PairCounts } from './eval/metrics.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, process.argv[2] ?? '../shared/corpus/review');
const AGENTS = ['opus', 'codex', 'gemini'] as const;
const SUBSETS = [['opus', 'codex'], ['opus', 'gemini'], ['codex', 'gemini'], [...AGENTS]];
const GRID = Array.from({ length: 121 }, (_, index) => Math.round((0.2 + index * 0.005) * 1000) / 1000);

interface Case {
  name: string;
  findings: (Finding & { key: string })[];
  gold: Map<string, string>;
  content: string;
}

type Labels = Record<string, Record<string, { index: number; label: string }[]>>;

async function loadCases(): Promise<Case[]> {
  const labels = JSON.parse(await readFile(path.join(corpus, 'labels.json'), 'utf8')) as Labels;
  const cases: Case[] = [];
  for (const [name, byAgent] of Object.entries(labels)) {
    const content = await readFile(path.join(corpus, 'cases', name), 'utf8');
    const file = { path: name, absolutePath: path.join(corpus, 'cases', name), content, lineCount: countLines(content), bytes: content.length, sha256: '' };
    const findings: Case['findings'] = [];
    const gold = new Map<string, string>();
    for (const agent of AGENTS) {
      const text = await readFile(path.join(corpus, 'replies', agent, `${name}.txt`), 'utf8');
      const parsed = safeParseFindings(text, { agent, files: [file] });
      if (!parsed.success) throw new Error(`${agent}/${name}: ${parsed.error}`);
      const expected = byAgent[agent] ?? [];
      if (parsed.findings.length !== expected.length) throw new Error(`${agent}/${name}: ${parsed.findings.length} findings, labels have ${expected.length}`);
      parsed.findings.forEach((finding, index) => {
        const key = `${name}#${agent}#${index}`;
        findings.push({ ...finding, key });
        gold.set(key, expected.find((entry) => entry.index === index)!.label);
      });
    }
    cases.push({ name, findings, gold, content });
  }
  return cases;
}

type Matcher = (findings: Case['findings'], content: string, name: string, agents: string[]) => { clusters: Map<string, string>; same: (a: string, b: string) => boolean };

function xcheckMatcher(threshold: number): Matcher {
  return (findings, content, name, agents) => {
    const spots = alignFindings({ findings, coverage: { [name]: agents }, contents: { [name]: content } }, { threshold });
    // Spots hold the very finding objects they were given, so identity maps them back to keys.
    const keyOf = new Map<Finding, string>(findings.map((finding) => [finding, finding.key]));
    const clusters = new Map<string, string>();
    for (const spot of spots) for (const member of [...spot.findings, ...spot.duplicates]) clusters.set(keyOf.get(member)!, spot.id);
    return { clusters, same: (a, b) => clusters.get(a) === clusters.get(b) };
  };
}

/** A location-only rule: pairwise decisions as the rule states them; clusters are its connected components. */
function ruleMatcher(rule: (a: Finding, b: Finding) => boolean): Matcher {
  return (findings) => {
    const parent = new Map(findings.map((finding) => [finding.key, finding.key]));
    const find = (key: string): string => (parent.get(key) === key ? key : find(parent.get(key)!));
    const byKey = new Map(findings.map((finding) => [finding.key, finding]));
    for (const a of findings) for (const b of findings) if (a.agent !== b.agent && rule(a, b)) parent.set(find(a.key), find(b.key));
    return {
      clusters: new Map(findings.map((finding) => [finding.key, find(finding.key)])),
      same: (a, b) => rule(byKey.get(a)!, byKey.get(b)!),
    };
  };
}

const exactLine = ruleMatcher((a, b) => a.file === b.file && a.startLine === b.startLine);
const withinFive = ruleMatcher((a, b) => a.file === b.file && lineGap(a, b) <= 5);

interface Totals {
  pairs: PairCounts;
  cubed: { sumPrecision: number; sumRecall: number; count: number };
}

function evaluate(matcher: Matcher, cases: Case[], agents: string[]): Totals {
  let pairs = NO_PAIRS;
  const cubed = { sumPrecision: 0, sumRecall: 0, count: 0 };
  for (const item of cases) {
    const findings = item.findings.filter((finding) => agents.includes(finding.agent));
    const items: Item[] = findings.map((finding) => ({ key: finding.key, agent: finding.agent }));
    const { clusters, same } = matcher(findings, item.content, item.name, agents);
    // Pairwise decisions use the matcher's own "same" (direct rule or shared spot).
    const decided = new Map<string, string>();
    const counts = pairDecisions(items, same, item.gold);
    pairs = addCounts(pairs, counts);
    for (const [key, cluster] of clusters) decided.set(key, cluster);
    const part = bCubed(items, decided, item.gold);
    cubed.sumPrecision += part.sumPrecision;
    cubed.sumRecall += part.sumRecall;
    cubed.count += part.count;
  }
  return { pairs, cubed };
}

function pairDecisions(items: Item[], same: (a: string, b: string) => boolean, gold: Map<string, string>): PairCounts {
  // Encode each pair's decision as a two-item clustering, so metrics.ts stays the one counter.
  let counts = NO_PAIRS;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i]!;
      const b = items[j]!;
      if (a.agent === b.agent) continue;
      const predicted = new Map([[a.key, 'p'], [b.key, same(a.key, b.key) ? 'p' : 'q']]);
      counts = addCounts(counts, pairCounts([a, b], predicted, gold));
    }
  }
  return counts;
}

const pct = (value: number) => value.toFixed(3);

/** Every cross-agent pair's score with its gold decision. */
function scoredPairs(cases: Case[]): { score: number; same: boolean }[] {
  const pairs: { score: number; same: boolean }[] = [];
  for (const item of cases) {
    const features = featuresOf(item.findings, item.content);
    for (let i = 0; i < features.length; i++) {
      for (let j = i + 1; j < features.length; j++) {
        const a = features[i]!;
        const b = features[j]!;
        if (a.finding.agent === b.finding.agent) continue;
        const keyOf = (finding: Finding) => (finding as Case['findings'][number]).key;
        pairs.push({ score: scorePair(a, b), same: item.gold.get(keyOf(a.finding)) === item.gold.get(keyOf(b.finding)) });
      }
    }
  }
  return pairs;
}

/**
 * The threshold is chosen on pair decisions alone, before clustering can rescue a bad one: the
 * thresholds with the best pairwise F1 form a plateau, and its middle is farthest from both
 * kinds of error.
 */
function bestPlateau(cases: Case[]): number[] {
  const pairs = scoredPairs(cases);
  const f1s = GRID.map((threshold) => {
    const counts = pairs.reduce(
      (total, pair) => addCounts(total, { truePositive: pair.same && pair.score >= threshold ? 1 : 0, falsePositive: !pair.same && pair.score >= threshold ? 1 : 0, falseNegative: pair.same && pair.score < threshold ? 1 : 0 }),
      NO_PAIRS,
    );
    return scoresOf(counts).f1;
  });
  const best = Math.max(...f1s);
  return GRID.filter((_, index) => f1s[index]! >= best - 1e-9);
}

function chooseThreshold(cases: Case[]): number {
  const plateau = bestPlateau(cases);
  return Math.round(((plateau[0]! + plateau.at(-1)!) / 2) * 1000) / 1000;
}

/** How far apart the pair scores of true and false matches are: the room a threshold has. */
function separation(cases: Case[]): string {
  const pairs = scoredPairs(cases);
  const low = pairs.filter((pair) => pair.same).map((pair) => pair.score).sort((x, y) => x - y);
  const high = pairs.filter((pair) => !pair.same).map((pair) => pair.score).sort((x, y) => y - x);
  return `pair scores: true matches min ${low[0]?.toFixed(3)}, 5th pct ${low[Math.floor(low.length * 0.05)]?.toFixed(3)} (n=${low.length}); non-matches max ${high[0]?.toFixed(3)}, 95th pct ${high[Math.floor(high.length * 0.05)]?.toFixed(3)} (n=${high.length})`;
}

const cases = await loadCases();
console.log(`corpus: ${corpus}\n${cases.length} cases, ${cases.reduce((sum, item) => sum + item.findings.length, 0)} findings\n`);

// Leave-one-case-out: each case scored at the threshold chosen on the other nine.
const chosen = new Map(cases.map((item) => [item.name, chooseThreshold(cases.filter((other) => other !== item))]));
const locoMatcher: Matcher = (findings, content, name, agents) => xcheckMatcher(chosen.get(name)!)(findings, content, name, agents);
const plateau = bestPlateau(cases);
console.log(`best pair-decision F1 on all ten cases for thresholds ${plateau[0]}–${plateau.at(-1)}; ${separation(cases)}`);
console.log(`thresholds chosen leave-one-case-out: ${[...new Set(chosen.values())].sort().join(', ')} (shipped default ${MATCH.threshold}; all ten cases pick ${chooseThreshold(cases)})\n`);

const header = `${'agents'.padEnd(22)} ${'matcher'.padEnd(24)} ${'pair P'.padStart(7)} ${'pair R'.padStart(7)} ${'pair F1'.padStart(8)} ${'B3 F1'.padStart(7)}   TP/FP/FN`;
console.log(header);
console.log('-'.repeat(header.length));
for (const agents of SUBSETS) {
  for (const [label, matcher] of [
    ['xcheck (leave-one-out)', locoMatcher],
    [`xcheck (τ=${MATCH.threshold})`, xcheckMatcher(MATCH.threshold)],
    ['baseline ±5 lines', withinFive],
    ['baseline exact line', exactLine],
  ] as const) {
    const totals = evaluate(matcher, cases, agents);
    const pairs = scoresOf(totals.pairs);
    const cubed = bCubedScores(totals.cubed);
    const { truePositive, falsePositive, falseNegative } = totals.pairs;
    console.log(`${agents.join('+').padEnd(22)} ${label.padEnd(24)} ${pct(pairs.precision).padStart(7)} ${pct(pairs.recall).padStart(7)} ${pct(pairs.f1).padStart(8)} ${pct(cubed.f1).padStart(7)}   ${truePositive}/${falsePositive}/${falseNegative}`);
  }
}

// Where the planted defects ended up with all three agents, at the shipped threshold.
const placement = { agreed: 0, split: 0, solo: 0, uncovered: 0, scattered: 0, missed: 0, other: 0 };
const truth = JSON.parse(await readFile(path.join(corpus, 'truth.json'), 'utf8')) as { case: string; issues: { id: string }[] }[];
for (const entry of truth) {
  const item = cases.find((candidate) => candidate.name === entry.case)!;
  const spots = alignFindings({ findings: item.findings, coverage: { [item.name]: [...AGENTS] }, contents: { [item.name]: item.content } });
  for (const issue of entry.issues) {
    const keyOf = new Map<Finding, string>(item.findings.map((finding) => [finding, finding.key]));
    const holding = spots.filter((spot) => spot.findings.some((finding) => item.gold.get(keyOf.get(finding)!) === issue.id));
    if (holding.length === 0) placement.missed++;
    else if (holding.length > 1) placement.scattered++;
    else {
      const status = holding[0]!.status;
      if (status === 'agreed' || status === 'split' || status === 'solo' || status === 'uncovered') placement[status]++;
      else placement.other++;
    }
  }
}
console.log(`\nplanted defects (${truth.reduce((sum, entry) => sum + entry.issues.length, 0)}), three agents: ${placement.agreed} in an agreed spot, ${placement.split} in a split spot (severities apart), ${placement.solo} solo, ${placement.scattered} scattered across spots, ${placement.missed} not found`);
