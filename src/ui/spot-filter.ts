import { SEVERITIES, type Severity } from '../finding.js';
import { SPOT_STATUSES, type Spot, type SpotStatus } from '../report/report-schema.js';

/** What the list shows: every field narrows; `severity` means "at least this severe". */
export interface SpotFilter {
  status?: SpotStatus;
  severity?: Severity;
  file?: string;
  text: string;
}

export const NO_FILTER: SpotFilter = { text: '' };

/** Most attention first; ties by severity, then place in the file, so the order is stable. */
export function rankSpots(spots: readonly Spot[]): Spot[] {
  return [...spots].sort(
    (a, b) =>
      b.attention - a.attention ||
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      a.file.localeCompare(b.file) ||
      a.startLine - b.startLine ||
      a.id.localeCompare(b.id),
  );
}

function matchesText(spot: Spot, text: string): boolean {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [spot.title, spot.file, spot.status, spot.severity, spot.category, spot.kind ?? '', ...spot.findings.map((finding) => `${finding.title} ${finding.detail}`)]
    .join(' ')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}

export function applyFilter(spots: readonly Spot[], filter: SpotFilter): Spot[] {
  return spots.filter(
    (spot) =>
      (!filter.status || spot.status === filter.status) &&
      (!filter.severity || SEVERITIES.indexOf(spot.severity) <= SEVERITIES.indexOf(filter.severity)) &&
      (!filter.file || spot.file === filter.file) &&
      matchesText(spot, filter.text),
  );
}

/** Steps through `values` and back to "all" (undefined). */
export function cycle<T>(values: readonly T[], current: T | undefined): T | undefined {
  if (current === undefined) return values[0];
  const index = values.indexOf(current);
  return index < 0 || index === values.length - 1 ? undefined : values[index + 1];
}

/** Statuses present in the run, in the schema's order, so cycling never lands on an empty list. */
export function statusesOf(spots: readonly Spot[]): SpotStatus[] {
  return SPOT_STATUSES.filter((status) => spots.some((spot) => spot.status === status));
}

export function filesOf(spots: readonly Spot[]): string[] {
  return [...new Set(spots.map((spot) => spot.file))].sort();
}

/**
 * The `/` prompt: free words, plus `status:solo`, `severity:high` (or `sev:`), `file:auth.ts`
 * (a path or its ending). Unknown values are kept as words, so a typo shows an empty list, not an error.
 */
export function parseFilterQuery(query: string, files: readonly string[]): SpotFilter {
  const filter: SpotFilter = { text: '' };
  const words: string[] = [];
  for (const token of query.trim().split(/\s+/).filter(Boolean)) {
    const [key, ...rest] = token.split(':');
    const value = rest.join(':');
    if (key === 'status' && (SPOT_STATUSES as readonly string[]).includes(value)) filter.status = value as SpotStatus;
    else if ((key === 'severity' || key === 'sev') && (SEVERITIES as readonly string[]).includes(value)) filter.severity = value as Severity;
    else if (key === 'file' && value) filter.file = files.find((file) => file === value || file.endsWith(`/${value}`)) ?? value;
    else words.push(token);
  }
  filter.text = words.join(' ');
  return filter;
}

export function describeFilter(filter: SpotFilter): string {
  const parts = [
    filter.status ? `status:${filter.status}` : '',
    filter.severity ? `severity>=${filter.severity}` : '',
    filter.file ? `file:${filter.file}` : '',
    filter.text ? `"${filter.text}"` : '',
  ].filter(Boolean);
  return parts.join(' ');
}
