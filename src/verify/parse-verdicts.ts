import { extractJsonCandidates, looksLikeJson } from '../normalize/extract-json.js';
import type { RawVerdict } from './raw-verdict.js';
import { readJsonVerdicts } from './verdict-json.js';
import { readProseVerdicts } from './verdict-prose.js';
import { VerifyParseError } from './verify-parse-error.js';
import type { Verdict } from './verify-schema.js';

export interface ParseVerdictsContext {
  /** The ids the prompt asked about ("S1", "S2", …); verdicts for other ids are dropped. */
  spotIds: string[];
  /** A reply the backend already parsed (structured output); tried before the text. */
  structured?: unknown;
}

export interface SpotVerdict {
  spot: string;
  verdict: Verdict;
  reason: string;
}

export interface ParsedVerdicts {
  /** At most one per spot, in reply order. Spots without a verdict are absent, not invented. */
  verdicts: SpotVerdict[];
  /** What was guessed, defaulted or dropped on the way; not errors. */
  warnings: string[];
}

export type SafeParseVerdictsResult = ({ success: true } & ParsedVerdicts) | { success: false; error: string };

const UNRECOGNIZED =
  'no verdicts recognized: expected {"verdicts":[{"spot","verdict","reason"}]} JSON or lines such as "S1: confirmed — reason"';

/**
 * Raw verification reply → one verdict per spot. Tolerant in (structured value, JSON shapes and
 * field-name variants, markdown/prose lines), strict out (contract verdicts, known spot ids only).
 * Never throws.
 */
export function safeParseVerdicts(text: string, context: ParseVerdictsContext): SafeParseVerdictsResult {
  try {
    return parse(text, context);
  } catch (error) {
    return { success: false, error: `verdict parser failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Like `safeParseVerdicts`, but throws a VerifyParseError when the reply cannot be read. */
export function parseVerdicts(text: string, context: ParseVerdictsContext): ParsedVerdicts {
  const result = safeParseVerdicts(text, context);
  if (!result.success) throw new VerifyParseError(result.error, 'verdicts', text);
  return { verdicts: result.verdicts, warnings: result.warnings };
}

function parse(text: string, { spotIds, structured }: ParseVerdictsContext): SafeParseVerdictsResult {
  const warnings: string[] = [];
  if (structured !== undefined && structured !== null) {
    // Some servers hand over the JSON still as a string.
    const values = typeof structured === 'string' ? extractJsonCandidates(structured).map((c) => c.value) : [structured];
    const reply = values.map((value) => readJsonVerdicts(value, spotIds)).find(Boolean);
    if (reply) return finish(reply.raws, spotIds, [...warnings, ...reply.warnings]);
    warnings.push('the structured reply has no recognizable verdicts; reading the text instead');
  }

  const candidates = extractJsonCandidates(text);
  for (const candidate of candidates.filter((c) => c.source !== 'span')) {
    const reply = readJsonVerdicts(candidate.value, spotIds);
    if (!reply) continue;
    if (candidate.repaired) warnings.push('the reply JSON had trailing commas; removed them');
    return finish(reply.raws, spotIds, [...warnings, ...reply.warnings]);
  }
  // Spans in prose (or the complete objects of a truncated reply) are read together, in text order:
  // a model may write one JSON object per spot.
  const spans = candidates
    .filter((c) => c.source === 'span')
    .reverse()
    .flatMap((c) => readJsonVerdicts(c.value, spotIds) ?? []);
  if (spans.length > 0) {
    if (looksLikeJson(text)) warnings.push('the reply JSON is incomplete (truncated?); read the complete verdict objects in it');
    return finish(spans.flatMap((s) => s.raws), spotIds, [...warnings, ...spans.flatMap((s) => s.warnings)]);
  }

  const prose = readProseVerdicts(text, spotIds);
  if (prose.length > 0) return finish(prose, spotIds, warnings);

  if (text.trim() === '') return { success: false, error: 'the reply is empty' };
  if (looksLikeJson(text)) {
    return { success: false, error: 'the reply is JSON that does not parse or has no recognizable verdicts (truncated or invalid output?)' };
  }
  return { success: false, error: UNRECOGNIZED };
}

/** Keeps the first verdict for each prompt spot; unknown ids and duplicates become warnings. */
function finish(raws: RawVerdict[], spotIds: string[], warnings: string[]): SafeParseVerdictsResult {
  const verdicts: SpotVerdict[] = [];
  for (const raw of raws) {
    if (!spotIds.includes(raw.spot)) {
      warnings.push(`verdict for unknown spot ${raw.spot} ignored`);
    } else if (verdicts.some((v) => v.spot === raw.spot)) {
      warnings.push(`duplicate verdict for spot ${raw.spot} ignored; kept the first`);
    } else {
      if (!raw.verdict) warnings.push(`unrecognized verdict ${JSON.stringify(raw.said ?? '')} for spot ${raw.spot}; treated as unsure`);
      verdicts.push({ spot: raw.spot, verdict: raw.verdict ?? 'unsure', reason: raw.reason });
    }
  }
  return { success: true, verdicts, warnings };
}
