import { SEVERITIES, SeveritySchema, type Severity } from './finding.js';
import { UsageError } from './errors.js';
import type { Spot } from './report/report-schema.js';

/** `--fail-on high` blocks on any spot of severity high or worse, whatever the agents' agreement. */
export function parseFailOn(value: string): Severity {
  const parsed = SeveritySchema.safeParse(value.trim().toLowerCase());
  if (!parsed.success) throw new UsageError(`--fail-on: expected one of ${SEVERITIES.join(', ')}, got "${value}".`);
  return parsed.data;
}

export function blockingSpots(spots: Spot[], failOn: Severity | undefined): Spot[] {
  if (failOn === undefined) return [];
  const limit = SEVERITIES.indexOf(failOn);
  return spots.filter((spot) => SEVERITIES.indexOf(spot.severity) <= limit);
}
