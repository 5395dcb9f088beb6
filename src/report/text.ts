import type { AgentReport, Report, Spot } from './report-schema.js';
import { oneLine } from './sanitize.js';

export interface TextOptions {
  color: boolean;
}

type Paint = (code: string, text: string) => string;

function painter(color: boolean): Paint {
  return (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function money(usd: number | undefined): string {
  return usd === undefined ? 'unpriced' : `$${usd.toFixed(4)}`;
}

function agentLine(agent: AgentReport, paint: Paint): string {
  const head = `  ${agent.status === 'ok' ? paint('32', 'ok    ') : paint('31', agent.status.padEnd(6))} ${agent.id.padEnd(10)} ${(agent.model ?? agent.backend).padEnd(22)} ${seconds(agent.durationMs).padStart(7)}  ${money(agent.costUsd).padEnd(9)}`;
  if (agent.status === 'ok') return `${head}  ${agent.findingCount} finding${agent.findingCount === 1 ? '' : 's'}`;
  return `${head}  ${agent.reason ?? ''}: ${oneLine(agent.message ?? '', 160)}`;
}

const SEVERITY_COLOR = { critical: '1;31', high: '31', medium: '33', low: '36', info: '2' } as const;

function spotLines(spot: Spot, paint: Paint): string[] {
  const where = spot.startLine === spot.endLine ? `${spot.file}:${spot.startLine}` : `${spot.file}:${spot.startLine}-${spot.endLine}`;
  const who =
    spot.status === 'agreed' || spot.status === 'split'
      ? `${spot.status}: ${spot.agents.join(', ')}`
      : `${spot.status}: ${spot.agents.join(', ')}${spot.missing.length > 0 ? ` · not reported by ${spot.missing.join(', ')}` : ' · no other agent reviewed it'}`;
  const lines = [`  ${paint(SEVERITY_COLOR[spot.severity], spot.severity.toUpperCase().padEnd(8))} ${where}  [${who}]`];
  for (const finding of spot.findings) {
    const severity = spot.status === 'split' ? ` (${finding.severity})` : '';
    lines.push(`           ${finding.agent}${severity}: ${oneLine(finding.title)}`);
  }
  return lines;
}

/** The human report: agents first, then what they agree on, then where they disagree. */
export function renderText(report: Report, options: TextOptions): string {
  const paint = painter(options.color);
  const out: string[] = [];
  if (report.replay) out.push(paint('1;35', 'REPLAY of a recorded panel run: no model was called.'), '');
  out.push(`xcheck review · ${report.task.files.map((file) => file.path).join(', ')}`, '', 'Agents');
  out.push(...report.agents.map((agent) => agentLine(agent, paint)));
  const agreed = report.spots.filter((spot) => spot.status === 'agreed');
  const disagreements = report.spots.filter((spot) => spot.status !== 'agreed');
  out.push('', paint('1', `Agreed (${agreed.length})`));
  out.push(...(agreed.length > 0 ? agreed.flatMap((spot) => spotLines(spot, paint)) : ['  none']));
  out.push('', paint('1', `Disagreements (${disagreements.length})`));
  out.push(...(disagreements.length > 0 ? disagreements.flatMap((spot) => spotLines(spot, paint)) : ['  none']));
  const { summary } = report;
  const unpriced = report.cost.unpriced.length > 0 ? ` (+ unpriced: ${report.cost.unpriced.join(', ')})` : '';
  out.push(
    '',
    `${report.spots.length} spots: ${summary.agreed} agreed, ${summary.split} split, ${summary.solo} solo, ${summary.uncovered} uncovered · cost $${report.cost.totalUsd.toFixed(4)}${unpriced} · exit ${report.exitCode}`,
  );
  const failed = report.agents.filter((agent) => agent.status !== 'ok');
  if (failed.length > 0 && report.agents.length > failed.length) {
    out.push(paint('33', `Incomplete review: ${failed.map((agent) => agent.id).join(', ')} did not answer; their silence is not agreement.`));
  }
  return `${out.join('\n')}\n`;
}
