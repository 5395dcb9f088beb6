import type { Invocation, Log, Notification, ReportingDescriptor, Result, ToolComponent } from 'sarif';
import type { Severity } from '../finding.js';
import { redactingReplacer } from './redact.js';
import type { Report, Spot } from './report-schema.js';
import { repoPath, toUri } from './repo-path.js';
import { oneLine } from './sanitize.js';
import { agreement, byAttention, effectiveSeverity, spotLines, statusClass, type StatusClass } from './spot-facts.js';

export interface SarifOptions {
  /** xcheck's own version: `tool.driver.semanticVersion`. */
  toolVersion: string;
  /** upload-sarif category; `automationDetails.id` becomes `<category>/` (ci-conventions.md §2.1). */
  category?: string;
  /** Repository root, to make absolute spot paths relative. */
  root?: string;
}

/** GitHub keeps at most 25,000 results per run (ci-conventions.md §2.1 "GitHub limits"). */
export const MAX_SARIF_RESULTS = 25_000;

type Level = 'error' | 'warning' | 'note';
type Bucket = 'critical' | 'high' | 'medium' | 'low';

const LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/**
 * Rule ids are opaque and must never change, or GitHub loses alert history (§2.1 "ruleId").
 * One rule per status class; agreed and disagreed security spots get per-severity variants,
 * because GitHub reads `security-severity` only from the rule (§2.1 "`level`"). A refuted security
 * spot stays on XC3001: the reviewers said it is not real, so it is not a security alert.
 */
const CLASS_RULES: Record<StatusClass, { digit: number; name: string; short: string; full: string; help: string; precision: string; level: Level }> = {
  agreed: {
    digit: 1,
    name: 'ReviewersAgree',
    short: 'Several reviewer models report the same problem here.',
    full: 'Two or more AI reviewer models reported the same issue at this location, or one reported it and another confirmed it when asked.',
    help: 'Agreement between independent models makes the finding more likely to be real. Read the reported titles, fix the code or dismiss the alert with a reason.',
    precision: 'high',
    level: 'warning',
  },
  disagreement: {
    digit: 2,
    name: 'ReviewersDisagree',
    short: 'Reviewer models disagree about this location.',
    full: 'One model reported a problem here while others reviewed the same lines and did not, disagreed on its severity, or disputed it when asked; or no other model could review the file.',
    help: 'Check the location by hand: the finding is not confirmed by all reviewers. The properties list who reported it, who stayed silent and who refuted it.',
    precision: 'medium',
    level: 'warning',
  },
  refuted: {
    digit: 3,
    name: 'ReviewersRefuted',
    short: 'A finding that the other reviewer models refuted.',
    full: 'One model reported a problem here; every other model that was asked about it answered that it is not a real problem.',
    help: 'Most likely a false positive. It is kept visible so a human can overrule the reviewers.',
    precision: 'low',
    level: 'note',
  },
};

const BUCKETS: Record<Bucket, { index: number; score: string; level: Level }> = {
  critical: { index: 1, score: '9.5', level: 'error' },
  high: { index: 2, score: '8.0', level: 'error' },
  medium: { index: 3, score: '5.5', level: 'warning' },
  low: { index: 4, score: '2.0', level: 'note' },
};

const bucketOf = (severity: Severity): Bucket => (severity === 'info' ? 'low' : severity);

function ruleId(klass: StatusClass, bucket?: Bucket): string {
  const rule = CLASS_RULES[klass];
  return bucket === undefined ? `XC${rule.digit}001` : `XC${rule.digit}10${BUCKETS[bucket].index}`;
}

function descriptor(klass: StatusClass, bucket?: Bucket): ReportingDescriptor {
  const rule = CLASS_RULES[klass];
  const security = bucket === undefined ? '' : ` (security, ${bucket})`;
  return {
    id: ruleId(klass, bucket),
    name: `${rule.name}${bucket === undefined ? '' : `Security${bucket[0]!.toUpperCase()}${bucket.slice(1)}`}`,
    shortDescription: { text: `${rule.short}${security}` },
    fullDescription: { text: `${rule.full}${security}` },
    help: { text: rule.help },
    defaultConfiguration: { level: bucket === undefined ? rule.level : BUCKETS[bucket].level },
    properties: {
      precision: rule.precision,
      tags: ['xcheck', 'ai-review', klass, ...(bucket === undefined ? [] : ['security'])],
      ...(bucket === undefined ? {} : { 'security-severity': BUCKETS[bucket].score }),
    },
  };
}

/** The full, fixed rule table, emitted every time so ids and indexes never depend on the findings. */
const RULES: ReportingDescriptor[] = (['agreed', 'disagreement', 'refuted'] as const).flatMap((klass) => [
  descriptor(klass),
  ...(klass === 'refuted' ? [] : (Object.keys(BUCKETS) as Bucket[]).map((bucket) => descriptor(klass, bucket))),
]);
const RULE_INDEX = new Map(RULES.map((rule, index) => [rule.id, index]));

export function spotRuleId(spot: Spot): string {
  const klass = statusClass(spot.status);
  return spot.category === 'security' && klass !== 'refuted' ? ruleId(klass, bucketOf(spot.severity)) : ruleId(klass);
}

function result(spot: Spot, root: string | undefined): Result {
  const id = spotRuleId(spot);
  const location = repoPath(spot.file, root);
  const facts = agreement(spot);
  const startLine = Math.max(1, spot.startLine);
  return {
    ruleId: id,
    ruleIndex: RULE_INDEX.get(id)!,
    level: LEVEL[effectiveSeverity(spot)],
    message: { text: spotLines(spot).join('\n') },
    locations: [{ physicalLocation: { artifactLocation: { uri: toUri(location.path) }, region: { startLine, endLine: Math.max(startLine, spot.endLine) } } }],
    // Content-based, no line numbers; primaryLocationLineHash is left to upload-sarif (§2.1).
    partialFingerprints: { 'xcheckFinding/v1': spot.id },
    properties: {
      'xcheck/status': spot.status,
      'xcheck/severity': spot.severity,
      'xcheck/category': spot.category,
      ...(spot.kind ? { 'xcheck/kind': spot.kind } : {}),
      ...(spot.cwe ? { 'xcheck/cwe': spot.cwe } : {}),
      'xcheck/agreement': facts.ratio,
      'xcheck/reportedBy': spot.agents,
      'xcheck/missing': spot.missing,
      'xcheck/confirmedBy': facts.confirmedBy,
      'xcheck/refutedBy': facts.refutedBy,
      'xcheck/findings': spot.findings.map((finding) => ({
        agent: finding.agent,
        severity: finding.severity,
        ...(finding.confidence === undefined ? {} : { confidence: finding.confidence }),
        title: oneLine(finding.title, 200),
      })),
      ...(spot.verification?.arbitration ? { 'xcheck/arbitration': spot.verification.arbitration.decision } : {}),
      'xcheck/attention': spot.attention,
      'xcheck/matchConfidence': spot.matchConfidence,
      'xcheck/issueConfidence': spot.issueConfidence,
      ...(spot.category === 'security' ? { 'security-severity': BUCKETS[bucketOf(effectiveSeverity(spot))].score } : {}),
      ...(location.note ? { 'xcheck/pathNote': location.note } : {}),
    },
  };
}

function extension(agent: Report['agents'][number]): ToolComponent {
  return {
    name: agent.id,
    ...(agent.model ? { version: agent.model } : {}),
    properties: { backend: agent.backend, status: agent.status, ...(agent.reason ? { reason: agent.reason } : {}) },
  };
}

/** Failed agents and unanswered follow-ups, so a SARIF consumer can tell "incomplete" from "clean" (§1.8). */
function invocation(report: Report): Invocation {
  const notifications: Notification[] = [
    ...report.agents
      .filter((agent) => agent.status !== 'ok')
      .map((agent): Notification => ({
        level: agent.status === 'failed' ? 'error' : 'warning',
        message: { text: oneLine(`${agent.id} ${agent.status}${agent.reason ? ` (${agent.reason})` : ''}: ${agent.message ?? ''}`, 400) },
      })),
    ...report.followUps
      .filter((call) => call.status !== 'ok')
      .map((call): Notification => ({
        level: 'warning',
        message: { text: oneLine(`${call.kind} call to ${call.agent} ${call.status}${call.reason ? ` (${call.reason})` : ''}: ${call.message ?? ''}`, 400) },
      })),
  ];
  const successful = report.agents.some((agent) => agent.status === 'ok') && notifications.length === 0 && report.coverage.complete;
  return { executionSuccessful: successful, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) };
}

/** SARIF 2.1.0 with one run: the synthesized cross-check, reviewer models as extensions (§2.1, §5 Outputs). */
export function renderSarif(report: Report, options: SarifOptions): string {
  const ranked = [...report.spots].sort(byAttention);
  const kept = ranked.slice(0, MAX_SARIF_RESULTS);
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'xcheck', semanticVersion: options.toolVersion, rules: RULES },
          extensions: report.agents.map(extension),
        },
        automationDetails: { id: `${(options.category ?? 'xcheck').replace(/\/+$/, '') || 'xcheck'}/` },
        invocations: [invocation(report)],
        results: kept.map((spot) => result(spot, options.root)),
        properties: {
          'ai/origin': 'synthesized',
          'xcheck/exitCode': report.exitCode,
          'xcheck/coverageComplete': report.coverage.complete,
          'xcheck/replay': report.replay,
          ...(ranked.length > kept.length ? { 'xcheck/omittedResults': ranked.length - kept.length } : {}),
        },
      },
    ],
  };
  // Every string is redacted on the way out (§4.5 "everything written to ... SARIF").
  return `${JSON.stringify(log, redactingReplacer, 2)}\n`;
}
