/**
 * The labeled set for the routing benchmark, from the review corpus (../shared/corpus/review):
 * planted defects (truth.json) with their category, and which reviewer found each one
 * (labels.json), plus the extra claims each reviewer made that are not planted defects.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const CORPUS_MODELS = ['opus', 'codex', 'gemini'] as const;
export type CorpusModel = (typeof CORPUS_MODELS)[number];

/** Coarse defect classes: the corpus has 1–3 defects per fine category, too few to estimate from. */
export type DefectClass = 'security' | 'async' | 'logic';

export function classOf(category: string): DefectClass {
  if (category.startsWith('security:')) return 'security';
  if (['missing-await', 'unhandled-rejection', 'race-condition', 'swallowed-error', 'resource-leak'].includes(category)) return 'async';
  return 'logic';
}

export interface CorpusItem {
  id: string;
  category: string;
  cls: DefectClass;
  /** Which corpus reviewers reported it. */
  foundBy: CorpusModel[];
}

export interface CorpusCase {
  name: string;
  bytes: number;
  lines: number;
  items: CorpusItem[];
  /** Extra claims (not planted) per reviewer; `shared` ones were raised by two reviewers. */
  extras: Record<CorpusModel, { solo: number; shared: number }>;
}

interface Truth {
  case: string;
  issues: { id: string; category: string }[];
}
type Labels = Record<string, Partial<Record<CorpusModel, { label: string }[]>>>;

export async function loadCorpus(dir: string): Promise<CorpusCase[]> {
  const truth = JSON.parse(await readFile(path.join(dir, 'truth.json'), 'utf8')) as Truth[];
  const labels = JSON.parse(await readFile(path.join(dir, 'labels.json'), 'utf8')) as Labels;
  const cases: CorpusCase[] = [];
  for (const entry of truth) {
    const byModel = labels[entry.case] ?? {};
    const content = await readFile(path.join(dir, 'cases', entry.case));
    const extraCount = new Map<string, number>();
    for (const model of CORPUS_MODELS) for (const label of byModel[model] ?? []) if (label.label.startsWith('x-')) extraCount.set(label.label, (extraCount.get(label.label) ?? 0) + 1);
    const extras = Object.fromEntries(
      CORPUS_MODELS.map((model) => {
        const mine = (byModel[model] ?? []).filter((label) => label.label.startsWith('x-'));
        const shared = mine.filter((label) => (extraCount.get(label.label) ?? 0) > 1).length;
        return [model, { solo: mine.length - shared, shared }];
      }),
    ) as CorpusCase['extras'];
    cases.push({
      name: entry.case,
      bytes: content.length,
      lines: content.toString('utf8').split('\n').length,
      items: entry.issues.map((issue) => ({
        id: issue.id,
        category: issue.category,
        cls: classOf(issue.category),
        foundBy: CORPUS_MODELS.filter((model) => (byModel[model] ?? []).some((label) => label.label === issue.id)),
      })),
      extras,
    });
  }
  return cases;
}
