import type { Severity } from '../finding.js';
import { redactingReplacer } from './redact.js';
import type { Report, Spot } from './report-schema.js';
import { repoPath } from './repo-path.js';
import { spotRuleId } from './sarif.js';
import { oneLine } from './sanitize.js';
import { byAttention, effectiveSeverity, whoSaid } from './spot-facts.js';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number; end: number } };
}

export interface GitlabOptions {
  root?: string;
}

/** ci-conventions.md §2.6; `blocker` stays unused (xcheck has no severity above critical). */
const SEVERITY: Record<Severity, CodeQualitySeverity> = { critical: 'critical', high: 'major', medium: 'minor', low: 'info', info: 'info' };

/**
 * GitLab Code Quality JSON (§2.6). The fingerprint is the spot id: content-based, no line numbers,
 * so the MR widget's comparison with the target branch survives code moving. It deliberately leaves
 * out the status, so a spot that goes from solo to agreed stays the same issue. Two spots with the
 * same id (identical anchored line and category in one file) would collapse into one in GitLab, so
 * repeats get an occurrence suffix, in a stable order.
 */
export function renderGitlabCodeQuality(report: Report, options: GitlabOptions = {}): string {
  // Occurrences are numbered in line order, which a shift of the code does not change.
  const fingerprints = new Map<Spot, string>();
  const seen = new Map<string, number>();
  for (const spot of [...report.spots].sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine)) {
    const occurrence = (seen.get(spot.id) ?? 0) + 1;
    seen.set(spot.id, occurrence);
    fingerprints.set(spot, occurrence === 1 ? spot.id : `${spot.id}:${occurrence}`);
  }
  const issues = [...report.spots].sort(byAttention).map((spot): CodeQualityIssue => {
    const path = repoPath(spot.file, options.root);
    const begin = Math.max(1, spot.startLine);
    return {
      description: oneLine(`${spot.title} [${whoSaid(spot)}]${path.note ? ` (${path.note})` : ''}`, 1000),
      check_name: `xcheck/${spotRuleId(spot)}`,
      fingerprint: fingerprints.get(spot)!,
      severity: SEVERITY[effectiveSeverity(spot)],
      location: { path: path.path, lines: { begin, end: Math.max(begin, spot.endLine) } },
    };
  });
  return `${JSON.stringify(issues, redactingReplacer, 2)}\n`;
}
