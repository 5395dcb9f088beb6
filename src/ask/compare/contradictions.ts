/**
 * Contradiction cues between two statements already known to be about the same thing (similar
 * sentences of aligned claims or of two decisions), compared clause by clause:
 * - negation: a content word both use is the negated predicate in one ("are not blocked") and
 *   asserted in the other, and the clauses share at least two other content words (the subject);
 * - antonym: one clause uses a word of the antonym lexicon where the other uses its opposite,
 *   with the same polarity and the shared words on the same side of it (so "A before B" and
 *   "B after A" agree);
 * - number: both give a value for the same quantity and unit, and the values cannot be paired
 *   even after rounding, hedges ("about") and ranges are allowed for (see `numberConflict`).
 * Clauses that name code identifiers must share one to be about the same subject
 * (`a.port` is not `b.port`). A sentence with an elided negation ("…; the last two are not") is
 * skipped for word polarity.
 *
 * Differences in emphasis or certainty ("usually" against "always", "can" against "will") are not
 * cues: hedges are not negations, and only the lexicon's opposites count as antonyms.
 */
import { antonymsOf, COMPARATIVES } from './lexicon.js';
import { numberConflicts, numberMentions, statedIn, type NumberMention } from './numbers.js';
import { anyLemma, clausesOf, codeSubject, isElliptic, polarity, type Polarity } from './polarity.js';

export type CueKind = 'negation' | 'antonym' | 'number';

export interface Cue {
  kind: CueKind;
  /** What differs, for the report: `"blocked": negated in A, asserted in B`. */
  detail: string;
}

/** Content words (outside the differing one) two clauses must share to be about the same thing. */
const MIN_SHARED_CONTEXT = 2;

function sameSubjectByCode(a: Polarity, b: Polarity): boolean {
  if (a.identifiers.size === 0 || b.identifiers.size === 0) return true;
  for (const identifier of a.identifiers) if (b.identifiers.has(identifier)) return true;
  return false;
}

/** Words that are never the predicate a negation contradiction turns on. */
const NOT_PREDICATES = new Set(['one', 'two', 'three', 'first', 'second', 'thing', 'way', 'case', 'time', 'something', 'anything', 'everything']);

export function negationCue(a: string, b: string): Cue | undefined {
  if (isElliptic(a) || isElliptic(b)) return undefined;
  const allA = states(clausesOf(a).map(polarity));
  const allB = states(clausesOf(b).map(polarity));
  for (const clauseA of clausesOf(a)) {
    const pa = polarity(clauseA);
    for (const clauseB of clausesOf(b)) {
      const pb = polarity(clauseB);
      if (!sameSubjectByCode(pa, pb)) continue;
      const statesA = states([pa]);
      const statesB = states([pb]);
      for (const [term, stateA] of statesA) {
        const stateB = statesB.get(term);
        if (stateB === undefined || stateA === 'mixed' || stateB === 'mixed' || stateA === stateB || NOT_PREDICATES.has(term)) continue;
        // The term must not take the other polarity elsewhere in the same sentence.
        if (allA.get(term) === 'mixed' || allB.get(term) === 'mixed') continue;
        const contextA = new Set(pa.tokens.filter((token) => !token.negated && token.lemma !== term).map((token) => token.lemma));
        const shared = new Set(pb.tokens.filter((token) => !token.negated && token.lemma !== term && contextA.has(token.lemma)).map((token) => token.lemma));
        if (shared.size < MIN_SHARED_CONTEXT) continue;
        // Same subject: the negated clause names, before its cue, something the other clause names before the term.
        const [negated, asserted] = stateA === 'negated' ? [pa, pb] : [pb, pa];
        if (!sharesSubject(negated, asserted, term)) continue;
        // "X rather than Y" prefers X; a side that names X too is weighing both, not choosing Y.
        const alternative = (negated.cue?.alternative ?? []).filter((lemma) => lemma !== term);
        if (alternative.some((lemma) => asserted.tokens.some((token) => token.lemma === lemma))) continue;
        return { kind: 'negation', detail: `"${term}" ${stateA === 'negated' ? 'negated' : 'asserted'} in A, ${stateB === 'negated' ? 'negated' : 'asserted'} in B` };
      }
    }
  }
  return undefined;
}

/**
 * Same subject: the negated clause names, before its cue, something the asserted clause names
 * before the term; after an appositive cue ("counts characters, not bytes") only the clause's
 * first segment is its subject. When both name code right before, it must be the same code.
 */
/** How far before the asserted term its subject may be named (content tokens). */
const SUBJECT_WINDOW = 6;
/** Subject words both must name: one shared word ("id", "use") is too often a coincidence. */
const MIN_SHARED_SUBJECT = 2;

function sharesSubject(negated: Polarity, asserted: Polarity, term: string): boolean {
  const appositive = negated.cue?.appositive === true;
  const subject = new Set(negated.tokens.filter((token) => !token.afterCue && (!appositive || token.segment === 0)).map((token) => token.lemma));
  const termAt = asserted.tokens.findIndex((token) => token.lemma === term);
  if (termAt < 0) return false;
  const named = new Set(asserted.tokens.slice(Math.max(0, termAt - SUBJECT_WINDOW), termAt).map((token) => token.lemma).filter((lemma) => subject.has(lemma)));
  if (named.size < MIN_SHARED_SUBJECT) return false;
  const codeNegated = negated.cue ? codeSubject(negated.words, negated.cue.word) : undefined;
  const codeAsserted = codeSubject(asserted.words, asserted.tokens[termAt]!.word);
  return codeNegated === undefined || codeAsserted === undefined || codeNegated === codeAsserted;
}

function states(polarities: Polarity[]): Map<string, 'negated' | 'asserted' | 'mixed'> {
  const result = new Map<string, 'negated' | 'asserted' | 'mixed'>();
  for (const p of polarities) {
    for (const token of p.tokens) {
      const state = token.uncertain ? 'mixed' : token.negated ? 'negated' : 'asserted';
      const previous = result.get(token.lemma);
      result.set(token.lemma, previous === undefined || previous === state ? state : 'mixed');
    }
  }
  return result;
}

export function antonymCue(a: string, b: string): Cue | undefined {
  const clausesA = clausesOf(a).map(polarity);
  const clausesB = clausesOf(b).map(polarity);
  for (const pa of clausesA) {
    const lemmasA = pa.words.map(anyLemma);
    for (const pb of clausesB) {
      if (!sameSubjectByCode(pa, pb)) continue;
      const lemmasB = pb.words.map(anyLemma);
      for (let i = 0; i < lemmasA.length; i++) {
        const x = lemmasA[i]!;
        for (const y of antonymsOf(x)) {
          const j = lemmasB.indexOf(y);
          if (j < 0) continue;
          const subjectA = codeSubject(pa.words, i);
          const subjectB = codeSubject(pb.words, j);
          if (subjectA !== undefined && subjectB !== undefined && subjectA !== subjectB) continue;
          // Each side uses only its own word of the pair, in every clause about the same subject.
          if (usesWord(clausesA, y, subjectA) || usesWord(clausesB, x, subjectB)) continue;
          if (negatedAt(pa.words, i) !== negatedAt(pb.words, j)) continue; // "not safe" and "unsafe" agree
          const leftA = contentSet(lemmasA.slice(0, i));
          const rightA = contentSet(lemmasA.slice(i + 1));
          const leftB = contentSet(lemmasB.slice(0, j));
          const rightB = contentSet(lemmasB.slice(j + 1));
          const same = weightedIntersect(leftA, leftB) + weightedIntersect(rightA, rightB);
          const crossed = weightedIntersect(leftA, rightB) + weightedIntersect(rightA, leftB);
          // Short clauses ("b.timeout: compiles") cannot share two words; ask for what they have.
          const needed = Math.min(MIN_SHARED_CONTEXT, Math.max(1, Math.min(leftA.size + rightA.size, leftB.size + rightB.size)));
          if (same < needed || crossed >= same) continue;
          // A comparative needs the same comparand: "before the UPDATE" vs "after the statement" is no conflict.
          if (COMPARATIVES.has(x) || COMPARATIVES.has(y)) {
            const objectA = contentSet(lemmasA.slice(i + 1)).size > 0 ? new Set([...contentSet(lemmasA.slice(i + 1, i + 5))]) : new Set<string>();
            const objectB = contentSet(lemmasB.slice(j + 1)).size > 0 ? new Set([...contentSet(lemmasB.slice(j + 1, j + 5))]) : new Set<string>();
            if ((objectA.size > 0 || objectB.size > 0) && weightedIntersect(objectA, objectB) === 0) continue;
          }
          return { kind: 'antonym', detail: `"${pa.words[i]}" in A, "${pb.words[j]}" in B` };
        }
      }
    }
  }
  return undefined;
}

/** Whether a clause of the sentence uses `word`, said of the same code subject (or of no code). */
function usesWord(clauses: Polarity[], word: string, subject: string | undefined): boolean {
  for (const clause of clauses) {
    for (let index = 0; index < clause.words.length; index++) {
      if (anyLemma(clause.words[index]!) !== word) continue;
      const other = codeSubject(clause.words, index);
      if (subject === undefined || other === undefined || other === subject) return true;
    }
  }
  return false;
}

/** Shared words, a code identifier counting twice: it names the subject exactly. */
function weightedIntersect(a: Set<string>, b: Set<string>): number {
  let count = 0;
  for (const item of a) if (b.has(item)) count += /[._$]/.test(item) ? 2 : 1;
  return count;
}

/** Whether a negation cue governs the word at `index` (within the three words before it, same clause). */
function negatedAt(words: string[], index: number): boolean {
  let cue = false;
  for (let k = Math.max(0, index - 3); k < index; k++) {
    const word = words[k]!;
    if (/^(?:not|never|cannot)$|n't$/.test(word) || (word === 'than' && words[k - 1] === 'rather') || (word === 'of' && words[k - 1] === 'instead')) cue = true;
    else if (/^[,;:()]$|^(?:but|because|and|or)$/.test(word)) cue = false;
  }
  return cue;
}

const STOP = new Set(['the', 'a', 'an', 'is', 'are', 'be', 'to', 'of', 'in', 'on', 'it', 'and', 'or', 'that', 'this', 'as', 'for', 'with', 'by', 'at', 'so', 'than', 'not', 'no', 'can', 'will', 'would', 'should', 'may', 'might', 'its', 'their', 'there', 'has', 'have', ',', ';', ':', '(', ')', '—', '–']);

function contentSet(words: string[]): Set<string> {
  return new Set(words.filter((word) => !STOP.has(word) && word.length > 2));
}

/**
 * Numbers of two statements that cannot be paired. A value one side states elsewhere in the other
 * answer (`contextA` holds every number of answer A, `contextB` of B) is not disputed, only
 * attached to another point, so it does not make a conflict.
 */
export function numberCue(a: string, b: string, contextA: NumberMention[] = [], contextB: NumberMention[] = []): Cue | undefined {
  for (const conflict of numberConflicts(numberMentions(a), numberMentions(b))) {
    if (statedIn(conflict.a, contextB) || statedIn(conflict.b, contextA)) continue;
    return { kind: 'number', detail: `${conflict.a.text} in A, ${conflict.b.text} in B` };
  }
  return undefined;
}
