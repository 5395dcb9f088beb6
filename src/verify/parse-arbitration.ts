import { extractJsonCandidates, looksLikeJson } from '../normalize/extract-json.js';
import { isRecord } from '../normalize/is-record.js';
import { type Decision, type DecisionMatch, findDecision, mapDecisionWord } from './map-decision.js';
import { cleanReason } from './raw-verdict.js';
import { VerifyParseError } from './verify-parse-error.js';

export interface ParseArbitrationContext {
  /** A reply the backend already parsed (structured output); tried before the text. */
  structured?: unknown;
}

export interface ParsedArbitration {
  decision: Decision;
  reasoning: string;
  /** What was guessed or defaulted on the way; not errors. */
  warnings: string[];
}

export type SafeParseArbitrationResult = ({ success: true } & ParsedArbitration) | { success: false; error: string };

// Field names seen from models and hand-written servers besides the contract's own.
const DECISION_KEYS = ['decision', 'winner', 'verdict', 'answer', 'choice'];
const REASONING_KEYS = ['reasoning', 'reason', 'explanation', 'why', 'rationale', 'detail', 'comment'];
const REASONING_LABEL = /^[\s*_`]*(?:reasoning|reason|why|explanation|rationale)\b[\s*_`]*[:\-–—]?[\s*_`]*/i;

/**
 * Raw arbitration reply → which anonymized claim holds. Tolerant in (structured value, JSON with
 * field-name variants, prose such as "Decision: B — …" or "Claim A is correct because …"), strict
 * out (A, B or undecided). Never throws.
 */
export function safeParseArbitration(text: string, context: ParseArbitrationContext = {}): SafeParseArbitrationResult {
  try {
    return parse(text, context);
  } catch (error) {
    return { success: false, error: `arbitration parser failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Like `safeParseArbitration`, but throws a VerifyParseError when the reply cannot be read. */
export function parseArbitration(text: string, context: ParseArbitrationContext = {}): ParsedArbitration {
  const result = safeParseArbitration(text, context);
  if (!result.success) throw new VerifyParseError(result.error, 'arbitration', text);
  return { decision: result.decision, reasoning: result.reasoning, warnings: result.warnings };
}

function parse(text: string, { structured }: ParseArbitrationContext): SafeParseArbitrationResult {
  const warnings: string[] = [];
  if (structured !== undefined && structured !== null) {
    // Some servers hand over the JSON still as a string.
    const values = typeof structured === 'string' ? extractJsonCandidates(structured).map((c) => c.value) : [structured];
    const reply = values.map((value) => readJson(value, warnings)).find(Boolean);
    if (reply) return { success: true, ...reply, warnings };
    warnings.push('the structured reply has no recognizable decision; reading the text instead');
  }

  for (const candidate of extractJsonCandidates(text)) {
    const reply = readJson(candidate.value, warnings);
    if (!reply) continue;
    if (candidate.repaired) warnings.push('the reply JSON had trailing commas; removed them');
    return { success: true, ...reply, warnings };
  }

  if (text.trim() === '') return { success: false, error: 'the reply is empty' };
  const match = findDecision(text);
  if (match) {
    if (match.note) warnings.push(match.note);
    return { success: true, decision: match.decision, reasoning: reasoningAround(text, match), warnings };
  }
  if (looksLikeJson(text)) {
    return { success: false, error: 'the reply is JSON that does not parse or has no recognizable decision (truncated or invalid output?)' };
  }
  return { success: false, error: 'no decision recognized: expected {"decision":"A"|"B"|"undecided","reasoning"} JSON or a line such as "Decision: B — reason"' };
}

/**
 * A labelled decision ("Decision: B — …") is the verdict line: the rest of the reply is the reasoning,
 * minus a short lead-in on its line ("My final answer: A"). Other decisions are part of the reasoning.
 */
function reasoningAround(text: string, match: DecisionMatch): string {
  if (!match.labelled) return text.trim();
  const lineStart = text.lastIndexOf('\n', match.start - 1) + 1;
  const leadIn = text.slice(lineStart, match.start);
  const start = /^[\W_]*(?:\w+[\W_]+){0,2}$/.test(leadIn) ? lineStart : match.start;
  return cleanReason(`${text.slice(0, start)}\n${text.slice(match.end)}`).replace(REASONING_LABEL, '').trim();
}

/** `{ decision | winner | verdict | answer | choice, reasoning | … }`; undefined without a decision field. */
function readJson(value: unknown, warnings: string[]): Omit<ParsedArbitration, 'warnings'> | undefined {
  if (!isRecord(value)) return undefined;
  const key = DECISION_KEYS.find((k) => typeof value[k] === 'string');
  if (!key) return undefined;
  const said = String(value[key]);
  const reasonKey = REASONING_KEYS.find((k) => typeof value[k] === 'string');
  const reasoning = reasonKey ? String(value[reasonKey]).trim() : '';
  const decision = mapDecisionWord(said) ?? findDecision(said)?.decision ?? findDecision(`Decision: ${said}`)?.decision;
  if (!decision) warnings.push(`unrecognized decision ${JSON.stringify(said)}; treated as undecided`);
  return { decision: decision ?? 'undecided', reasoning };
}
