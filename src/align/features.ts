import type { Finding } from '../finding.js';
import { classifyDefect, type KindMatch } from './defect-kinds.js';
import { scopesOf } from './scope.js';
import { identifiers, weightedVector, words, type Vector } from './text-features.js';

/** What the matcher compares, computed once per finding. */
export interface Features {
  finding: Finding;
  vector: Vector;
  identifiers: Set<string>;
  kind?: KindMatch;
  /** Enclosing function/method/class of the finding's first line, when one was found. */
  scope?: string;
}

/** Title, detail and suggestion describe the issue; the quote adds its identifiers. */
function textOf(finding: Finding): string {
  return [finding.title, finding.detail, finding.suggestion ?? '', finding.quote ?? ''].join('\n');
}

/** Features of one file's findings; each depends on its own finding only (and the file's scopes). */
export function featuresOf(findings: Finding[], content: string | undefined): Features[] {
  const scopes = content === undefined ? [] : scopesOf(content);
  return findings.map((finding) => {
    const kind = classifyDefect(finding.title, finding.detail);
    const scope = scopes[finding.startLine];
    return {
      finding,
      vector: weightedVector(words(textOf(finding))),
      identifiers: identifiers(textOf(finding)),
      ...(kind ? { kind } : {}),
      ...(scope ? { scope } : {}),
    };
  });
}
