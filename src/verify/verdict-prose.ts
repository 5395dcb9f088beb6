import { findVerdict } from './map-verdict.js';
import { cleanReason, type RawVerdict } from './raw-verdict.js';
import { readSpotId } from './spot-id.js';

// "Spot 3", "Spot S3", "#3", "S3". Bare numbers are not ids in prose: they are list numbering.
const ID = /\bspot\s*#?\s*s?(\d+)\b|#\s?s?(\d+)\b|\bs(\d+)\b/i;
// What may precede the id on a verdict line: list markers, markdown, table pipes, "Verdict for".
const PREFIX = /^[\s>*_#`|[(\-+•]*(?:\d+[.)]\s*)?[\s*_`|[(#]*(?:(?:verdicts?|for|on|re|spot|finding)\b[\s:#*_`]*)*$/i;
const REASON_LABEL = /^[\s>*_`\-•]*(?:reason(?:ing)?|why|explanation|rationale)\b[\s*_`]*[:\-–—]?[\s*_`]*/i;

interface Block {
  spot: string;
  /** The id line, from just after the id. */
  head: string;
  body: string[];
}

/**
 * Line-oriented replies: "S1: confirmed — reason", "- **S2** — Refuted: reason", "Spot S3 is a false
 * positive because …", "1. S1 — agree, …", table rows, or a heading per spot with the verdict on a
 * later line. A line starts a spot when an id opens it; the first verdict phrase after the id wins.
 */
export function readProseVerdicts(text: string, spotIds: readonly string[]): RawVerdict[] {
  const strict = readBlocks(blocks(text, spotIds, true));
  // "I think S1 is a real bug.": an id anywhere in the line, only when no line opens with one
  // (otherwise ids mentioned inside reasons would start spots of their own).
  return strict.length > 0 ? strict : readBlocks(blocks(text, spotIds, false));
}

function readBlocks(found: Block[]): RawVerdict[] {
  const raws: RawVerdict[] = [];
  for (const block of found) {
    const lines = [block.head, ...block.body];
    for (const [index, line] of lines.entries()) {
      const match = findVerdict(line);
      if (!match) continue;
      // The reason is what follows the verdict on its line, else the lines after it.
      const rest = cleanReason(line.slice(match.end));
      const later = lines.slice(index + 1).map((l) => l.replace(REASON_LABEL, '').trim()).filter(Boolean);
      raws.push({ spot: block.spot, verdict: match.verdict, reason: rest || cleanReason(later.join(' ')) });
      break;
    }
  }
  return raws;
}

function blocks(text: string, spotIds: readonly string[], strict: boolean): Block[] {
  const found: Block[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = ID.exec(line);
    const spot = match && (!strict || PREFIX.test(line.slice(0, match.index))) ? readSpotId(match[0], spotIds) : undefined;
    if (match && spot) found.push({ spot, head: line.slice(match.index + match[0].length), body: [] });
    else found.at(-1)?.body.push(line);
  }
  return found;
}
