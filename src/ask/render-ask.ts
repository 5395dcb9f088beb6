import { diffWords } from 'diff';
import { oneLine } from '../report/sanitize.js';
import type { AskReport } from './ask-report.js';

type Paint = (code: string, text: string) => string;
const painter = (color: boolean): Paint => (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);

const VERDICT_COLOR = { agree: '32', partial: '33', disagree: '1;31', none: '2' } as const;

/** A word-level diff of two decisions: [-removed-] {+added+}, readable without colour. */
export function decisionDiff(a: string, b: string, paint: Paint): string {
  return diffWords(oneLine(a, 400), oneLine(b, 400))
    .map((part) => (part.added ? paint('32', `{+${part.value}+}`) : part.removed ? paint('31', `[-${part.value}-]`) : part.value))
    .join('');
}

function comparisonLines(report: AskReport, comparison: NonNullable<AskReport['comparison']>, paint: Paint): string[] {
  const out: string[] = [];
  const claims = (agent: string) => report.answers.find((answer) => answer.agent === agent)?.claims ?? [];
  for (const { a, b, comparison: pair } of comparison.pairs) {
    out.push('', paint('1', `${a} vs ${b}: ${pair.verdict} (decisions ${pair.decision.relation})`));
    for (const contradiction of pair.contradictions) out.push(`  ${paint('31', 'CONTRADICTION')} (${contradiction.kind}): ${oneLine(contradiction.text, 240)}`);
    if (pair.decision.relation !== 'same') out.push(`  decision: ${decisionDiff(pair.decision.a, pair.decision.b, paint)}`);
    out.push(`  ${pair.pairs.filter((entry) => entry.relation === 'same').length} claims shared`);
    for (const index of pair.onlyA) out.push(`  only ${a} says: ${oneLine(claims(a)[index] ?? '', 200)}`);
    for (const index of pair.onlyB) out.push(`  only ${b} says: ${oneLine(claims(b)[index] ?? '', 200)}`);
  }
  return out;
}

/** Verdict and contradictions first, then the answers, then who answered at what cost. */
export function renderAskText(report: AskReport, options: { color: boolean }): string {
  const paint = painter(options.color);
  const out = [paint(VERDICT_COLOR[report.verdict], `Verdict: ${report.verdict.toUpperCase()}`), `Question: ${oneLine(report.question, 200)}`];
  if (report.comparison) out.push(...comparisonLines(report, report.comparison, paint));
  if (report.escalation) {
    out.push('', paint('1', `After one revise-or-defend round: ${report.escalation.verdict}`));
    for (const revision of report.escalation.revisions) {
      out.push(`  ${revision.agent} ${revision.changed ? 'CHANGED its decision' : 'kept its decision'}${revision.after ? `: ${oneLine(revision.after, 200)}` : ''}`);
    }
    out.push(...comparisonLines(report, report.escalation.comparison, paint));
  }
  out.push('', 'Answers');
  for (const answer of report.answers) out.push(`  ${answer.agent}${answer.confidence !== undefined ? ` (confidence ${answer.confidence})` : ''}: ${oneLine(answer.decision, 300)}`);
  out.push('', 'Agents');
  for (const agent of report.agents) {
    out.push(`  ${agent.status.padEnd(7)} ${agent.id.padEnd(10)} ${(agent.durationMs / 1000).toFixed(1).padStart(6)}s  ${agent.costUsd === undefined ? 'unpriced' : `$${agent.costUsd.toFixed(4)}`}${agent.status === 'ok' ? '' : `  ${agent.reason ?? ''}: ${oneLine(agent.message ?? '', 160)}`}`);
  }
  out.push('', `cost $${report.cost.totalUsd.toFixed(4)}${report.cost.unpriced.length ? ` (+ unpriced: ${report.cost.unpriced.join(', ')})` : ''} · exit ${report.exitCode}`);
  out.push('Lexical comparison: it may miss paraphrases; read both answers before acting on a disagreement.');
  return `${out.join('\n')}\n`;
}
