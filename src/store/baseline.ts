import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import type { Spot } from '../report/report-schema.js';
import { writeFileAtomic } from './atomic-write.js';

/** Where a project keeps the spots it has looked at and decided to live with; meant for git. */
export const BASELINE_PATH = path.join('.xcheck', 'baseline.json');

// Strict: the file is edited by hand, and a misspelt field should be an error, not silently lost
// on the next `addToBaseline` rewrite.
const DismissedSchema = z
  .object({
    fingerprint: z.string().min(1).describe('The spot id: a content fingerprint, stable when lines move'),
    file: z.string(),
    title: z.string(),
    reason: z.string().optional(),
    addedAt: z.string(),
  })
  .strict();

export const BaselineSchema = z
  .object({
    version: z.literal(1),
    dismissed: z.array(DismissedSchema),
  })
  .strict();

export type Baseline = z.infer<typeof BaselineSchema>;
export type DismissedSpot = z.infer<typeof DismissedSchema>;

export const emptyBaseline = (): Baseline => ({ version: 1, dismissed: [] });

export function baselineFile(cwd: string): string {
  return path.join(cwd, BASELINE_PATH);
}

/** The baseline of the project at `cwd`; no file means nothing is dismissed. */
export async function loadBaseline(cwd: string): Promise<Baseline> {
  const file = baselineFile(cwd);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyBaseline();
    throw new ConfigError(`${file}: cannot read the baseline: ${(error as Error).message}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: the baseline is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = BaselineSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ConfigError(`${file}: invalid baseline: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Splits spots into those still reported and those the baseline dismisses (by `spot.id`). */
export function applyBaseline(spots: Spot[], baseline: Baseline): { spots: Spot[]; suppressed: Spot[] } {
  const dismissed = new Set(baseline.dismissed.map((entry) => entry.fingerprint));
  const kept: Spot[] = [];
  const suppressed: Spot[] = [];
  for (const spot of spots) (dismissed.has(spot.id) ? suppressed : kept).push(spot);
  return { spots: kept, suppressed };
}

/**
 * The file's text: entries sorted by fingerprint, one per fingerprint, keys in a fixed order,
 * 2-space JSON with a final newline. Equal baselines give equal bytes, so git diffs show only
 * real additions and removals.
 */
export function renderBaseline(baseline: Baseline): string {
  const byFingerprint = new Map<string, DismissedSpot>();
  for (const entry of baseline.dismissed) if (!byFingerprint.has(entry.fingerprint)) byFingerprint.set(entry.fingerprint, entry);
  const dismissed = [...byFingerprint.values()]
    .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0))
    .map(({ fingerprint, file, title, reason, addedAt }) => ({ fingerprint, file, title, ...(reason !== undefined ? { reason } : {}), addedAt }));
  return `${JSON.stringify({ version: 1, dismissed }, null, 2)}\n`;
}

/**
 * Dismisses `spots` in the baseline of the project at `cwd` and returns the new baseline. Spots
 * already there keep their entry (first reason and date win). Not safe against two concurrent
 * `addToBaseline` calls (one addition could be lost); it is a human action, not a CI step.
 */
export async function addToBaseline(cwd: string, spots: Spot[], reason?: string, now: Date = new Date()): Promise<Baseline> {
  const current = await loadBaseline(cwd);
  const addedAt = now.toISOString();
  const additions = spots.map((spot) => ({ fingerprint: spot.id, file: spot.file, title: spot.title, ...(reason !== undefined ? { reason } : {}), addedAt }));
  const text = renderBaseline({ version: 1, dismissed: [...current.dismissed, ...additions] });
  const file = baselineFile(cwd);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, text);
  return BaselineSchema.parse(JSON.parse(text));
}

/** Takes `fingerprints` out of the baseline at `cwd` (an undone dismissal); returns the new baseline. */
export async function removeFromBaseline(cwd: string, fingerprints: string[]): Promise<Baseline> {
  const current = await loadBaseline(cwd);
  const gone = new Set(fingerprints);
  const kept = current.dismissed.filter((entry) => !gone.has(entry.fingerprint));
  if (kept.length === current.dismissed.length) return current;
  const text = renderBaseline({ version: 1, dismissed: kept });
  await writeFileAtomic(baselineFile(cwd), text);
  return BaselineSchema.parse(JSON.parse(text));
}
