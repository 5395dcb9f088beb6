/**
 * The only place that digs JSON out of model prose. Models wrap the requested object in prose,
 * code fences, or both, and sometimes leave trailing commas; we return every plausible value
 * and let the caller decide by shape which one is the reply.
 *
 * @see https://github.com/changesets/changesets/blob/main/packages/cli/src/utils/getLastJsonObjectFromString.ts
 */

export interface JsonCandidate {
  value: unknown;
  /** Where it came from: the whole text, a fenced block, or a balanced `{...}`/`[...]` span in prose. */
  source: 'whole' | 'fence' | 'span';
  /** True when it only parsed after removing trailing commas. */
  repaired: boolean;
}

const FENCE = /^[ \t]*(`{3,}|~{3,})[ \t]*([\w+-]*)[^\n]*\n([\s\S]*?)^[ \t]*\1[ \t]*$/gm;
const JSON_FENCE_LANGS = new Set(['', 'json', 'jsonc', 'json5', 'javascript', 'js']);
// Bounds the balanced-span scan: each unmatched opener can cost a scan to the end of the text.
const SCAN_BUDGET = 2_000_000;

/** Candidates in order of preference: whole text, fenced blocks (last first), balanced spans (last first). */
export function extractJsonCandidates(text: string): JsonCandidate[] {
  const candidates: JsonCandidate[] = [];
  const whole = tryParse(text.trim());
  if (whole) candidates.push({ ...whole, source: 'whole' });

  const fenced: JsonCandidate[] = [];
  for (const match of text.matchAll(FENCE)) {
    const lang = (match[2] ?? '').toLowerCase();
    if (!JSON_FENCE_LANGS.has(lang)) continue;
    const parsed = tryParse((match[3] ?? '').trim());
    if (parsed) fenced.push({ ...parsed, source: 'fence' });
  }
  candidates.push(...fenced.reverse());

  if (!whole) {
    const spans = parsedSpans(text).map((parsed) => ({ ...parsed, source: 'span' as const }));
    candidates.push(...spans.reverse());
  }
  return candidates;
}

/** True when the text is presented as JSON (so a parse failure means broken JSON, not prose). */
export function looksLikeJson(text: string): boolean {
  const trimmed = text.trim();
  return /^[{[]/.test(trimmed) || /^[ \t]*(`{3,}|~{3,})[ \t]*json/im.test(text);
}

// What may follow the opener of a JSON object or array; rules out `[P1]`, `{ id }` and the like cheaply.
const JSON_START = /^(?:\{\s*["}]|\[\s*[-\d"{[\]tfn])/;

function tryParse(text: string): { value: unknown; repaired: boolean } | undefined {
  if (!JSON_START.test(text)) return undefined;
  try {
    return { value: JSON.parse(text), repaired: false };
  } catch {
    const repaired = removeTrailingCommas(text);
    if (repaired === text) return undefined;
    try {
      return { value: JSON.parse(repaired), repaired: true };
    } catch {
      return undefined;
    }
  }
}

/** Removes `,` before `}`/`]` outside strings: the one repair that cannot change meaning. */
function removeTrailingCommas(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      out += char;
      if (char === '\\') out += text[++i] ?? '';
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    if (char === ',' && /^\s*[}\]]/.test(text.slice(i + 1, i + 64))) continue;
    out += char;
  }
  return out;
}

/**
 * Outermost balanced `{...}`/`[...]` spans that parse. A span that does not parse (prose such as
 * `[P1]` or `{ id }`) is not skipped over, because a real object may start inside it.
 */
function parsedSpans(text: string): { value: unknown; repaired: boolean }[] {
  const spans: { value: unknown; repaired: boolean }[] = [];
  const budget = { left: SCAN_BUDGET };
  for (let i = 0; i < text.length && budget.left > 0; i++) {
    const char = text[i];
    if (char !== '{' && char !== '[') continue;
    const end = matchingClose(text, i, budget);
    if (end === undefined) continue;
    const parsed = tryParse(text.slice(i, end + 1));
    if (!parsed) continue;
    spans.push(parsed);
    i = end;
  }
  return spans;
}

function matchingClose(text: string, start: number, budget: { left: number }): number | undefined {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length && budget.left-- > 0; i++) {
    const char = text[i]!;
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{') stack.push('}');
    else if (char === '[') stack.push(']');
    else if (char === '}' || char === ']') {
      if (stack.pop() !== char) return undefined;
      if (stack.length === 0) return i;
    }
  }
  return undefined;
}
