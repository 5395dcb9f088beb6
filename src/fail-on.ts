import { UsageError } from './errors.js';
import { SEVERITIES, SeveritySchema, type Severity } from './finding.js';
import { SPOT_STATUSES, type Spot, type SpotStatus } from './report/report-schema.js';

/**
 * `--fail-on` rules, comma-separated: `high` (any spot at least that severe, except refuted
 * ones), `contested` (any spot with that status), `confirmed>=high`, `*>=critical`.
 */
export interface FailRule {
  statuses: readonly SpotStatus[];
  minSeverity: Severity;
}

export interface FailPolicy {
  rules: FailRule[];
  /** As written, for the report. */
  text: string;
}

const NOT_REFUTED = SPOT_STATUSES.filter((status) => status !== 'refuted');
const GRAMMAR = `use a severity (${SEVERITIES.join(', ')}), a status (${SPOT_STATUSES.join(', ')}), or status>=severity, comma-separated, e.g. "agreed>=high,confirmed>=high,contested>=critical"`;

const isSeverity = (word: string): word is Severity => SeveritySchema.safeParse(word).success;
const isStatus = (word: string): word is SpotStatus => (SPOT_STATUSES as readonly string[]).includes(word);

function parseRule(rule: string, flag: string): FailRule {
  const [left, right, ...rest] = rule.split('>=').map((part) => part.trim().toLowerCase());
  if (right === undefined) {
    if (isSeverity(left!)) return { statuses: NOT_REFUTED, minSeverity: left };
    if (isStatus(left!)) return { statuses: [left], minSeverity: 'info' };
  } else if (rest.length === 0 && isSeverity(right) && (left === '*' || isStatus(left!))) {
    return { statuses: left === '*' ? SPOT_STATUSES : [left as SpotStatus], minSeverity: right };
  }
  throw new UsageError(`${flag}: cannot read "${rule}": ${GRAMMAR}.`);
}

export function parseFailOn(value: string, flag = '--fail-on'): FailPolicy {
  const rules = value.split(',').map((rule) => rule.trim()).filter(Boolean);
  if (rules.length === 0) throw new UsageError(`${flag}: empty: ${GRAMMAR}.`);
  return { rules: rules.map((rule) => parseRule(rule, flag)), text: value };
}

export function isValidFailOn(value: string): boolean {
  try {
    parseFailOn(value);
    return true;
  } catch {
    return false;
  }
}

export function blockingSpots(spots: Spot[], policy: FailPolicy | undefined): Spot[] {
  if (!policy) return [];
  return spots.filter((spot) =>
    policy.rules.some((rule) => rule.statuses.includes(spot.status) && SEVERITIES.indexOf(spot.severity) <= SEVERITIES.indexOf(rule.minSeverity)),
  );
}
