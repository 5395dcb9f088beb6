/**
 * Normalizes one agent's reply to an `ask` question into an `Answer`: the structured contract
 * (`AskReplySchema`) when the reply carries it, in any of the shapes models produce (a structured
 * value, bare JSON, a fenced block in prose, renamed fields), and otherwise plain prose, from which
 * the bottom line and the claims are extracted.
 */
import { extractJsonCandidates, looksLikeJson } from '../normalize/extract-json.js';
import type { Answer } from './answer.js';
import { BOILERPLATE, DECISION_LABEL } from './compare/lexicon.js';
import { contentLemmas, splitSentences, stripMarkdown } from './compare/text.js';

export type ParseAnswerResult =
  | { success: true; answer: Answer; format: 'contract' | 'prose'; warnings: string[] }
  | { success: false; error: string };

export interface ParseAnswerOptions {
  agent: string;
  /** The reply's structured output, when the backend returned one (already parsed JSON). */
  structured?: unknown;
}

const DECISION_KEYS = ['decision', 'conclusion', 'bottom_line', 'bottomLine', 'bottom line', 'verdict', 'final_answer', 'finalAnswer', 'short_answer', 'shortAnswer', 'tldr', 'tl_dr', 'recommendation', 'summary'];
const CLAIM_KEYS = ['claims', 'points', 'reasons', 'facts', 'key_points', 'keyPoints', 'supporting_claims', 'supportingClaims', 'evidence', 'rationale', 'arguments'];
const PROSE_KEYS = ['answer', 'explanation', 'details', 'prose', 'markdown', 'body', 'reasoning', 'text'];
const CONFIDENCE_KEYS = ['confidence', 'certainty', 'confidence_level', 'confidenceLevel'];
const CLAIM_TEXT_KEYS = ['claim', 'text', 'point', 'statement', 'fact', 'reason', 'description'];

/** Minimum content words for a prose sentence to count as a claim. */
const MIN_CLAIM_WORDS = 3;

export function safeParseAnswer(text: string, options: ParseAnswerOptions): ParseAnswerResult {
  const warnings: string[] = [];
  if (options.structured !== undefined && options.structured !== null) {
    const fromStructured = fromContract(options.structured, options.agent, text, warnings);
    if (fromStructured) return { success: true, answer: fromStructured, format: 'contract', warnings };
    warnings.push('structured output did not match the answer contract; read the text instead');
  }
  if (typeof text !== 'string' || text.trim() === '') return { success: false, error: 'empty reply: no decision or claims' };
  for (const candidate of extractJsonCandidates(text)) {
    const answer = fromContract(candidate.value, options.agent, text, warnings);
    if (answer) {
      if (candidate.repaired) warnings.push('reply JSON had trailing commas; repaired');
      return { success: true, answer, format: 'contract', warnings };
    }
  }
  // A reply that is JSON (bare or fenced) but not the contract is a broken contract, not prose.
  if (/^\s*[{[]/.test(text) || (looksLikeJson(text) && stripFences(text).trim() === '')) {
    return { success: false, error: 'reply looks like JSON but has no decision or claims (expected {decision, claims, confidence, answer})' };
  }
  const prose = fromProse(text, options.agent, warnings);
  if (prose) return { success: true, answer: prose, format: 'prose', warnings };
  return { success: false, error: 'no answer found: the reply has no bottom line and no sentence with enough content to read as a claim' };
}

function field(record: Record<string, unknown>, keys: string[]): unknown {
  for (const key of keys) if (record[key] !== undefined && record[key] !== null) return record[key];
  const lower = new Map(Object.entries(record).map(([key, value]) => [key.toLowerCase().replace(/[\s-]/g, '_'), value]));
  for (const key of keys) {
    const value = lower.get(key.toLowerCase().replace(/[\s-]/g, '_'));
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The contract object inside a value: itself, a single-element array, or one level of wrapping. */
function contractRecord(value: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(value) && value.length === 1) return contractRecord(value[0]);
  if (!isRecord(value)) return undefined;
  if (field(value, DECISION_KEYS) !== undefined || field(value, CLAIM_KEYS) !== undefined) return value;
  for (const inner of Object.values(value)) {
    if (isRecord(inner) && (field(inner, DECISION_KEYS) !== undefined || field(inner, CLAIM_KEYS) !== undefined)) return inner;
  }
  return undefined;
}

function fromContract(value: unknown, agent: string, text: string, warnings: string[]): Answer | undefined {
  const record = contractRecord(value);
  if (!record) return undefined;
  const rawDecision = field(record, DECISION_KEYS);
  const rawClaims = field(record, CLAIM_KEYS);
  const rawProse = field(record, PROSE_KEYS);
  const prose = typeof rawProse === 'string' && rawProse.trim() ? rawProse : text;
  let claims = claimList(rawClaims);
  let decision = typeof rawDecision === 'string' ? cleanDecision(rawDecision) : '';
  if (rawDecision !== undefined && typeof rawDecision !== 'string') {
    if (typeof rawDecision === 'boolean') decision = rawDecision ? 'Yes' : 'No';
    else if (typeof rawDecision === 'number') decision = String(rawDecision);
    else warnings.push('decision is not a string');
  }
  if (!decision && typeof rawProse === 'string') {
    const fromAnswer = proseParts(rawProse);
    decision = fromAnswer.decision;
    if (decision) warnings.push('no decision field; took the bottom line of the answer prose');
  }
  if (claims.length === 0 && typeof rawProse === 'string') {
    claims = proseParts(rawProse).claims;
    if (claims.length > 0) warnings.push('no claims field; extracted claims from the answer prose');
  }
  if (!decision && claims.length === 0) return undefined;
  if (!decision) {
    decision = claims[0]!;
    warnings.push('no decision; used the first claim');
  }
  const answer: Answer = { agent, decision, claims, prose };
  const confidence = confidenceOf(field(record, CONFIDENCE_KEYS), warnings);
  if (confidence !== undefined) answer.confidence = confidence;
  return answer;
}

function claimList(value: unknown): string[] {
  if (typeof value === 'string') return proseParts(value, false).claims;
  if (!Array.isArray(value)) return [];
  const claims: string[] = [];
  for (const item of value) {
    let raw: unknown = item;
    if (isRecord(item)) raw = field(item, CLAIM_TEXT_KEYS);
    if (typeof raw !== 'string') continue;
    const claim = stripMarkdown(raw, true);
    if (claim) claims.push(claim);
  }
  return claims;
}

function confidenceOf(value: unknown, warnings: string[]): number | undefined {
  let number: number | undefined;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    const named: Record<string, number> = { 'very high': 0.95, high: 0.85, medium: 0.6, med: 0.6, moderate: 0.6, low: 0.3, 'very low': 0.15 };
    if (word in named) number = named[word];
    else if (/^\d+(?:\.\d+)?%?$/.test(word)) number = Number(word.replace('%', '')) / (word.endsWith('%') ? 100 : 1);
  }
  if (number === undefined || !Number.isFinite(number)) return undefined;
  if (number > 1 && number <= 100) {
    warnings.push(`confidence ${number} read as a percentage`);
    number /= 100;
  }
  if (number < 0 || number > 1) {
    warnings.push(`confidence ${number} clamped to 0–1`);
    number = Math.min(1, Math.max(0, number));
  }
  return number;
}

/** Markdown and labels removed from a bottom line. */
function cleanDecision(text: string): string {
  return stripMarkdown(text.replace(DECISION_LABEL, ''), true).replace(DECISION_LABEL, '').trim();
}

function fromProse(text: string, agent: string, warnings: string[]): Answer | undefined {
  const { decision, claims, confidence, labeled } = proseParts(text);
  if (!decision && claims.length === 0) return undefined;
  if (!/[A-Za-z]{2}/.test(decision + claims.join(' '))) return undefined;
  if (!labeled) warnings.push('no bottom-line label; took the first sentence as the decision');
  const answer: Answer = { agent, decision: decision || claims[0]!, claims, prose: text };
  if (confidence !== undefined) answer.confidence = confidence;
  return answer;
}

const FENCE = /^[ \t]*(`{3,}|~{3,})[^\n]*\n[\s\S]*?^[ \t]*\1[ \t]*$/gm;

function stripFences(text: string): string {
  return text.replace(FENCE, '');
}
const BULLET = /^([ \t]*)(?:[-*+•]|\d{1,3}[.)])[ \t]+(.*)$/;
const HEADING = /^[ \t]*#{1,6}[ \t]+/;
const CONFIDENCE_LINE = /^\s*[*_]*confidence[*_]*\s*[:=-]\s*[*_]*\s*([\w.%]+(?: \w+)?)/i;
/** Section labels that introduce a list rather than state anything: "CLAIMS:", "**Fixes:**". */
const SECTION_LABEL = /^\s*[*_]*(?:claims|risks|caveats?|notes?|fix(?:es)?|why|how|what (?:goes wrong|to do)|also|practical advice|details|reasoning|explanation|summary|evidence|sources|options?|pros|cons|steps)\b[^.!?]{0,40}:[*_]*\s*$/i;

interface ProseParts {
  decision: string;
  claims: string[];
  confidence?: number;
  labeled: boolean;
}

/** A block of text: one bullet item (with its continuation lines) or one paragraph. */
interface Block {
  kind: 'bullet' | 'paragraph';
  indent: number;
  text: string;
}

function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  for (const line of text.replace(/\r\n?/g, '\n').replace(FENCE, '\n').split('\n')) {
    if (line.trim() === '') {
      current = undefined;
      continue;
    }
    if (HEADING.test(line) || /^\s*\|?\s*:?-{3,}/.test(line)) {
      blocks.push({ kind: 'paragraph', indent: 0, text: '' }); // a heading ends the block before it
      current = undefined;
      continue;
    }
    if (/^\s*\|.*\|\s*$/.test(line)) {
      const cells = line.trim().slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()).filter(Boolean);
      blocks.push({ kind: 'bullet', indent: 0, text: cells.join(': ') });
      current = undefined;
      continue;
    }
    const bullet = BULLET.exec(line);
    // A labeled line ("DECISION: …", "CONFIDENCE: high", "CLAIMS:") starts a block of its own.
    if (!bullet && (DECISION_LABEL.test(line) || CONFIDENCE_LINE.test(line) || SECTION_LABEL.test(line))) {
      current = { kind: 'paragraph', indent: 0, text: line.trim() };
      blocks.push(current);
      if (SECTION_LABEL.test(line)) current = undefined;
      continue;
    }
    if (bullet) {
      current = { kind: 'bullet', indent: bullet[1]!.replace(/\t/g, '    ').length, text: bullet[2]! };
      blocks.push(current);
    } else if (current) current.text += ' ' + line.trim();
    else {
      current = { kind: 'paragraph', indent: 0, text: line.trim() };
      blocks.push(current);
    }
  }
  return blocks.filter((block) => block.text.trim() !== '');
}

/** True for a short "label:" line that introduces sub-items ("**UUIDv7 from the app:**"). */
function isLabel(text: string): boolean {
  const plain = stripMarkdown(text);
  return /:\s*$/.test(plain) && plain.split(/\s+/).length <= 8;
}

function enoughContent(text: string): boolean {
  return contentLemmas(text).length >= MIN_CLAIM_WORDS;
}

function isBoilerplate(text: string): boolean {
  return BOILERPLATE.test(stripMarkdown(text));
}

/**
 * Decision and claims of a prose answer. The decision is the labeled bottom line ("Bottom line:",
 * "DECISION:", "Answer:", "TL;DR") when there is one, else the first sentence. Claims are the
 * bullet and numbered items (nested ones flattened, each under a short parent label when it has
 * one) and the sentences of the other paragraphs that carry at least three content words; code
 * blocks, headings, tables' separator rows, section labels and caveat boilerplate are skipped.
 */
function proseParts(text: string, findDecision = true): ProseParts {
  const blocks = blocksOf(text);
  let decision = '';
  let labeled = false;
  let confidence: number | undefined;
  let decisionBlock = -1;
  const ignored: string[] = [];
  blocks.forEach((block, index) => {
    const confidenceMatch = CONFIDENCE_LINE.exec(block.text);
    if (confidenceMatch) {
      confidence = confidenceOf(confidenceMatch[1]!.trim(), ignored);
      block.text = '';
      return;
    }
    if (findDecision && !labeled && DECISION_LABEL.test(block.text)) {
      let rest = block.text.replace(DECISION_LABEL, '');
      if (stripMarkdown(rest).replace(/[*_:\s]/g, '') === '') rest = blocks[index + 1]?.text ?? '';
      decision = cleanDecision(rest);
      labeled = decision !== '';
      if (labeled) decisionBlock = index;
    }
  });
  if (findDecision && !labeled) {
    const first = blocks.findIndex((block) => block.text.trim() !== '' && !isLabel(block.text) && !isBoilerplate(block.text));
    if (first >= 0) {
      const sentences = splitSentences(stripMarkdown(blocks[first]!.text, true));
      decision = sentences[0] ?? '';
      decisionBlock = -1; // the rest of that block still yields claims
    }
  }
  const claims: string[] = [];
  const labels: { indent: number; text: string }[] = [];
  blocks.forEach((block, index) => {
    if (index === decisionBlock || block.text.trim() === '') return;
    if (block.kind === 'paragraph') labels.length = 0;
    while (labels.length > 0 && labels[labels.length - 1]!.indent >= block.indent && block.kind === 'bullet') labels.pop();
    const plain = stripMarkdown(block.text, true);
    if (SECTION_LABEL.test(block.text) || (isLabel(block.text) && block.kind === 'bullet')) {
      if (block.kind === 'bullet') labels.push({ indent: block.indent, text: plain.replace(/:\s*$/, '') });
      return;
    }
    if (isBoilerplate(block.text)) return;
    if (block.kind === 'bullet') {
      const label = labels.map((entry) => entry.text).join(': ');
      const claim = label && !plain.toLowerCase().startsWith(label.toLowerCase()) ? `${label}: ${plain}` : plain;
      if (enoughContent(plain) || (label && enoughContent(claim))) claims.push(claim);
      return;
    }
    const body = plain.replace(/^(?:caveat|note|also|however|but)s?\s*:\s*/i, '');
    for (const sentence of splitSentences(body)) {
      if (sentence !== decision && enoughContent(sentence) && !isBoilerplate(sentence)) claims.push(sentence);
    }
  });
  const parts: ProseParts = { decision, claims: dedupe(claims), labeled };
  if (confidence !== undefined) parts.confidence = confidence;
  return parts;
}

function dedupe(claims: string[]): string[] {
  const seen = new Set<string>();
  return claims.filter((claim) => {
    const key = claim.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
