import { contentWord } from './text-features.js';
import { rarity } from './word-rarity.js';

/**
 * Small integer ids for the words of a batch of vectors (an alignment run's findings), so that
 * building vectors and taking cosines index arrays instead of hashing strings: cosine is the
 * matcher's innermost loop. Raw tokens are remembered too, so a token seen before costs one
 * lookup. Vectors of different batches still compare correctly, by word (see `cosine`).
 */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  /** Raw token → id of its content word, or -1 when it has none (stopword, one letter). */
  private readonly tokenIds = new Map<string, number>();
  readonly words: string[] = [];
  /** The rarity of each id's word, looked up once per batch rather than once per vector. */
  readonly rarities: number[] = [];
  /** Scratch space for one vector at a time, one slot per id; all 0 outside a call. */
  slots = new Int32Array(64);

  idOf(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.ids.set(word, id);
      this.words.push(word);
      this.rarities.push(rarity(word));
      if (id >= this.slots.length) {
        const grown = new Int32Array(this.slots.length * 2);
        grown.set(this.slots);
        this.slots = grown;
      }
    }
    return id;
  }

  /** The id of `contentWord(token)`, or -1 when the token gives no content word. */
  idOfToken(token: string): number {
    let id = this.tokenIds.get(token);
    if (id === undefined) {
      const word = contentWord(token);
      id = word === undefined ? -1 : this.idOf(word);
      this.tokenIds.set(token, id);
    }
    return id;
  }

  /** The id of a word, if the batch has one. */
  find(word: string): number | undefined {
    return this.ids.get(word);
  }
}

/** A unit-length word vector: the ids of its words in order of first occurrence, and their weights. */
export interface Vector {
  vocabulary: Vocabulary;
  ids: number[];
  weights: Float64Array;
}

/**
 * The unit-length vector of the content words of a text's word tokens (see `tokenize` and
 * `words`), weighted by sublinear term frequency × rarity in general English.
 */
export function weightedVector(tokens: string[], vocabulary = new Vocabulary()): Vector {
  const ids: number[] = [];
  const counts: number[] = [];
  // slots[id]: 1 + the word's position in this vector while it is built.
  for (const token of tokens) {
    const id = vocabulary.idOfToken(token);
    if (id < 0) continue;
    const position = vocabulary.slots[id]!;
    if (position === 0) {
      ids.push(id);
      counts.push(1);
      vocabulary.slots[id] = ids.length;
    } else counts[position - 1]!++;
  }
  for (const id of ids) vocabulary.slots[id] = 0;
  const weights = new Float64Array(ids.length);
  let norm = 0;
  for (let index = 0; index < ids.length; index++) {
    const weight = (1 + Math.log(counts[index]!)) * vocabulary.rarities[ids[index]!]!;
    weights[index] = weight;
    norm += weight * weight;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let index = 0; index < weights.length; index++) weights[index] = weights[index]! / norm;
  return { vocabulary, ids, weights };
}

/** Cosine of two unit-length vectors: their dot product, walking the shorter one in word order. */
export function cosine(a: Vector, b: Vector): number {
  const small = a.ids.length <= b.ids.length ? a : b;
  const large = small === a ? b : a;
  const { vocabulary } = large;
  const slots = vocabulary.slots;
  for (let index = 0; index < large.ids.length; index++) slots[large.ids[index]!] = index + 1;
  const shared = small.vocabulary === vocabulary;
  let dot = 0;
  for (let index = 0; index < small.ids.length; index++) {
    // Vectors of different batches (ids do not correspond) look the word up by name.
    const id = shared ? small.ids[index]! : vocabulary.find(small.vocabulary.words[small.ids[index]!]!);
    const position = id === undefined ? 0 : slots[id]!;
    if (position !== 0) dot += small.weights[index]! * large.weights[position - 1]!;
  }
  for (const id of large.ids) slots[id] = 0;
  return dot;
}
