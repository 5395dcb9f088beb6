/** The arbitration contract's decisions. */
export type Decision = 'A' | 'B' | 'undecided';

/**
 * Free decision words → contract decision: "A", "Claim A", "first", "Option B", "neither", "tie".
 * Case, markdown and punctuation are ignored.
 */
export function mapDecisionWord(word: string): Decision | undefined {
  const normalized = word
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/^\s*(?:(?:the|claim|option|answer)\s+)*|\s+claim\s*$/g, '')
    .trim();
  switch (normalized) {
    case 'a':
    case 'first':
    case '1':
    case 'one':
      return 'A';
    case 'b':
    case 'second':
    case '2':
    case 'two':
      return 'B';
    case 'undecided':
    case 'neither':
    case 'none':
    case 'tie':
    case 'both':
    case 'draw':
    case 'unsure':
    case 'unknown':
    case 'unclear':
    case 'inconclusive':
    case 'cannot tell':
    case "can't tell":
    case 'cannot decide':
    case 'n a':
      return 'undecided';
    default:
      return undefined;
  }
}

export interface DecisionMatch {
  decision: Decision;
  /** The span that states it; for a labelled decision ("Decision: B") the rest is the reasoning. */
  start: number;
  end: number;
  labelled: boolean;
  /** Set when the decision was inferred rather than stated; the caller turns it into a warning. */
  note?: string;
}

// "Decision: B", "**Winner:** Claim A", "Verdict — neither".
const LABEL = /\b(?:decision|winner|verdict|answer|choice|conclusion|ruling)\b[\s*_`]*(?:[:=]|\s[-–—]\s)[\s*_`]*((?:(?:claim|option)\s+)?[a-z0-9']+(?:[ \t]+[a-z']+)?)/gi;
// "Claim A is correct", "claim B wins", "I side with Claim B"; a negation in between disqualifies.
const CLAIM_RIGHT = /\bclaim\s+([AB])\b((?:\W+\w+){0,3}?)\W+(?:correct|right|valid|holds|wins|accurate|stands|prevails)\b/gi;
// "B is right": a capital letter followed by "is" cannot be the article "A".
const BARE_RIGHT = /\b([AB])(?:'s)?\s+(?:is|was)\s+(?:\w+\s+)?(?:correct|right|valid)\b/g;
const SIDE_WITH = /\b(?:side|sides|siding|agree|agrees|favou?r|support|supports|choose|pick|accept)\s+(?:with\s+|of\s+)?claim\s+([AB])\b/gi;
const CLAIM_WRONG = /\bclaim\s+([AB])\b(?:\W+\w+){0,3}?\W+(?:incorrect|wrong|invalid|refuted|mistaken|false)\b/i;
const NO_WINNER = /\b(?:neither claim|both claims|undecided|cannot (?:decide|tell)|can't (?:decide|tell)|no clear winner|it'?s a tie)\b/i;
const NEGATION = /\b(?:not|never|no)\b|n't\b/i;

/** The decision a prose reply states, or undefined when it states none. */
export function findDecision(text: string): DecisionMatch | undefined {
  for (const match of text.matchAll(LABEL)) {
    const value = match[1] ?? '';
    const words = value.split(/\s+/);
    // "Conclusion: a careful reading …" starts with the article "a", not with claim A.
    const article = words[0] === 'a' && words.length > 1;
    const decision = mapDecisionWord(value) ?? (article ? undefined : mapDecisionWord(words.slice(0, -1).join(' ')));
    if (decision) return { decision, start: match.index, end: match.index + match[0].length, labelled: true };
  }
  const backed = [
    ...[...text.matchAll(CLAIM_RIGHT)].filter((m) => !NEGATION.test(m[2] ?? '')),
    ...[...text.matchAll(BARE_RIGHT)].filter((m) => !NEGATION.test(m[0])),
    ...text.matchAll(SIDE_WITH),
  ].sort((x, y) => x.index - y.index);
  const first = backed[0];
  if (first) {
    const claims = new Set(backed.map((m) => m[1]!.toUpperCase()));
    if (claims.size > 1) return { decision: 'undecided', start: 0, end: 0, labelled: false, note: 'the reply backs both claims; treated as undecided' };
    return { decision: first[1]!.toUpperCase() as Decision, start: first.index, end: first.index + first[0].length, labelled: false };
  }
  const noWinner = NO_WINNER.exec(text);
  if (noWinner) return { decision: 'undecided', start: noWinner.index, end: noWinner.index + noWinner[0].length, labelled: false };
  const wrong = CLAIM_WRONG.exec(text);
  if (wrong) {
    const decision = wrong[1]!.toUpperCase() === 'A' ? 'B' : 'A';
    return { decision, start: wrong.index, end: wrong.index + wrong[0].length, labelled: false, note: `inferred claim ${decision} from "${wrong[0]}"` };
  }
  return undefined;
}
