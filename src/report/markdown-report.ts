import type { AgentReport, Report, Spot } from './report-schema.js';
import { htmlInline, MarkdownBudget, mdFence, mdInline } from './markdown-safe.js';
import { redactSecrets } from './redact.js';
import { repoPath } from './repo-path.js';
import { agreement, byAttention, outcome, where, whoSaid } from './spot-facts.js';

/**
 * The Markdown body shared by the job summary and the PR comment (ci-conventions.md §2.3): status
 * line first, spots table, per-spot `<details>`, agents, coverage, follow-ups, cost. Every piece of
 * model or agent text goes through markdown-safe.ts; the whole body is redacted once more at the end.
 */
export interface MarkdownReportOptions {
  /** Size limit, measured by `measure` (bytes for the summary, characters for a comment). */
  limit: number;
  measure: (text: string) => number;
  /** Prepended verbatim (the PR comment's hidden marker). */
  prefix?: string;
  /** One line per agent instead of a table, no follow-up table (PR comment). */
  compact?: boolean;
  root?: string;
}

const MAX_TAIL_ROWS = 50;

const money = (usd: number | undefined): string => (usd === undefined ? 'unpriced' : `$${usd.toFixed(4)}`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

function location(spot: Spot, root: string | undefined): string {
  return where(spot, repoPath(spot.file, root).path);
}

function headLines(report: Report): string {
  const counts = Object.entries(report.summary)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`);
  const ok = report.agents.filter((agent) => agent.status === 'ok').length;
  const unpriced = report.cost.unpriced.length > 0 ? ` (+ unpriced: ${report.cost.unpriced.join(', ')})` : '';
  const facts = [
    `${plural(report.spots.length, 'spot')}${counts.length > 0 ? `: ${counts.join(', ')}` : ''}`,
    `${ok} of ${plural(report.agents.length, 'agent')} answered`,
    plural(report.task.files.length, 'file'),
    `cost ${money(report.cost.totalUsd)}${unpriced}`,
    `exit ${report.exitCode}`,
  ];
  // Diff mode and the baseline are optional and newer; say what was left out (§5 Security, "dropped and counted").
  if (report.diff) facts.splice(3, 0, `diff vs ${report.diff.base.slice(0, 12)}: ${plural(report.diff.hunks, 'hunk')}`);
  if (report.diff && report.diff.droppedOutsideDiff > 0) facts.push(`${plural(report.diff.droppedOutsideDiff, 'finding')} outside the diff dropped`);
  if (report.suppressed) facts.push(`${report.suppressed} suppressed by the baseline`);
  const replay = report.replay ? '\n\n> [!NOTE]\n> Replay of a recorded panel run: no model was called.' : '';
  return `### ${mdInline(outcome(report).line, 1000)}\n\n${mdInline(facts.join(' · '), 1000)}${replay}\n\n`;
}

function tableRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |\n`;
}

function spotRow(spot: Spot, root: string | undefined): string {
  return tableRow([
    spot.severity,
    `${spot.status} ${agreement(spot).ratio}`,
    mdInline(location(spot, root), 160),
    mdInline(spot.title, 160),
    mdInline(spot.agents.join(', '), 120),
  ]);
}

function spotDetails(spot: Spot, root: string | undefined): string {
  const out = [
    `<details><summary>${htmlInline(`${spot.severity} · ${spot.status} · ${location(spot, root)} — ${spot.title}`, 240)}</summary>\n\n`,
    `${mdInline(whoSaid(spot), 600)}\n\n`,
  ];
  for (const finding of spot.findings) {
    const confidence = finding.confidence === undefined ? '' : `, confidence ${finding.confidence.toFixed(2)}`;
    out.push(`- **${mdInline(finding.agent, 60)}** (${finding.severity}${confidence}): ${mdInline(finding.title, 300)}\n\n`);
    if (finding.detail.trim()) out.push(`${mdFence(finding.detail)}\n\n`);
    if (finding.suggestion?.trim()) out.push(`Suggested fix:\n\n${mdFence(finding.suggestion)}\n\n`);
  }
  const votes = (spot.verification?.votes ?? []).map((vote) => `- ${mdInline(vote.agent, 60)} **${vote.verdict}**: ${mdInline(vote.reason, 600)}\n`);
  const arbitration = spot.verification?.arbitration;
  if (arbitration) votes.push(`- arbiter ${mdInline(arbitration.agent, 60)}: **${arbitration.decision}** — ${mdInline(arbitration.reasoning, 600)}\n`);
  if (votes.length > 0) out.push(...votes, '\n');
  out.push(`Fingerprint \`${spot.id.replace(/[^\w.:/-]/g, '').slice(0, 80)}\`${spot.cwe ? ` · ${mdInline(spot.cwe, 40)}` : ''}${spot.kind ? ` · ${mdInline(spot.kind, 60)}` : ''}\n\n</details>\n\n`);
  return out.join('');
}

function agentStatus(agent: AgentReport): string {
  return `${agent.status === 'ok' ? '✅' : agent.status === 'skipped' ? '⏭️' : '❌'} ${agent.status}${agent.reason ? ` (${agent.reason})` : ''}`;
}

function agentsSection(report: Report, compact: boolean): string {
  const tokens = (agent: AgentReport): string => (agent.usage ? `${agent.usage.inputTokens} / ${agent.usage.outputTokens}` : '—');
  const note = (agent: AgentReport): string =>
    agent.status === 'ok' ? plural(agent.findingCount, 'finding') : mdInline(agent.message ?? '', 200);
  if (compact) {
    const lines = report.agents.map(
      (agent) => `- **${mdInline(agent.id, 60)}** ${agentStatus(agent)} · ${mdInline(agent.model ?? agent.backend, 80)} · ${seconds(agent.durationMs)} · ${money(agent.costUsd)} · ${note(agent)}\n`,
    );
    return `#### Agents\n\n${lines.join('')}\n`;
  }
  const rows = report.agents.map((agent) =>
    tableRow([mdInline(agent.id, 60), agentStatus(agent), mdInline(agent.model ?? agent.backend, 80), seconds(agent.durationMs), tokens(agent), money(agent.costUsd), note(agent)]),
  );
  return `#### Agents\n\n${tableRow(['Agent', 'Status', 'Model', 'Duration', 'Tokens in / out', 'Cost', 'Result'])}${tableRow(Array(7).fill('---'))}${rows.join('')}\n`;
}

function coverageSection(report: Report, root: string | undefined): string {
  const panel = report.agents.map((agent) => agent.id);
  const gaps = report.coverage.files
    .map((file) => ({ file, missing: panel.filter((agent) => !file.reviewedBy.includes(agent)) }))
    .filter((entry) => entry.missing.length > 0);
  if (report.coverage.complete && gaps.length === 0) {
    return `#### Coverage\n\nComplete: every agent reviewed ${report.coverage.files.length === 1 ? 'the file' : `all ${report.coverage.files.length} files`}.\n\n`;
  }
  const rows = gaps
    .slice(0, MAX_TAIL_ROWS)
    .map(({ file, missing }) => tableRow([mdInline(repoPath(file.path, root).path, 160), mdInline(file.reviewedBy.join(', ') || 'nobody', 120), mdInline(missing.join(', '), 120)]));
  const more = gaps.length > MAX_TAIL_ROWS ? `\n_${gaps.length - MAX_TAIL_ROWS} more files not fully reviewed._\n` : '';
  return `#### Coverage\n\n**Incomplete**: ${plural(gaps.length, 'file')} not reviewed by every agent; silence there is not agreement.\n\n${tableRow(['File', 'Reviewed by', 'Not reviewed by'])}${tableRow(['---', '---', '---'])}${rows.join('')}${more}\n`;
}

function followUpSection(report: Report): string {
  if (report.followUps.length === 0) return '';
  const rows = report.followUps
    .slice(0, MAX_TAIL_ROWS)
    .map((call) =>
      tableRow([call.kind, mdInline(call.agent, 60), String(call.spots.length), `${call.status}${call.reason ? ` (${mdInline(call.reason, 60)})` : ''}`, seconds(call.durationMs), money(call.costUsd)]),
    );
  const more = report.followUps.length > MAX_TAIL_ROWS ? `\n_${report.followUps.length - MAX_TAIL_ROWS} more calls not shown._\n` : '';
  return `#### Follow-up calls (${report.followUps.length})\n\n${tableRow(['Kind', 'Agent', 'Spots', 'Status', 'Duration', 'Cost'])}${tableRow(Array(6).fill('---'))}${rows.join('')}${more}\n`;
}

function costSection(report: Report): string {
  const unpriced = report.cost.unpriced.length > 0 ? `; no price known for ${mdInline(report.cost.unpriced.join(', '), 200)}` : '';
  return `#### Cost\n\n${money(report.cost.totalUsd)} in total${unpriced}.\n`;
}

/** Builds the body within `limit`: head and tail always, spot rows and details while they fit. */
export function renderMarkdownReport(report: Report, options: MarkdownReportOptions): string {
  const { measure, root } = options;
  const compact = options.compact ?? false;
  const head = `${options.prefix ?? ''}${headLines(report)}`;
  const tail = `${agentsSection(report, compact)}${coverageSection(report, root)}${compact ? '' : followUpSection(report)}${costSection(report)}`;
  const budget = new MarkdownBudget(options.limit - measure(head) - measure(tail), measure);
  const spots = [...report.spots].sort(byAttention);
  if (spots.length > 0) {
    budget.add(`#### Spots\n\n${tableRow(['Severity', 'Status', 'Location', 'Title', 'Reported by'])}${tableRow(Array(5).fill('---'))}`);
    const shown = spots.findIndex((spot) => !budget.add(spotRow(spot, root)));
    if (shown >= 0) budget.note(`\n_${spots.length - shown} more spots not shown (size limit); see the SARIF or JSON report._\n`);
    budget.add('\n#### Details\n\n');
    const detailed = spots.findIndex((spot) => !budget.add(spotDetails(spot, root)));
    if (detailed >= 0) budget.note(`_Details of ${plural(spots.length - detailed, 'spot')} not shown (size limit); see the SARIF or JSON report._\n\n`);
  }
  return redactSecrets(`${head}${budget.toString()}${tail}`);
}
