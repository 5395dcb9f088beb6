/**
 * `npm run bench:route`: replay simulation of routing policies over the labeled review corpus
 * (routing-cost.md §9). Seeded and deterministic; no network, no model. Usage:
 *   node --import tsx bench/route/run.ts [corpus dir] [--seed N] [--replicates N]
 * Assumptions: bench/route/README.md (and printed below).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCorpus } from './corpus.js';
import { ASSUMPTIONS, deriveModels, simulate, type SimResult } from './sim.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values, positionals } = parseArgs({ options: { seed: { type: 'string' }, replicates: { type: 'string' } }, allowPositionals: true });
const corpusDir = path.resolve(root, positionals[0] ?? '../shared/corpus/review');
const seed = Number(values.seed ?? 20261129);
const replicates = Number(values.replicates ?? 400);
const RHOS = [0, 0.3, 0.6, 1];

const cases = await loadCorpus(corpusDir);
const models = deriveModels(cases);
const items = cases.reduce((sum, entry) => sum + entry.items.length, 0);
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

console.log(`corpus: ${corpusDir}: ${cases.length} cases, ${items} planted defects; seed ${seed}, ${replicates} replicates per case (${cases.length * replicates} tasks per ρ)\n`);
console.log('Simulated models (recall per class: security / async / logic; wrong findings per task; price in/out per 1M tokens):');
for (const model of Object.values(models)) {
  const r = model.recall;
  console.log(`  ${model.id.padEnd(11)} ${model.family.padEnd(10)} ${model.tier.padEnd(9)} recall ${r.security.toFixed(2)} / ${r.async.toFixed(2)} / ${r.logic.toFixed(2)}  wrong/task ${model.falsePositives.toFixed(2)}  $${model.price.input}/$${model.price.output}  (${model.derivedFrom})`);
}
console.log('\nAssumptions:');
for (const [key, value] of Object.entries(ASSUMPTIONS)) console.log(`  ${key}: ${JSON.stringify(value)}`);
console.log('  Policies: always-frontier = opus alone; always-cheapest = the cheaper cheap model alone;');
console.log('  cross-check→frontier = both cheap models, agreed findings accepted, disputed ones (found by one only) judged by opus;');
console.log('  random escalation = both cheap models, the same share of tasks sent to opus at random (opus judges everything either said), else the primary\'s answer;');
console.log('  oracle = per task the cheapest model that finds the most, wrong claims dropped (upper bound).');
console.log('  ρ = when both cheap models make wrong claims, the probability that a claim of the second is the same as one of the first (a correlated false positive).\n');

function table(result: SimResult): string {
  const header = `${'policy'.padEnd(22)} ${'recall [95% CI]'.padEnd(24)} ${'false acc/task'.padStart(14)} ${'by agreement'.padStart(12)} ${'$/task'.padStart(9)} ${'vs frontier'.padStart(11)} ${'escalated'.padStart(9)}`;
  const lines = [`ρ = ${result.rho} (${result.tasks} tasks)`, header, '-'.repeat(header.length)];
  for (const row of result.rows) {
    lines.push(
      `${row.policy.padEnd(22)} ${`${pct(row.recall)} [${pct(row.recallLow)}, ${pct(row.recallHigh)}]`.padEnd(24)} ${row.falseAcceptsPerTask.toFixed(3).padStart(14)} ${row.agreedFalseAcceptsPerTask.toFixed(3).padStart(12)} ${row.costPerTask.toFixed(4).padStart(9)} ${pct(row.relativeCost).padStart(11)} ${pct(row.escalationRate).padStart(9)}`,
    );
  }
  return lines.join('\n');
}

const start = performance.now();
for (const rho of RHOS) console.log(`${table(simulate(cases, { seed, rho, replicates }))}\n`);
console.log(`(simulated in ${((performance.now() - start) / 1000).toFixed(1)} s)`);
