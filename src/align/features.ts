import type { Finding } from '../finding.js';
import { classifyDefect, type KindMatch } from './defect-kinds.js';
import { scopesOf } from './scope.js';
import { tokenize } from './text-features.js';
import { Vocabulary, weightedVector, type Vector } from './word-vector.js';

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
  return `${finding.title}\n${finding.detail}\n${finding.suggestion ?? ''}\n${finding.quote ?? ''}`;
}

/**
 * Features of one file's findings; each depends on its own finding only (and the file's scopes).
 * Passing one vocabulary for all files of a run saves looking the same words up file by file.
 */
export function featuresOf(findings: Finding[], content: string | undefined, vocabulary = new Vocabulary()): Features[] {
  // Scopes are only read at findings' first lines: the scan can stop at the last of them.
  let lastLine = 0;
  for (const finding of findings) if (finding.startLine > lastLine) lastLine = finding.startLine;
  const scopes = content === undefined ? [] : scopesOf(content, lastLine);
  return findings.map((finding) => {
    const tokens = tokenize(textOf(finding));
    // Every key always present (undefined when unknown): one object shape keeps the matcher's
    // property reads monomorphic.
    return {
      finding,
      vector: weightedVector(tokens.words, vocabulary),
      identifiers: tokens.identifiers,
      kind: classifyDefect(finding.title, finding.detail),
      scope: scopes[finding.startLine] || undefined,
    };
  });
}
