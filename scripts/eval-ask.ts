/**
 * `npm run eval:ask` (`node --import tsx scripts/eval-ask.ts [corpus]`): how well `compareAnswers`
 * reproduces the labels of the free-form answer corpus (../shared/corpus/ask, see its LABELING.md).
 *
 * - Verdict accuracy: Opus against Codex and against the local model (genuine replies, labels.json
 *   and labels-local.json), and against the perturbed Codex copies (perturbations.json).
 * - Contradiction precision and recall: genuine pairs have the labels' contradiction counts (all
 *   zero, so every reported contradiction there is a false alarm); each perturbation is a material
 *   contradiction that must be reported. A reported contradiction on a perturbed copy counts as
 *   found when its B side (the claim, or the bottom line for a decision conflict) contains the
 *   perturbed passage; any other reported contradiction is a false alarm. A perturbation missed is
 *   a contradiction missed.
 * - Claim alignment: pairwise precision, recall and F1 of (Opus claim, other claim) pairs against
 *   the labels' `pairs`. The labels pair Opus's claims with labeler-written `codexClaims` /
 *   `localClaims`, so for this metric those claim lists stand in for the parsed replies.
 *
 * Every reply must parse (Opus with the contract, the others as prose).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Answer } from '../src/ask/answer.js';
import { compareAnswers } from '../src/ask/compare/compare.js';
import type { AnswerComparison, AnswerVerdict } from '../src/ask/compare/types.js';
import { contentLemmas, stripMarkdown } from '../src/ask/compare/text.js';
import { safeParseAnswer } from '../src/ask/parse-answer.js';
import { addCounts, NO_PAIRS, scoresOf, type PairCounts, type Scores } from './eval/metrics.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_CORPUS = path.resolve(root, '../shared/corpus/ask');

/**
 * Targets, set after the first full measurement (measured: verdicts 13/14 codex, 14/14 local, 7/7
 * perturbed; contradiction precision 8/9, recall 7/7; alignment F1 0.93 codex, 0.89 local):
 * - verdicts: the genuine pairs carry the false-alarm risk (28 pairs, all `agree`). One false
 *   `partial` per genuine set is tolerated (≥ 13/14): a lexical method cannot tell a default value
 *   from a recommended one ("the default 65,535-byte window" against "a 1–4 MB window"), which is
 *   the one miss measured. Every perturbed copy must get its expected verdict (7/7): missing a
 *   planted disagreement is the failure the tool exists to prevent.
 * - contradictions: recall 1.0 (every perturbation found, "a perturbation missed is a
 *   contradiction missed") with precision ≥ 0.8 over genuine and perturbed pairs together, i.e. at
 *   most about one false alarm per five reports; measured 0.89 leaves room for one more.
 * - claim alignment: F1 ≥ 0.90 for Codex and ≥ 0.85 for the terser local model, about three points
 *   under the measured values, so losing several gold pairs fails while a one-pair wobble does not.
 */
export const TARGETS = {
  verdictAccuracyCodex: 13 / 14,
  verdictAccuracyLocal: 13 / 14,
  verdictAccuracyPerturbed: 1,
  contradictionRecall: 1,
  contradictionPrecision: 0.8,
  alignmentF1Codex: 0.9,
  alignmentF1Local: 0.85,
};

interface Question {
  id: string;
  question: string;
  kind: string;
}

interface LabelPair {
  opus: number;
  relation: 'same' | 'contradicts';
  [other: string]: number | string;
}

interface Label {
  id: string;
  verdict: AnswerVerdict;
  decisions: Record<string, string>;
  pairs: LabelPair[];
  contradictions: string[];
  [claims: string]: unknown;
}

interface Perturbation {
  id: string;
  changes: { kind: string; original: string; perturbed: string; material: boolean }[];
  expectedVerdictVsOpus: AnswerVerdict;
}

export interface VerdictRow {
  id: string;
  expected: AnswerVerdict;
  actual: AnswerVerdict;
  decision: string;
  contradictions: number;
}

export interface SetResult {
  name: string;
  rows: VerdictRow[];
  accuracy: number;
  contradictions: PairCounts;
  alignment?: { counts: PairCounts; scores: Scores; contradictsPredicted: number };
}

export interface EvaluationResult {
  parsed: { total: number; failures: string[] };
  sets: SetResult[];
  /**
   * Codex against local: not labeled, but both share Opus's bottom line on every question with no
   * contradiction, so every report here is a likely false alarm. Informational, no target.
   */
  crossCheck: VerdictRow[];
  contradictions: { counts: PairCounts; scores: Scores; changes: number; found: number; missed: string[] };
}

function readJson<T>(corpus: string, file: string): T {
  return JSON.parse(readFileSync(path.join(corpus, file), 'utf8')) as T;
}

/** Parses every reply of the corpus; throws with all failures listed. */
export function loadAnswers(corpus = DEFAULT_CORPUS): { answers: Map<string, Answer>; total: number; failures: string[] } {
  const questions = readJson<Question[]>(corpus, 'questions.json');
  const answers = new Map<string, Answer>();
  const failures: string[] = [];
  let total = 0;
  for (const agent of ['opus', 'codex', 'local', 'codex-perturbed']) {
    for (const question of questions) {
      let text: string;
      try {
        text = readFileSync(path.join(corpus, 'replies', agent, `${question.id}.txt`), 'utf8');
      } catch {
        continue; // perturbed copies exist for some questions only
      }
      total++;
      const parsed = safeParseAnswer(text, { agent });
      if (!parsed.success) failures.push(`${agent}/${question.id}: ${parsed.error}`);
      else if (agent === 'opus' && parsed.format !== 'contract') failures.push(`${agent}/${question.id}: expected the JSON contract, read ${parsed.format}`);
      else answers.set(`${agent}/${question.id}`, parsed.answer);
    }
  }
  return { answers, total, failures };
}

/** Share of the passage's content words that the text contains: does the text carry that passage? */
function carries(text: string, passage: string): boolean {
  const have = new Set(contentLemmas(stripMarkdown(text)));
  const want = [...new Set(contentLemmas(stripMarkdown(passage)))];
  if (want.length === 0) return false;
  return want.filter((word) => have.has(word)).length / want.length >= 0.5;
}

/** The B-side text of each reported contradiction: the claim, or the bottom line. */
function bSides(comparison: AnswerComparison, b: Answer): string[] {
  return comparison.contradictions.map((contradiction) => (contradiction.b !== undefined ? b.claims[contradiction.b] ?? '' : b.decision));
}

function alignmentCounts(opus: Answer, label: Label, other: 'codex' | 'local'): { counts: PairCounts; contradicts: number } {
  const claims = label[`${other}Claims`] as string[];
  const b: Answer = { agent: other, decision: label.decisions[other] ?? '', claims, prose: '' };
  const comparison = compareAnswers(opus, b);
  const gold = new Set(label.pairs.map((pair) => `${pair.opus}:${pair[other]}`));
  const predicted = new Set(comparison.pairs.map((pair) => `${pair.a}:${pair.b}`));
  let truePositive = 0;
  for (const key of predicted) if (gold.has(key)) truePositive++;
  const contradicts = comparison.pairs.filter((pair) => pair.relation === 'contradicts').length;
  return { counts: { truePositive, falsePositive: predicted.size - truePositive, falseNegative: gold.size - truePositive }, contradicts };
}

export function evaluate(corpus = DEFAULT_CORPUS): EvaluationResult {
  const { answers, total, failures } = loadAnswers(corpus);
  if (failures.length > 0) throw new Error(`replies that do not parse:\n${failures.join('\n')}`);
  const get = (key: string) => answers.get(key)!;
  const sets: SetResult[] = [];
  let contradictionCounts = NO_PAIRS;

  for (const [other, file] of [['codex', 'labels.json'], ['local', 'labels-local.json']] as const) {
    const labels = readJson<Label[]>(corpus, file);
    const rows: VerdictRow[] = [];
    let contradictions = NO_PAIRS;
    let alignment = NO_PAIRS;
    let contradictsPredicted = 0;
    for (const label of labels) {
      const opus = get(`opus/${label.id}`);
      const comparison = compareAnswers(opus, get(`${other}/${label.id}`));
      rows.push({ id: label.id, expected: label.verdict, actual: comparison.verdict, decision: comparison.decision.relation, contradictions: comparison.contradictions.length });
      const gold = label.contradictions.length;
      const reported = comparison.contradictions.length;
      const hit = Math.min(gold, reported);
      contradictions = addCounts(contradictions, { truePositive: hit, falsePositive: reported - hit, falseNegative: gold - hit });
      const aligned = alignmentCounts(opus, label, other);
      alignment = addCounts(alignment, aligned.counts);
      contradictsPredicted += aligned.contradicts;
    }
    contradictionCounts = addCounts(contradictionCounts, contradictions);
    sets.push({
      name: `opus vs ${other}`,
      rows,
      accuracy: rows.filter((row) => row.expected === row.actual).length / rows.length,
      contradictions,
      alignment: { counts: alignment, scores: scoresOf(alignment), contradictsPredicted },
    });
  }

  const perturbations = readJson<Perturbation[]>(corpus, 'perturbations.json');
  const rows: VerdictRow[] = [];
  let contradictions = NO_PAIRS;
  let changes = 0;
  let found = 0;
  const missed: string[] = [];
  for (const perturbation of perturbations) {
    const b = get(`codex-perturbed/${perturbation.id}`);
    const comparison = compareAnswers(get(`opus/${perturbation.id}`), b);
    rows.push({ id: perturbation.id, expected: perturbation.expectedVerdictVsOpus, actual: comparison.verdict, decision: comparison.decision.relation, contradictions: comparison.contradictions.length });
    const sides = bSides(comparison, b);
    const hits = sides.map((side) => perturbation.changes.some((change) => carries(side, change.perturbed)));
    for (const change of perturbation.changes) {
      changes++;
      if (sides.some((side) => carries(side, change.perturbed))) found++;
      else missed.push(`${perturbation.id} (${change.kind}): ${change.perturbed}`);
    }
    const truePositive = hits.filter(Boolean).length;
    const foundHere = perturbation.changes.filter((change) => sides.some((side) => carries(side, change.perturbed))).length;
    contradictions = addCounts(contradictions, { truePositive, falsePositive: hits.length - truePositive, falseNegative: perturbation.changes.length - foundHere });
  }
  contradictionCounts = addCounts(contradictionCounts, contradictions);
  sets.push({ name: 'opus vs codex-perturbed', rows, accuracy: rows.filter((row) => row.expected === row.actual).length / rows.length, contradictions });

  // Recall counts perturbations (one each, however many reports found it); precision counts reports.
  const reported = contradictionCounts.truePositive + contradictionCounts.falsePositive;
  const precision = reported === 0 ? 1 : contradictionCounts.truePositive / reported;
  const recall = changes === 0 ? 1 : found / changes;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const crossCheck = readJson<Question[]>(corpus, 'questions.json').map((question) => {
    const comparison = compareAnswers(get(`codex/${question.id}`), get(`local/${question.id}`));
    return { id: question.id, expected: 'agree' as const, actual: comparison.verdict, decision: comparison.decision.relation, contradictions: comparison.contradictions.length };
  });
  return { parsed: { total, failures }, sets, crossCheck, contradictions: { counts: contradictionCounts, scores: { precision, recall, f1 }, changes, found, missed } };
}

/** Measured value and target for each metric the regression test checks. */
export function checks(result: EvaluationResult): { name: string; value: number; target: number }[] {
  const set = (name: string) => result.sets.find((entry) => entry.name === name)!;
  return [
    { name: 'verdict accuracy, opus vs codex', value: set('opus vs codex').accuracy, target: TARGETS.verdictAccuracyCodex },
    { name: 'verdict accuracy, opus vs local', value: set('opus vs local').accuracy, target: TARGETS.verdictAccuracyLocal },
    { name: 'verdict accuracy, opus vs codex-perturbed', value: set('opus vs codex-perturbed').accuracy, target: TARGETS.verdictAccuracyPerturbed },
    { name: 'contradiction recall', value: result.contradictions.scores.recall, target: TARGETS.contradictionRecall },
    { name: 'contradiction precision', value: result.contradictions.scores.precision, target: TARGETS.contradictionPrecision },
    { name: 'claim alignment F1, codex', value: set('opus vs codex').alignment!.scores.f1, target: TARGETS.alignmentF1Codex },
    { name: 'claim alignment F1, local', value: set('opus vs local').alignment!.scores.f1, target: TARGETS.alignmentF1Local },
  ];
}

function main(): void {
  const corpus = path.resolve(root, process.argv[2] ?? '../shared/corpus/ask');
  const result = evaluate(corpus);
  const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
  console.log(`replies parsed: ${result.parsed.total}/${result.parsed.total}\n`);
  console.log(`${'set'.padEnd(26)} ${'verdicts'.padStart(9)} ${'reported'.padStart(9)} ${'false alarms'.padStart(13)}   mismatches`);
  for (const set of result.sets) {
    const right = set.rows.filter((row) => row.expected === row.actual).length;
    const wrong = set.rows.filter((row) => row.expected !== row.actual).map((row) => `${row.id} ${row.expected}→${row.actual}`);
    const reported = set.contradictions.truePositive + set.contradictions.falsePositive;
    console.log(`${set.name.padEnd(26)} ${`${right}/${set.rows.length}`.padStart(9)} ${String(reported).padStart(9)} ${String(set.contradictions.falsePositive).padStart(13)}   ${wrong.join(', ') || '-'}`);
  }
  const cross = result.crossCheck;
  const crossWrong = cross.filter((row) => row.actual !== 'agree').map((row) => `${row.id} ${row.actual}`);
  const crossReported = cross.reduce((sum, row) => sum + row.contradictions, 0);
  console.log(`${'codex vs local (implied)'.padEnd(26)} ${`${cross.length - crossWrong.length}/${cross.length}`.padStart(9)} ${String(crossReported).padStart(9)} ${String(crossReported).padStart(13)}   ${crossWrong.join(', ') || '-'}   (unlabeled, informational)`);
  const { counts, scores, changes, found, missed } = result.contradictions;
  console.log(`\ncontradictions: precision ${pct(scores.precision)} (${counts.truePositive}/${counts.truePositive + counts.falsePositive}), recall ${pct(scores.recall)} (${found}/${changes} perturbations found)`);
  for (const entry of missed) console.log(`  missed: ${entry}`);
  console.log(`\n${'claim alignment'.padEnd(26)} ${'P'.padStart(7)} ${'R'.padStart(7)} ${'F1'.padStart(7)}   tp/fp/fn   pairs marked contradicts`);
  for (const set of result.sets) {
    if (!set.alignment) continue;
    const { counts: c, scores: s, contradictsPredicted } = set.alignment;
    console.log(`${set.name.padEnd(26)} ${pct(s.precision).padStart(7)} ${pct(s.recall).padStart(7)} ${pct(s.f1).padStart(7)}   ${c.truePositive}/${c.falsePositive}/${c.falseNegative}   ${contradictsPredicted}`);
  }
  console.log('\ntargets (measured ≥ target):');
  let failed = 0;
  for (const check of checks(result)) {
    const ok = check.value >= check.target - 1e-9;
    if (!ok) failed++;
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${check.name.padEnd(44)} ${pct(check.value).padStart(7)}  target ${pct(check.target)}`);
  }
  if (failed > 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
