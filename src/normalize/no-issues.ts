/**
 * Phrases with which a prose reply says the code is clean. Only consulted when no findings were
 * recognized, so "no issues except the following" followed by items is still read as items.
 */
const CLEAN_PHRASES: readonly RegExp[] = [
  /\bno\s+(?:\w+\s+){0,2}(?:issues|problems|defects|bugs|findings|concerns|vulnerabilities)\s+(?:were\s+|was\s+)?(?:found|detected|identified|spotted|to report)\b/i,
  /\b(?:did not|didn't|could not|couldn't|do not|don't)\s+(?:find|see|spot)\s+any\s+(?:\w+\s+){0,2}(?:issues|problems|defects|bugs|concerns)\b/i,
  /^\W*no\s+(?:issues|problems|findings|defects|bugs)\W*$/im,
  /\bthere\s+(?:are|were)\s+no\s+(?:\w+\s+){0,2}(?:issues|problems|defects|bugs|findings)\b/i,
  /\bnothing\s+to\s+(?:report|flag)\b/i,
  /\bLGTM\b/,
  /\blooks\s+good\s+to\s+me\b/i,
  /^\W*verdict\W*:\W*clean\b/im,
];

export function saysNoIssues(text: string): boolean {
  return CLEAN_PHRASES.some((phrase) => phrase.test(text));
}
