/**
 * What a reviewer decided about spots, by fingerprint (spot id). A dismissal is a fact later runs
 * and CI must honour, so it lives in the one store they already read: `.xcheck/baseline.json`
 * (with the reason). Everything else the session remembers — accepts for now — is kept in
 * `.xcheck/decisions.json`. Both are written atomically; writes of one store go one at a time.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import type { Spot } from '../report/report-schema.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { addToBaseline, loadBaseline, removeFromBaseline } from '../store/baseline.js';

export const DECISIONS_PATH = path.join('.xcheck', 'decisions.json');

const AcceptedSchema = z
  .object({
    fingerprint: z.string().min(1),
    file: z.string(),
    title: z.string(),
    reason: z.string().optional(),
    decidedAt: z.string(),
  })
  .strict();

export const DecisionsFileSchema = z
  .object({
    version: z.literal(1),
    accepted: z.array(AcceptedSchema),
  })
  .strict();
export type DecisionsFile = z.infer<typeof DecisionsFileSchema>;

export type DecisionAction = 'accept' | 'dismiss' | 'undo';

/** One spot's decision as the UI shows it. */
export interface Decision {
  spotId: string;
  decision: 'accepted' | 'dismissed';
  reason?: string;
  /** ISO time of the decision. */
  decidedAt: string;
}

export function decisionsFile(root: string): string {
  return path.join(root, DECISIONS_PATH);
}

/** The decisions file of the project at `root`; none means nothing accepted yet. */
export async function loadDecisionsFile(root: string): Promise<DecisionsFile> {
  const file = decisionsFile(root);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, accepted: [] };
    throw new ConfigError(`${file}: cannot read the decisions: ${(error as Error).message}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: the decisions file is not valid JSON (${(error as Error).message}); fix it or delete it to start over.`, { cause: error });
  }
  const parsed = DecisionsFileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ConfigError(`${file}: invalid decisions file: ${problems.join('; ')}; fix it or delete it to start over.`);
  }
  return parsed.data;
}

/** Sorted, one entry per fingerprint, fixed key order: equal contents give equal bytes (git-friendly). */
export function renderDecisionsFile(decisions: DecisionsFile): string {
  const byFingerprint = new Map(decisions.accepted.map((entry) => [entry.fingerprint, entry]));
  const accepted = [...byFingerprint.values()]
    .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0))
    .map(({ fingerprint, file, title, reason, decidedAt }) => ({ fingerprint, file, title, ...(reason !== undefined ? { reason } : {}), decidedAt }));
  return `${JSON.stringify({ version: 1, accepted }, null, 2)}\n`;
}

async function writeDecisionsFile(root: string, decisions: DecisionsFile): Promise<void> {
  const file = decisionsFile(root);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, renderDecisionsFile(decisions));
}

/** Every decision recorded for the project at `root`, by spot id. */
export async function loadDecisions(root: string): Promise<Map<string, Decision>> {
  const [baseline, decisions] = await Promise.all([loadBaseline(root), loadDecisionsFile(root)]);
  const map = new Map<string, Decision>();
  for (const entry of decisions.accepted) {
    map.set(entry.fingerprint, { spotId: entry.fingerprint, decision: 'accepted', ...(entry.reason !== undefined ? { reason: entry.reason } : {}), decidedAt: entry.decidedAt });
  }
  // A dismissal wins: it is what later runs act on.
  for (const entry of baseline.dismissed) {
    map.set(entry.fingerprint, { spotId: entry.fingerprint, decision: 'dismissed', ...(entry.reason !== undefined ? { reason: entry.reason } : {}), decidedAt: entry.addedAt });
  }
  return map;
}

export interface DecisionStore {
  readonly root: string;
  /** Records the decision and returns what the spot's decision now is (undefined after undo). */
  decide(spot: Spot, action: DecisionAction, reason?: string): Promise<Decision | undefined>;
}

/**
 * The decisions of the project at `root`. Each write re-reads the files first, so entries written
 * meanwhile by another process survive, and writes from this process are queued so two quick
 * decisions cannot lose one another.
 */
export function decisionStore(root: string, now: () => Date = () => new Date()): DecisionStore {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => {});
    return next;
  };
  const setAccepted = async (spot: Spot, accepted: boolean, reason: string | undefined, at: string): Promise<void> => {
    const current = await loadDecisionsFile(root);
    const others = current.accepted.filter((entry) => entry.fingerprint !== spot.id);
    if (!accepted && others.length === current.accepted.length) return;
    const entry = { fingerprint: spot.id, file: spot.file, title: spot.title, ...(reason !== undefined ? { reason } : {}), decidedAt: at };
    await writeDecisionsFile(root, { version: 1, accepted: accepted ? [...others, entry] : others });
  };
  return {
    root,
    decide: (spot, action, reason) =>
      serial(async () => {
        const at = now().toISOString();
        const trimmed = reason?.trim() ? reason.trim() : undefined;
        if (action === 'undo') {
          await removeFromBaseline(root, [spot.id]);
          await setAccepted(spot, false, undefined, at);
          return undefined;
        }
        if (action === 'dismiss') {
          // Re-deciding replaces the earlier reason: take the old entry out first.
          await removeFromBaseline(root, [spot.id]);
          await addToBaseline(root, [spot], trimmed, now());
          await setAccepted(spot, false, undefined, at);
          return { spotId: spot.id, decision: 'dismissed', ...(trimmed !== undefined ? { reason: trimmed } : {}), decidedAt: at };
        }
        await removeFromBaseline(root, [spot.id]);
        await setAccepted(spot, true, trimmed, at);
        return { spotId: spot.id, decision: 'accepted', ...(trimmed !== undefined ? { reason: trimmed } : {}), decidedAt: at };
      }),
  };
}
