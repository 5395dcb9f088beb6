import type { Finding } from './finding.js';
import type { AgentOutcome } from './outcome.js';
import type { Spot } from './report/report-schema.js';
import type { ReviewFile } from './task.js';

/** A finding belongs to the change when its lines touch a changed line (one line of slack for off-by-one citations). */
function touchesChange(finding: { file: string; startLine: number; endLine: number }, changed: Map<string, number[]>): boolean {
  const lines = changed.get(finding.file);
  if (!lines) return true;
  return lines.some((line) => line >= finding.startLine - 1 && line <= finding.endLine + 1);
}

function changedByFile(files: ReviewFile[]): Map<string, number[]> {
  return new Map(files.flatMap((file) => (file.changedLines ? [[file.path, file.changedLines] as const] : [])));
}

/**
 * Diff reviews judge the change, not the whole file: findings outside the changed lines are dropped
 * (and counted), unless the user keeps them as context.
 */
export function scopeToDiff(outcomes: AgentOutcome[], files: ReviewFile[], keepContext: boolean): { outcomes: AgentOutcome[]; dropped: number } {
  const changed = changedByFile(files);
  if (changed.size === 0 || keepContext) return { outcomes, dropped: 0 };
  let dropped = 0;
  const scoped = outcomes.map((outcome) => {
    const kept: Finding[] = outcome.findings.filter((finding) => touchesChange(finding, changed));
    dropped += outcome.findings.length - kept.length;
    return kept.length === outcome.findings.length ? outcome : { ...outcome, findings: kept };
  });
  return { outcomes: scoped, dropped };
}

/** With --keep-context, spots outside the change stay but say so. */
export function markContext(spots: Spot[], files: ReviewFile[]): Spot[] {
  const changed = changedByFile(files);
  if (changed.size === 0) return spots;
  return spots.map((spot) => (touchesChange(spot, changed) ? spot : { ...spot, outsideDiff: true }));
}
