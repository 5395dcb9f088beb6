import type { ReviewFile } from '../task.js';

export type FileMatch = { file: ReviewFile; warning?: string } | { file?: undefined; warning: string };

/**
 * Maps the path a model reports to one of the task's files. Models echo paths in many shapes:
 * absolute inside their sandbox (`/repo/src/x.ts`), relative (`./src/x.ts`), bare basenames, or
 * wrapped in backticks. We match exactly, then by path suffix, then by unique basename.
 */
export function matchFile(reported: string | undefined, files: readonly ReviewFile[]): FileMatch {
  const only = files.length === 1 ? files[0] : undefined;
  const wanted = cleanPath(reported ?? '');
  if (!wanted) {
    if (only) return { file: only };
    return { warning: 'finding names no file and the task has several; dropped' };
  }

  const exact = files.find((file) => cleanPath(file.path) === wanted || cleanPath(file.absolutePath) === wanted);
  if (exact) return { file: exact };

  const bySuffix = files
    .map((file) => ({ file, shared: sharedSuffixSegments(cleanPath(file.path), wanted) }))
    .filter((entry) => entry.shared > 0)
    .sort((a, b) => b.shared - a.shared);
  const best = bySuffix[0];
  if (best && best.shared !== bySuffix[1]?.shared) return { file: best.file };

  if (only && mayMeanTheSameFile(wanted, cleanPath(only.path))) {
    return { file: only, warning: `finding names "${reported}", which is not in the task; assigned to ${only.path}` };
  }
  if (best) return { warning: `finding names "${reported}", which matches several task files; dropped` };
  return { warning: `finding names "${reported}", which is not in the task; dropped` };
}

/**
 * With one file in the task, a misspelt name (`rate_limiter.ts` for `rate-limiter.ts`) or a
 * placeholder (`file.ts`, `<file>`) still means that file; a different real name (`sum.ts` when
 * the task is `ratio.ts`, e.g. another chunk of a large diff) does not.
 */
function mayMeanTheSameFile(wanted: string, only: string): boolean {
  const stem = (path: string) => (path.split('/').pop() ?? '').replace(/\.[^.]*$/, '').toLowerCase().replace(/[^a-z0-9]/g, '');
  const a = stem(wanted);
  const b = stem(only);
  if (!a || ['file', 'code', 'source', 'input', 'snippet', 'main', 'unknown', 'na'].includes(a)) return true;
  return a === b || a.includes(b) || b.includes(a);
}

function cleanPath(path: string): string {
  return path
    .trim()
    .replace(/^[`'"*]+|[`'"*]+$/g, '')
    .replace(/^file:\/\//, '')
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/{2,}/g, '/');
}

/** How many trailing path segments agree (`/repo/src/x.ts` vs `src/x.ts` → 2). */
function sharedSuffixSegments(a: string, b: string): number {
  const left = a.split('/').reverse();
  const right = b.split('/').reverse();
  let shared = 0;
  while (shared < left.length && shared < right.length && left[shared] === right[shared] && left[shared] !== '..') shared++;
  return shared;
}
