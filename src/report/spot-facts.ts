import { SEVERITIES, type Severity } from '../finding.js';
import { blockingSpots, parseFailOn } from '../fail-on.js';
import type { Report, Spot, SpotStatus } from './report-schema.js';
import { oneLine } from './sanitize.js';

/**
 * Facts every CI renderer derives the same way, so SARIF, annotations, the job summary, the PR
 * comment and Code Quality never disagree about a spot's class, agreement or blocking state.
 */

export type StatusClass = 'agreed' | 'disagreement' | 'refuted';

export function statusClass(status: SpotStatus): StatusClass {
  if (status === 'agreed' || status === 'confirmed') return 'agreed';
  if (status === 'refuted') return 'refuted';
  return 'disagreement';
}

/**
 * A refuted spot is kept visible but ranked last (README "A second look"), so every CI format shows
 * it at the lowest level whatever the reporter's severity: it must not read as a blocking error.
 */
export function effectiveSeverity(spot: Spot): Severity {
  return spot.status === 'refuted' ? 'info' : spot.severity;
}

export interface Agreement {
  /** Agents that reported it or confirmed it on verification. */
  agreeing: string[];
  /** Agents that saw the code: reporters plus the ones that did not report it. */
  reviewers: string[];
  confirmedBy: string[];
  refutedBy: string[];
  /** "k/n" as in ci-conventions.md §2.1's example (`xcheck/agreement`). */
  ratio: string;
}

export function agreement(spot: Spot): Agreement {
  const votes = spot.verification?.votes ?? [];
  const confirmedBy = votes.filter((vote) => vote.verdict === 'confirmed').map((vote) => vote.agent);
  const refutedBy = votes.filter((vote) => vote.verdict === 'refuted').map((vote) => vote.agent);
  const agreeing = [...new Set([...spot.agents, ...confirmedBy])];
  const reviewers = [...new Set([...spot.agents, ...spot.missing, ...confirmedBy, ...refutedBy])];
  return { agreeing, reviewers, confirmedBy, refutedBy, ratio: `${agreeing.length}/${Math.max(reviewers.length, agreeing.length)}` };
}

export function where(spot: Pick<Spot, 'file' | 'startLine' | 'endLine'>, file: string = spot.file): string {
  return spot.endLine > spot.startLine ? `${file}:${spot.startLine}-${spot.endLine}` : `${file}:${spot.startLine}`;
}

/** "agreed 2/3: reported by a, b; confirmed by c; refuted by d; not reported by e", sanitized. */
export function whoSaid(spot: Spot): string {
  const facts = agreement(spot);
  const quiet = spot.missing.filter((agent) => !facts.confirmedBy.includes(agent) && !facts.refutedBy.includes(agent));
  const parts = [`reported by ${spot.agents.join(', ')}`];
  if (facts.confirmedBy.length > 0) parts.push(`confirmed by ${facts.confirmedBy.join(', ')}`);
  if (facts.refutedBy.length > 0) parts.push(`refuted by ${facts.refutedBy.join(', ')}`);
  if (quiet.length > 0) parts.push(`not reported by ${quiet.join(', ')}`);
  else if (spot.status === 'uncovered') parts.push('no other agent reviewed it');
  return oneLine(`${spot.status} ${facts.ratio}: ${parts.join('; ')}`, 400);
}

/**
 * Plain-text lines describing a spot for SARIF messages and annotations: title, who said what,
 * every agent's own title, the arbiter's decision. Sanitized (sanitize.ts); redaction is the caller's.
 */
export function spotLines(spot: Spot): string[] {
  const lines = [oneLine(spot.title, 200), whoSaid(spot)];
  for (const finding of spot.findings) {
    const confidence = finding.confidence === undefined ? '' : `, confidence ${finding.confidence.toFixed(2)}`;
    lines.push(oneLine(`${finding.agent} (${finding.severity}${confidence}): ${finding.title}`, 240));
  }
  const arbitration = spot.verification?.arbitration;
  if (arbitration) lines.push(oneLine(`arbiter ${arbitration.agent}: ${arbitration.decision} — ${arbitration.reasoning}`, 240));
  return lines;
}

/** README "Attention ranks spots in every output"; ties broken by severity, place and id for stable output. */
export function byAttention(a: Spot, b: Spot): number {
  return (
    b.attention - a.attention ||
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    a.file.localeCompare(b.file) ||
    a.startLine - b.startLine ||
    a.id.localeCompare(b.id)
  );
}

/** The spots `--fail-on` blocks on; an unreadable policy blocks nothing here (the CLI already rejected it). */
export function blocking(report: Report): Spot[] {
  if (!report.failOn) return [];
  try {
    return blockingSpots(report.spots, parseFailOn(report.failOn));
  } catch {
    return [];
  }
}

export interface Outcome {
  kind: 'skipped' | 'no-review' | 'blocking' | 'incomplete' | 'clean';
  /** The status line: emoji first, plain words after (ci-conventions.md §2.3 "status line first"). */
  line: string;
}

/** Why nothing was reviewed, when the run was skipped (e.g. no credentials on a fork's pull request). */
function skippedReason(report: Report): string | undefined {
  if (report.outcome !== 'skipped' && !(report.agents.length > 0 && report.agents.every((agent) => agent.status === 'skipped'))) return undefined;
  return report.agents.map((agent) => `${agent.id}: ${agent.message ?? agent.reason ?? 'skipped'}`).join('; ') || 'skipped by policy';
}

function incompleteReasons(report: Report): string[] {
  const reasons = report.agents
    .filter((agent) => agent.status !== 'ok')
    .map((agent) => `${agent.id} ${agent.status}${agent.reason ? ` (${agent.reason})` : ''}`);
  const unanswered = report.followUps.filter((call) => call.status !== 'ok').length;
  if (!report.verification.complete) reasons.push(`verification incomplete${unanswered > 0 ? ` (${unanswered} follow-up call${unanswered === 1 ? '' : 's'} not answered)` : ''}`);
  if (!report.coverage.complete && reasons.length === 0) reasons.push('not every agent reviewed every file');
  return reasons;
}

/**
 * Skipped, then no review, then blocking, then incomplete, then clean: a run that did not review
 * must never read as green (ci-conventions.md §1.8 "False green"). Free text from agents' messages
 * comes back unsanitized; the caller escapes it for its format.
 */
export function outcome(report: Report): Outcome {
  const skipped = skippedReason(report);
  if (skipped !== undefined) return { kind: 'skipped', line: `⏭️ skipped: ${skipped}` };
  const incomplete = incompleteReasons(report);
  if (report.agents.length === 0 || report.agents.every((agent) => agent.status !== 'ok')) {
    return { kind: 'no-review', line: `❌ no review: ${incomplete.join(', ') || 'no agent ran'}` };
  }
  const blocked = blocking(report).length;
  const suffix = incomplete.length > 0 ? ` · ⚠️ incomplete: ${incomplete.join(', ')}` : '';
  if (blocked > 0 || report.exitCode === 1) {
    return { kind: 'blocking', line: `❌ ${blocked > 0 ? blocked : 'some'} blocking spot${blocked === 1 ? '' : 's'}${report.failOn ? ` (fail-on: ${report.failOn})` : ''}${suffix}` };
  }
  if (incomplete.length > 0) return { kind: 'incomplete', line: `⚠️ incomplete: ${incomplete.join(', ')}` };
  const ok = report.agents.map((agent) => agent.id).join(', ');
  const files = report.task.files.length;
  const scope = `${ok} reviewed ${files} file${files === 1 ? '' : 's'}`;
  return {
    kind: 'clean',
    line: report.spots.length === 0 ? `✅ no spots: ${scope}` : `✅ no blocking spots (${report.spots.length} reported; ${scope})`,
  };
}
