import { diffWords } from 'diff';
import type { Line, Segment } from './styled-line.js';

/**
 * Word-level difference between two explanations. With colour, removed and added words are
 * coloured; without, they are marked like `git diff --word-diff=plain`: [-old-] {+new+}.
 */
export function wordDiffSegments(before: string, after: string, color: boolean): Segment[] {
  return diffWords(before, after).map((part): Segment => {
    if (part.removed) return { text: color ? part.value : `[-${part.value}-]`, style: 'removed' };
    if (part.added) return { text: color ? part.value : `{+${part.value}+}`, style: 'added' };
    return { text: part.value };
  });
}

/** Splits segments at newlines into lines (a diff of multi-line text). */
export function segmentsToLines(segments: Segment[]): Line[] {
  const lines: Line[] = [[]];
  for (const segment of segments) {
    segment.text.split('\n').forEach((text, index) => {
      if (index > 0) lines.push([]);
      if (text) lines.at(-1)!.push(segment.style ? { text, style: segment.style } : { text });
    });
  }
  return lines;
}
