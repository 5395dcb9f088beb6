/**
 * The text form of `xcheck usage`: tables per agent, a cost-per-day bar chart, weekly totals,
 * quota windows and cache savings.
 *
 * Exports: `renderUsageText`, `UsageRenderOptions`.
 */
import { oneLine } from '../report/sanitize.js';
import type { UsageSummary, UsageTotals } from './usage-summary.js';

export interface UsageRenderOptions {
  /** Plain ASCII bars (`#`) for terminals without UTF-8 or with NO_COLOR. */
  ascii: boolean;
}

const BAR_WIDTH = 30;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

function bar(value: number, max: number, ascii: boolean): string {
  if (max <= 0 || value <= 0) return '';
  const cells = (value / max) * BAR_WIDTH;
  if (ascii) return '#'.repeat(Math.max(1, Math.round(cells)));
  const whole = Math.floor(cells);
  const part = EIGHTHS[Math.round((cells - whole) * 8) % 8] ?? '';
  return '█'.repeat(whole) + part || '▏';
}

const count = (value: number) => value.toLocaleString('en-US');
const usd = (value: number) => `$${value.toFixed(4)}`;

function cost(totals: UsageTotals): string {
  if (totals.calls === 0) return '-';
  if (totals.unpricedCalls === totals.calls) return `unpriced x${totals.unpricedCalls}`;
  return totals.unpricedCalls > 0 ? `${usd(totals.costUsd)} +${totals.unpricedCalls} unpriced` : usd(totals.costUsd);
}

const name = (agent: string) => oneLine(agent, 24);

/** One agent's day or week, e.g. "opus 3 calls $0.0205, 1 cached, 1 skipped". */
function brief(agent: UsageTotals & { agent: string }, tokens: boolean): string {
  let text = `${name(agent.agent)} ${agent.calls} call${agent.calls === 1 ? '' : 's'}`;
  if (tokens && agent.calls > 0) text += `, ${count(agent.inputTokens)}/${count(agent.outputTokens)} tokens`;
  if (agent.calls > 0) text += `${tokens ? ',' : ''} ${cost(agent)}`;
  if (agent.cacheHits > 0) text += `, ${agent.cacheHits} cached`;
  if (agent.skipped > 0) text += `, ${agent.skipped} skipped`;
  return text;
}

function agentTable(summary: UsageSummary): string[] {
  const header = ['agent', 'calls', 'failed', 'skipped', 'cache hits', 'tokens in', 'tokens out', 'cached in', 'cost (API-equiv.)', 'saved'];
  const rows = [...summary.agents.map((agent) => ({ label: name(agent.agent), totals: agent as UsageTotals })), { label: 'total', totals: summary.totals }].map(({ label, totals }) => [
    label,
    count(totals.calls),
    count(totals.failed),
    count(totals.skipped),
    count(totals.cacheHits),
    count(totals.inputTokens),
    count(totals.outputTokens),
    count(totals.cachedInputTokens),
    cost(totals),
    usd(totals.savedUsd),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `  ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')}`;
  return [line(header), ...rows.map(line)];
}

function hoursLabel(windowHours: number): string {
  return windowHours === 24 ? 'day' : windowHours === 168 ? 'week' : `${windowHours}-hour`;
}

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export function renderUsageText(summary: UsageSummary, options: UsageRenderOptions): string {
  const out: string[] = [];
  const dot = options.ascii ? '|' : '·';
  out.push(`xcheck usage ${dot} ${summary.since.slice(0, 10)} to ${summary.until.slice(0, 10)} (${summary.days} days) ${dot} ledger ${oneLine(summary.ledger.dir, 200)}`);
  if (summary.ledger.unreadableLines > 0) out.push(`  (${summary.ledger.unreadableLines} unreadable ledger line(s) skipped, e.g. cut short by a crash)`);
  out.push('');
  if (summary.agents.length === 0) {
    out.push('No model calls recorded in this period.');
  } else {
    out.push('Per agent', ...agentTable(summary), '');
    const max = Math.max(...summary.byDay.map((day) => day.total.costUsd));
    out.push('Cost per day (API-equivalent)');
    for (const day of summary.byDay) {
      out.push(`  ${day.day}  ${bar(day.total.costUsd, max, options.ascii).padEnd(BAR_WIDTH)}  ${usd(day.total.costUsd).padStart(9)}  ${day.agents.map((agent) => brief(agent, false)).join(` ${dot} `)}`);
    }
    out.push('', 'Per ISO week');
    for (const week of summary.byWeek) {
      out.push(`  ${week.week}  ${usd(week.total.costUsd).padStart(9)}  ${week.agents.map((agent) => brief(agent, true)).join(` ${dot} `)}`);
    }
  }
  if (summary.quotas.length > 0) {
    out.push('', 'Quota (rolling windows, calls made)');
    for (const quota of summary.quotas) {
      for (const window of quota.windows) {
        const state = window.exhausted ? 'USED UP' : window.low ? 'low' : 'ok';
        const frees = window.resetsAt ? `; ${window.exhausted ? 'next call possible' : 'oldest call frees up'} ${when(window.resetsAt)}` : '';
        out.push(`  ${name(quota.agent).padEnd(12)} ${hoursLabel(window.windowHours).padEnd(8)} ${`${window.used}/${window.messages} used, ${window.remaining} left`.padEnd(26)} ${state}${frees}`);
      }
    }
  }
  if (summary.totals.cacheHits > 0) {
    out.push('', `Cache: ${summary.totals.cacheHits} answer(s) reused without a model call, saving ${usd(summary.totals.savedUsd)}`);
  }
  return `${out.join('\n')}\n`;
}
