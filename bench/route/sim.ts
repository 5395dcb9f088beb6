/**
 * Replay simulation of routing policies over the labeled corpus (routing-cost.md §9). Seeded and
 * deterministic; every draw for a task is made once and shared by all policies (paired comparison).
 */
import { CORPUS_MODELS, type CorpusCase, type CorpusModel, type DefectClass } from './corpus.js';

// ---------------------------------------------------------------- randomness

/** mulberry32: small, fast, good enough for a simulation; same seed → same stream. */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function poisson(random: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random();
  while (product > limit) {
    count++;
    product *= random();
  }
  return count;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf; error < 1.5e-7). */
export function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Wilson score interval, 95%. */
export function wilson(successes: number, total: number): { low: number; high: number } {
  if (total === 0) return { low: 0, high: 1 };
  const z = 1.959964;
  const p = successes / total;
  const denominator = 1 + (z * z) / total;
  const centre = (p + (z * z) / (2 * total)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total))) / denominator;
  return { low: centre - half, high: centre + half };
}

// ---------------------------------------------------------------- models

export interface SimModel {
  id: string;
  family: string;
  tier: 'cheap' | 'frontier';
  /** USD per million tokens (routing-cost.md §3.2). */
  price: { input: number; output: number };
  /** Tokenizer factor vs o200k (§3.2, §7). */
  tokenFactor: number;
  /** Output length relative to a cheap model's review (frontier models write ~2×, §9.4). */
  outputFactor: number;
  recall: Record<DefectClass, number>;
  /** Wrong findings per review task. */
  falsePositives: number;
  derivedFrom: string;
}

export const ASSUMPTIONS = {
  /** Prior for per-class recall shrinkage: the frontier skill of routing-cost.md §9.4 (0.80), worth 4 pseudo-items. */
  recallPrior: 0.8,
  recallPriorWeight: 4,
  /** Cheap / frontier recall: §9.4's two scenarios put cheap skill at .55 and .70 against .80 (0.69 and 0.875); midpoint. */
  cheapRecallScale: 0.78,
  /** Wrong findings per task: prior 0.5, worth 5 cases; only extras raised by one reviewer count as wrong. */
  falsePositivePrior: 0.5,
  falsePositivePriorWeight: 5,
  /** Cheap models make more unfounded claims than frontier ones. */
  cheapFalsePositiveScale: 1.5,
  /** Share of an item's detection latent that is its difficulty, common to all models (misses correlate). */
  difficultyShare: 0.5,
  /** The frontier judging a pointed-at real defect misses half as often as when finding it alone. */
  adjudicationMissFactor: 0.5,
  /** The frontier confirms a disputed wrong finding this often. */
  adjudicationFalseConfirm: 0.1,
  /** Review output tokens: log-normal, median 1,500 (§9.2), σ 0.4. */
  outputMedianTokens: 1500,
  outputSigma: 0.4,
  /** Prompt overhead and line numbers, as xcheck's own estimate (src/route/profile.ts). */
  promptOverheadTokens: 1200,
  charsPerToken: 3.5,
  lineNumberChars: 7,
  /** An escalation call carries the code plus each disputed item and both rationales; answers are short. */
  escalationTokensPerItem: { input: 250, output: 200 },
} as const;

type Assumptions = typeof ASSUMPTIONS;

export function shrink(hits: number, total: number, prior: number, weight: number): number {
  return (hits + weight * prior) / (total + weight);
}

/** Per-class recall of a corpus reviewer, shrunk toward the prior (the corpus has 6–9 items per class). */
export function corpusRecall(cases: CorpusCase[], model: CorpusModel, a: Assumptions = ASSUMPTIONS): Record<DefectClass, number> {
  const classes: DefectClass[] = ['security', 'async', 'logic'];
  return Object.fromEntries(
    classes.map((cls) => {
      const items = cases.flatMap((entry) => entry.items).filter((item) => item.cls === cls);
      const hits = items.filter((item) => item.foundBy.includes(model)).length;
      return [cls, shrink(hits, items.length, a.recallPrior, a.recallPriorWeight)];
    }),
  ) as Record<DefectClass, number>;
}

export function corpusFalsePositives(cases: CorpusCase[], model: CorpusModel, a: Assumptions = ASSUMPTIONS): number {
  const solo = cases.reduce((sum, entry) => sum + entry.extras[model].solo, 0);
  return shrink(solo, cases.length, a.falsePositivePrior, a.falsePositivePriorWeight);
}

const scaled = (recall: Record<DefectClass, number>, factor: number): Record<DefectClass, number> =>
  ({ security: recall.security * factor, async: recall.async * factor, logic: recall.logic * factor });

/** Frontier: Opus 5.5 from opus's labels. Cheap pair: Haiku 5.5 (anthropic, from opus) and GPT-6 Luna (openai, from codex), scaled down. */
export function deriveModels(cases: CorpusCase[], a: Assumptions = ASSUMPTIONS): { frontier: SimModel; cheapA: SimModel; cheapB: SimModel } {
  const opus = corpusRecall(cases, 'opus', a);
  const codex = corpusRecall(cases, 'codex', a);
  return {
    frontier: { id: 'opus-5.5', family: 'anthropic', tier: 'frontier', price: { input: 4, output: 20 }, tokenFactor: 1.3, outputFactor: 2, recall: opus, falsePositives: corpusFalsePositives(cases, 'opus', a), derivedFrom: 'opus labels' },
    cheapA: {
      id: 'haiku-5.5', family: 'anthropic', tier: 'cheap', price: { input: 0.1, output: 0.5 }, tokenFactor: 1.3, outputFactor: 1,
      recall: scaled(opus, a.cheapRecallScale), falsePositives: corpusFalsePositives(cases, 'opus', a) * a.cheapFalsePositiveScale, derivedFrom: `opus labels × ${a.cheapRecallScale}`,
    },
    cheapB: {
      id: 'gpt-6-luna', family: 'openai', tier: 'cheap', price: { input: 0.1, output: 0.5 }, tokenFactor: 1, outputFactor: 1,
      recall: scaled(codex, a.cheapRecallScale), falsePositives: corpusFalsePositives(cases, 'codex', a) * a.cheapFalsePositiveScale, derivedFrom: `codex labels × ${a.cheapRecallScale}`,
    },
  };
}

// ---------------------------------------------------------------- tasks

interface ModelDraw {
  /** Per planted item: found? */
  found: boolean[];
  /** Wrong findings: ids; an id shared by two models is the same wrong claim. */
  wrong: string[];
  inputTokens: number;
  outputTokens: number;
  cost: number;
}

interface TaskDraw {
  items: { cls: DefectClass; frontierLatent: number }[];
  models: Record<'frontier' | 'cheapA' | 'cheapB', ModelDraw>;
  /** Uniform draw for the random-escalation policy. */
  coin: number;
  /** Frontier adjudication of wrong claims: one uniform per possible claim id. */
  falseConfirm: (id: string) => boolean;
  baseTokens: number;
}

function callCost(model: SimModel, input: number, output: number): number {
  return (input * model.price.input + output * model.price.output) / 1e6;
}

function drawTask(entry: CorpusCase, models: ReturnType<typeof deriveModels>, rho: number, random: () => number, a: Assumptions, index: number): TaskDraw {
  const share = Math.sqrt(a.difficultyShare);
  const own = Math.sqrt(1 - a.difficultyShare);
  const difficulty = entry.items.map(() => normal(random));
  const baseTokens = (entry.bytes + entry.lines * a.lineNumberChars) / a.charsPerToken + a.promptOverheadTokens;
  const latents = { frontier: difficulty.map((z) => share * z + own * normal(random)), cheapA: difficulty.map((z) => share * z + own * normal(random)), cheapB: difficulty.map((z) => share * z + own * normal(random)) };
  const modelDraw = (key: 'frontier' | 'cheapA' | 'cheapB', wrong: string[]): ModelDraw => {
    const model = models[key];
    const input = Math.ceil(baseTokens * model.tokenFactor);
    const output = Math.ceil(a.outputMedianTokens * model.outputFactor * Math.exp(a.outputSigma * normal(random)));
    return {
      found: entry.items.map((item, i) => phi(latents[key][i]!) < model.recall[item.cls]),
      wrong,
      inputTokens: input,
      outputTokens: output,
      cost: callCost(model, input, output),
    };
  };
  // Wrong claims: each model's count is its own (marginals do not depend on ρ). When both err, each
  // of B's wrong claims is, with probability ρ, the same claim as one of A's not yet matched.
  const wrongA = Array.from({ length: poisson(random, models.cheapA.falsePositives) }, (_, i) => `t${index}-a${i}`);
  const unmatched = [...wrongA];
  const wrongB = Array.from({ length: poisson(random, models.cheapB.falsePositives) }, (_, i) => (unmatched.length > 0 && random() < rho ? unmatched.shift()! : `t${index}-b${i}`));
  const wrongF = Array.from({ length: poisson(random, models.frontier.falsePositives) }, (_, i) => `t${index}-f${i}`);
  const confirms = new Map<string, boolean>();
  const confirmDraws = [...wrongA, ...wrongB].map((id) => [id, random() < a.adjudicationFalseConfirm] as const);
  for (const [id, value] of confirmDraws) if (!confirms.has(id)) confirms.set(id, value);
  return {
    items: entry.items.map((item, i) => ({ cls: item.cls, frontierLatent: latents.frontier[i]! })),
    models: { frontier: modelDraw('frontier', wrongF), cheapA: modelDraw('cheapA', wrongA), cheapB: modelDraw('cheapB', wrongB) },
    coin: random(),
    falseConfirm: (id) => confirms.get(id) ?? false,
    baseTokens,
  };
}

// ---------------------------------------------------------------- policies

export const POLICY_NAMES = ['always-frontier', 'always-cheapest', 'cross-check→frontier', 'random escalation', 'oracle'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

interface TaskResult {
  accepted: number;
  wrongAccepted: number;
  /** Wrong findings accepted because both cheap models made the same claim. */
  agreedWrong: number;
  cost: number;
  escalated: boolean;
}

export interface PolicyRow {
  policy: PolicyName;
  found: number;
  total: number;
  recall: number;
  recallLow: number;
  recallHigh: number;
  falseAcceptsPerTask: number;
  agreedFalseAcceptsPerTask: number;
  costPerTask: number;
  relativeCost: number;
  escalationRate: number;
}

export interface SimResult {
  rho: number;
  tasks: number;
  rows: PolicyRow[];
}

export interface SimOptions {
  seed: number;
  rho: number;
  /** Each corpus case is replayed this many times with fresh draws. */
  replicates: number;
  assumptions?: Assumptions;
}

export function simulate(cases: CorpusCase[], options: SimOptions): SimResult {
  const a = options.assumptions ?? ASSUMPTIONS;
  const models = deriveModels(cases, a);
  const random = rng(options.seed);
  const tasks: TaskDraw[] = [];
  for (let r = 0; r < options.replicates; r++) for (const entry of cases) tasks.push(drawTask(entry, models, options.rho, random, a, tasks.length));

  const confirmReal = (task: TaskDraw, i: number) => {
    const item = task.items[i]!;
    const miss = (1 - models.frontier.recall[item.cls]) * a.adjudicationMissFactor;
    return phi(item.frontierLatent) < 1 - miss;
  };
  const escalationCost = (task: TaskDraw, items: number) =>
    callCost(models.frontier, Math.ceil(task.baseTokens * models.frontier.tokenFactor) + items * a.escalationTokensPerItem.input, items * a.escalationTokensPerItem.output);
  const single = (draw: ModelDraw): TaskResult => ({ accepted: draw.found.filter(Boolean).length, wrongAccepted: draw.wrong.length, agreedWrong: 0, cost: draw.cost, escalated: false });

  // The cheaper single model, by its expected cost over the set.
  const meanCost = (key: 'cheapA' | 'cheapB') => tasks.reduce((sum, task) => sum + task.models[key].cost, 0);
  const cheapest: 'cheapA' | 'cheapB' = meanCost('cheapA') <= meanCost('cheapB') ? 'cheapA' : 'cheapB';

  const crossCheck = (task: TaskDraw): TaskResult => {
    const { cheapA: A, cheapB: B } = task.models;
    let accepted = 0;
    const disputedReal: number[] = [];
    A.found.forEach((found, i) => {
      if (found && B.found[i]) accepted++;
      else if (found || B.found[i]) disputedReal.push(i);
    });
    const inB = new Set(B.wrong);
    const agreedWrong = A.wrong.filter((id) => inB.has(id)).length;
    const disputedWrong = [...A.wrong.filter((id) => !inB.has(id)), ...B.wrong.filter((id) => !A.wrong.includes(id))];
    const disputed = disputedReal.length + disputedWrong.length;
    const cost = A.cost + B.cost + (disputed > 0 ? escalationCost(task, disputed) : 0);
    accepted += disputedReal.filter((i) => confirmReal(task, i)).length;
    const wrongAccepted = agreedWrong + disputedWrong.filter((id) => task.falseConfirm(id)).length;
    return { accepted, wrongAccepted, agreedWrong, cost, escalated: disputed > 0 };
  };
  const crossResults = tasks.map(crossCheck);
  const escalatedCount = crossResults.filter((result) => result.escalated).length;
  // Exactly as many tasks as cross-check escalated, picked at random (lowest coins).
  const randomPick = new Set([...tasks].sort((x, y) => x.coin - y.coin).slice(0, escalatedCount));

  // Same spend on the pair, same share of tasks escalated, but chosen at random: the frontier judges
  // everything either cheap model said; otherwise the primary's answer stands as it is.
  const randomEscalation = (task: TaskDraw): TaskResult => {
    const { cheapA: A, cheapB: B } = task.models;
    if (!randomPick.has(task)) return { ...single(A), cost: A.cost + B.cost };
    const union = A.found.map((found, i) => found || B.found[i]!);
    const claims = [...new Set([...A.wrong, ...B.wrong])];
    const items = union.filter(Boolean).length + claims.length;
    return {
      accepted: union.filter((found, i) => found && confirmReal(task, i)).length,
      wrongAccepted: claims.filter((id) => task.falseConfirm(id)).length,
      agreedWrong: 0,
      cost: A.cost + B.cost + escalationCost(task, items),
      escalated: true,
    };
  };

  // Knows the truth: the cheapest single model that finds the most of what any model finds; its
  // wrong claims are dropped for free. An upper bound, not a policy.
  const oracle = (task: TaskDraw): TaskResult => {
    const draws = [task.models.cheapA, task.models.cheapB, task.models.frontier];
    const best = Math.max(...draws.map((draw) => draw.found.filter(Boolean).length));
    const pick = draws.filter((draw) => draw.found.filter(Boolean).length === best).sort((x, y) => x.cost - y.cost)[0]!;
    return { accepted: best, wrongAccepted: 0, agreedWrong: 0, cost: pick.cost, escalated: false };
  };

  const results: Record<PolicyName, TaskResult[]> = {
    'always-frontier': tasks.map((task) => single(task.models.frontier)),
    'always-cheapest': tasks.map((task) => single(task.models[cheapest])),
    'cross-check→frontier': crossResults,
    'random escalation': tasks.map(randomEscalation),
    oracle: tasks.map(oracle),
  };
  const total = tasks.reduce((sum, task) => sum + task.items.length, 0);
  const frontierCost = results['always-frontier'].reduce((sum, result) => sum + result.cost, 0) / tasks.length;
  const rows = POLICY_NAMES.map((policy): PolicyRow => {
    const list = results[policy];
    const found = list.reduce((sum, result) => sum + result.accepted, 0);
    const interval = wilson(found, total);
    const costPerTask = list.reduce((sum, result) => sum + result.cost, 0) / tasks.length;
    return {
      policy,
      found,
      total,
      recall: found / total,
      recallLow: interval.low,
      recallHigh: interval.high,
      falseAcceptsPerTask: list.reduce((sum, result) => sum + result.wrongAccepted, 0) / tasks.length,
      agreedFalseAcceptsPerTask: list.reduce((sum, result) => sum + result.agreedWrong, 0) / tasks.length,
      costPerTask,
      relativeCost: costPerTask / frontierCost,
      escalationRate: list.filter((result) => result.escalated).length / tasks.length,
    };
  });
  return { rho: options.rho, tasks: tasks.length, rows };
}

export { CORPUS_MODELS };
