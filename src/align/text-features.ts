const STOPWORDS = new Set(
  'a an and are as at be been but by can could do does for from has have if in into is it its may might not of on or so than that the their then there these this to was were when which while will with would should must also only just more most very any all each other such same own no yes you your we our they them he she'.split(' '),
);

/*
 * Word tokens are the matches of WORD = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g (found by
 * `addWords`). They also split identifiers into the words a paraphrase would use: `maxSessions`,
 * `max_sessions` and `MaxSessions` all give "max", "sessions"; `HTTPServer` gives "http", "server".
 */

/**
 * The pieces a text is read in: a backticked span, a bare token that may be code (with `()` when
 * it is a call) or a run of digits. The code token is the longest at its start (nothing after it
 * forces a shorter one), so it is a call exactly when `()` follows it.
 *
 * Word tokens can be found piece by piece: every letter or digit is in a piece (a letter always
 * starts a code token), no word token crosses a piece's edge, and WORD's one look past a run of
 * capitals never sees past a code token: a letter or digit would have continued it.
 */
const PIECES = /`[^`\n]+`|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\(\))?|[0-9]+/g;

const isUpper = (code: number) => code >= 65 && code <= 90;
const isLower = (code: number) => code >= 97 && code <= 122;
const isDigit = (code: number) => code >= 48 && code <= 57;
/** `[A-Za-z_$]`: may start a code token. */
const isHead = (code: number) => isUpper(code) || isLower(code) || code === 95 /* _ */ || code === 36; /* $ */
/** `[\w$.]`: may continue a token in backticks. */
const isTokenPart = (code: number) => isHead(code) || isDigit(code) || code === 46; /* . */

export interface Tokens {
  /** Word tokens (WORD matches) in text order, before `contentWord`. */
  words: string[];
  /** See `identifiers`. */
  identifiers: Set<string>;
}

/** Word tokens and identifiers of a text, in one pass over it. */
export function tokenize(text: string): Tokens {
  const tokens: Tokens = { words: [], identifiers: new Set() };
  // `match` with a global regex returns just the strings: no match object per piece.
  for (const piece of text.match(PIECES) ?? []) {
    const first = piece.charCodeAt(0);
    if (first === 96 /* ` */) {
      addSpanIdentifiers(tokens.identifiers, piece);
      addWords(tokens.words, piece);
    } else if (isDigit(first)) {
      tokens.words.push(piece); // digits: one word token
    } else {
      const call = piece.charCodeAt(piece.length - 1) === 41; /* ) */
      const token = call ? piece.slice(0, -2) : piece;
      if (call || isCodeShaped(token)) addIdentifier(tokens.identifiers, token);
      addWords(tokens.words, token);
    }
  }
  return tokens;
}

/**
 * Appends WORD's matches in `piece`, found by a loop rather than the regex: pieces are short, and
 * calling a regex costs more than the scan. A run of capitals is a word, except that before a
 * lowercase letter its last capital starts the next word (`HTTPServer` → `HTTP`, `Server`).
 */
function addWords(words: string[], piece: string): void {
  const length = piece.length;
  for (let index = 0; index < length; ) {
    const code = piece.charCodeAt(index);
    let end = index + 1;
    if (isUpper(code)) {
      while (end < length && isUpper(piece.charCodeAt(end))) end++;
      if (end < length && isLower(piece.charCodeAt(end))) {
        if (end - index > 1) end--; // [A-Z]+(?![a-z]) backs off one capital
        else while (end < length && isLower(piece.charCodeAt(end))) end++; // [A-Z]?[a-z]+
      }
    } else if (isLower(code)) {
      while (end < length && isLower(piece.charCodeAt(end))) end++;
    } else if (isDigit(code)) {
      while (end < length && isDigit(piece.charCodeAt(end))) end++;
    } else {
      index++;
      continue;
    }
    words.push(index === 0 && end === length ? piece : piece.slice(index, end));
    index = end;
  }
}

/** The content word a token stands for: lowercased; undefined for stopwords and one-letter noise. */
export function contentWord(token: string): string | undefined {
  // WORD matches ASCII only, so lowercasing keeps the length: test it first.
  if (token.length < 2) return undefined;
  const word = token.toLowerCase();
  return STOPWORDS.has(word) ? undefined : word;
}

/** Content words of a text: lowercased, identifiers split, stopwords and one-letter noise dropped. */
export function words(text: string): string[] {
  const result: string[] = [];
  for (const token of tokenize(text).words) {
    const word = contentWord(token);
    if (word !== undefined) result.push(word);
  }
  return result;
}

/**
 * Code identifiers named in a text: anything in backticks, and tokens shaped like code outside
 * them (camelCase, snake_case, dotted access, calls). Prose words are not identifiers.
 */
export function identifiers(text: string): Set<string> {
  return tokenize(text).identifiers;
}

/** Every identifier in a backticked span: each longest run of the form `[A-Za-z_$][\w$.]*`. */
function addSpanIdentifiers(found: Set<string>, span: string): void {
  for (let index = 0; index < span.length; ) {
    if (!isHead(span.charCodeAt(index))) {
      index++;
      continue;
    }
    let end = index + 1;
    while (end < span.length && isTokenPart(span.charCodeAt(end))) end++;
    addIdentifier(found, span.slice(index, end));
    index = end;
  }
}

/** Each dot-separated part of a token (as `split('.')` gives them), lowercased, skipping one-letter parts. */
function addIdentifier(found: Set<string>, token: string): void {
  for (let start = 0; start <= token.length; ) {
    const dot = token.indexOf('.', start);
    const end = dot < 0 ? token.length : dot;
    if (end - start > 1) found.add((start === 0 && end === token.length ? token : token.slice(start, end)).toLowerCase());
    start = end + 1;
  }
}

/** camelCase, snake_case, dotted access or a `$`: shaped like code, unlike a prose word. */
function isCodeShaped(token: string): boolean {
  for (let index = 0; index < token.length; index++) {
    const code = token.charCodeAt(index);
    if (code === 95 /* _ */ || code === 46 /* . */ || code === 36 /* $ */) return true;
    // a lowercase letter followed by an uppercase one
    if (isLower(code) && index + 1 < token.length && isUpper(token.charCodeAt(index + 1))) return true;
  }
  return false;
}

/**
 * |A∩B| / √(|A|·|B|), the cosine of two sets: unlike |A∩B| / min(|A|,|B|), a finding that names
 * a single identifier does not fully "overlap" every finding that happens to mention it.
 */
export function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / Math.sqrt(a.size * b.size);
}
