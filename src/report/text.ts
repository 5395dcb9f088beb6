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
  if (agent.status === 'ok') return `${head}  ${agent.findingCount} finding${agent.findingCount === 1 ? '' : 's'}${agent.cached ? ' · from the cache, no model call' : ''}`;
  return `${head}  ${agent.reason ?? ''}: ${oneLine(agent.message ?? '', 160)}`;
}

const SEVERITY_COLOR = { critical: '1;31', high: '31', medium: '33', low: '36', info: '2' } as const;

function whoSaysWhat(spot: Spot): string {
  if (spot.agents.length > 1) return `${spot.status}: ${spot.agents.join(', ')}`;
  if (spot.verification) return `${spot.status}: reported by ${spot.agents.join(', ')}, checked by ${spot.verification.votes.map((vote) => vote.agent).join(', ')}`;
  return `${spot.status}: ${spot.agents.join(', ')}${spot.missing.length > 0 ? ` · not reported by ${spot.missing.join(', ')}` : ' · no other agent reviewed it'}`;
}

function spotLines(spot: Spot, paint: Paint): string[] {
  const where = spot.startLine === spot.endLine ? `${spot.file}:${spot.startLine}` : `${spot.file}:${spot.startLine}-${spot.endLine}`;
  const lines = [`  ${paint(SEVERITY_COLOR[spot.severity], spot.severity.toUpperCase().padEnd(8))} ${where}  [${whoSaysWhat(spot)}]`];
  for (const finding of spot.findings) {
    const severity = spot.status === 'split' ? ` (${finding.severity})` : '';
    lines.push(`           ${finding.agent}${severity}: ${oneLine(finding.title)}`);
  }
  for (const vote of spot.verification?.votes ?? []) lines.push(`           ${vote.agent} ${vote.verdict}: ${oneLine(vote.reason, 140)}`);
  const arbitration = spot.verification?.arbitration;
  if (arbitration) lines.push(`           arbiter ${arbitration.agent}: ${arbitration.decision} — ${oneLine(arbitration.reasoning, 140)}`);
  return lines;
}

function section(title: string, spots: Spot[], paint: Paint): string[] {
  return ['', paint('1', `${title} (${spots.length})`), ...(spots.length > 0 ? spots.flatMap((spot) => spotLines(spot, paint)) : ['  none'])];
}

function followUpLines(report: Report): string[] {
  if (report.followUps.length === 0) return [];
  return [
    '',
    `Follow-up calls (${report.followUps.length})`,
    ...report.followUps.map(
      (call) =>
        `  ${call.kind.padEnd(9)} ${call.agent.padEnd(10)} ${`${call.spots.length} spot${call.spots.length === 1 ? '' : 's'}`.padEnd(8)} ${call.status.padEnd(7)} ${seconds(call.durationMs).padStart(6)}  ${money(call.costUsd)}${call.status === 'ok' ? '' : `  ${call.reason ?? ''}: ${oneLine(call.message ?? '', 120)}`}`,
    ),
  ];
}

/** The human report: agents first, then what they agree on, then where they disagree. */
export function renderText(report: Report, options: TextOptions): string {
  const paint = painter(options.color);
  const out: string[] = [];
  if (report.replay) out.push(paint('1;35', 'REPLAY of a recorded panel run: no model was called.'), '');
  out.push(`xcheck review · ${report.task.files.map((file) => file.path).join(', ')}`, '', 'Agents');
  out.push(...report.agents.map((agent) => agentLine(agent, paint)));
  const agreed = report.spots.filter((spot) => spot.status === 'agreed' || spot.status === 'confirmed');
  const refuted = report.spots.filter((spot) => spot.status === 'refuted');
  const disagreements = report.spots.filter((spot) => !agreed.includes(spot) && !refuted.includes(spot));
  out.push(...section('Agreed', agreed, paint), ...section('Disagreements', disagreements, paint));
  if (refuted.length > 0) out.push(...section('Refuted by the other agents', refuted, paint));
  out.push(...followUpLines(report));
  const counts = Object.entries(report.summary).filter(([, count]) => count > 0).map(([status, count]) => `${count} ${status}`);
  const unpriced = report.cost.unpriced.length > 0 ? ` (+ unpriced: ${report.cost.unpriced.join(', ')})` : '';
  out.push(
    '',
    `${report.spots.length} spots${counts.length > 0 ? `: ${counts.join(', ')}` : ''} · cost $${report.cost.totalUsd.toFixed(4)}${unpriced} · exit ${report.exitCode}`,
  );
  const cached = report.agents.filter((agent) => agent.cached).map((agent) => agent.id);
  if (cached.length > 0) out.push(`Answers from the cache (no model call; --no-cache to ask again): ${cached.join(', ')}`);
  if (!report.verification.complete) out.push(paint('33', 'Incomplete verification: some follow-up calls failed or were skipped (see above).'));
  const failed = report.agents.filter((agent) => agent.status !== 'ok');
  if (failed.length > 0 && report.agents.length > failed.length) {
    out.push(paint('33', `Incomplete review: ${failed.map((agent) => agent.id).join(', ')} did not answer; their silence is not agreement.`));
  }
  return `${out.join('\n')}\n`;
}
