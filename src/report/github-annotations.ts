import { randomBytes } from 'node:crypto';
import { SEVERITIES } from '../finding.js';
import { redactSecrets } from './redact.js';
import type { Report, Spot } from './report-schema.js';
import { repoPath } from './repo-path.js';
import { spotRuleId } from './sarif.js';
import { oneLine } from './sanitize.js';
import { blocking, byAttention, effectiveSeverity, outcome, spotLines, statusClass } from './spot-facts.js';
import { renderText } from './text.js';

export interface AnnotationOptions {
  /** GitHub shows 10 error, 10 warning and 10 notice annotations per step (ci-conventions.md §2.2). */
  maxPerLevel?: number;
  /** And 50 per job in total. The closing notice counts too: GitHub would drop it silently. */
  maxTotal?: number;
  /** The `::stop-commands::` token; random per call unless given (tests). */
  token?: string;
  /** Repository root, to make absolute spot paths relative. */
  root?: string;
  /** Append the full text report inside a log group with commands disabled (default true). */
  log?: boolean;
}

type Level = 'error' | 'warning' | 'notice';

/** actions/toolkit `escapeData` (§2.2): the message may span lines once escaped. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** actions/toolkit `escapeProperty` (§2.2): `:` and `,` would end the value or the property list. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Values are already sanitized (spotLines, repoPath); redaction runs last, right before escaping. */
const clean = (text: string): string => redactSecrets(text);

function levelOf(spot: Spot): Level {
  const severity = effectiveSeverity(spot);
  return severity === 'critical' || severity === 'high' ? 'error' : severity === 'medium' ? 'warning' : 'notice';
}

function command(level: Level, properties: Record<string, string | number>, message: string): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(clean(String(value)))}`)
    .join(',');
  return `::${level}${props ? ` ${props}` : ''}::${escapeData(clean(message))}`;
}

function annotation(spot: Spot, root: string | undefined): string {
  const [title = '', who = '', ...rest] = spotLines(spot);
  const path = repoPath(spot.file, root);
  const startLine = Math.max(1, spot.startLine);
  return command(
    levelOf(spot),
    { file: path.path, line: startLine, endLine: Math.max(startLine, spot.endLine), title: oneLine(`${spotRuleId(spot)} ${spot.severity} · ${title}`, 200) },
    [who, ...rest, ...(path.note ? [`(${path.note}: ${oneLine(spot.file, 200)})`] : [])].join('\n'),
  );
}

/**
 * §5 Outputs: agreed high-severity findings come first, so the ones that block the merge are the
 * ones a capped list still shows. Blocking spots, then agreed high+, then the rest by attention.
 */
function rank(report: Report): Spot[] {
  const blocked = new Set(blocking(report));
  const group = (spot: Spot): number =>
    blocked.has(spot) ? 0 : statusClass(spot.status) === 'agreed' && SEVERITIES.indexOf(spot.severity) <= SEVERITIES.indexOf('high') ? 1 : 2;
  return [...report.spots].sort((a, b) => group(a) - group(b) || byAttention(a, b));
}

/** A run that did not fully happen gets its own annotation, ahead of the spots (§1.8 "False green"). */
function runAnnotation(report: Report): { level: Level; line: string } | undefined {
  const result = outcome(report);
  if (result.kind === 'clean' || result.kind === 'blocking') return undefined;
  const level: Level = result.kind === 'no-review' ? 'error' : result.kind === 'skipped' ? 'notice' : 'warning';
  return { level, line: command(level, { title: 'xcheck' }, oneLine(result.line, 600)) };
}

/**
 * Model text printed outside a command goes inside `::stop-commands::<token>` … `::<token>::`
 * (§2.2, §4.5), so a `::add-mask::` or `::error::` line in it is printed, not run.
 */
function logGroup(report: Report, token: string): string[] {
  const text = redactSecrets(renderText(report, { color: false })).split(token).join('[token]').trimEnd();
  return ['::group::xcheck report (workflow commands disabled)', `::stop-commands::${token}`, text, `::${token}::`, '::endgroup::'];
}

/** GitHub workflow commands for `--format github`: capped annotations, a notice when capped, the log. */
export function renderGithubAnnotations(report: Report, options: AnnotationOptions = {}): string {
  const maxPerLevel = options.maxPerLevel ?? 10;
  const maxTotal = options.maxTotal ?? 50;
  const counts: Record<Level, number> = { error: 0, warning: 0, notice: 0 };
  const picked: Array<{ level: Level; line: string }> = [];
  const run = runAnnotation(report);
  if (run) {
    picked.push(run);
    counts[run.level] += 1;
  }
  const spots = rank(report);
  for (const spot of spots) {
    const level = levelOf(spot);
    if (counts[level] < maxPerLevel && picked.length < maxTotal) {
      picked.push({ level, line: annotation(spot, options.root) });
      counts[level] += 1;
    }
  }
  let omitted = spots.length - (picked.length - (run ? 1 : 0));
  if (omitted > 0 && (counts.notice >= maxPerLevel || picked.length >= maxTotal)) {
    // Make room for the closing notice, which is itself a notice annotation: drop the lowest-ranked
    // notice if notices are full, else the lowest-ranked annotation.
    const from = counts.notice >= maxPerLevel ? picked.map((entry) => entry.level).lastIndexOf('notice') : picked.length - 1;
    if (from >= 0 && picked[from] !== run) {
      picked.splice(from, 1);
      omitted += 1;
    }
  }
  const lines = picked.map((entry) => entry.line);
  if (omitted > 0) lines.push(`::notice::${omitted} more spot${omitted === 1 ? '' : 's'} not shown as annotations; see the job summary or SARIF`);
  if (options.log ?? true) lines.push(...logGroup(report, options.token ?? randomBytes(16).toString('hex')));
  return `${lines.join('\n')}\n`;
}
