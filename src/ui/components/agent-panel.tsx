import { Box, Text } from 'ink';
import { oneLine } from '../../report/sanitize.js';
import { elapsedMs, type AgentRow } from '../agent-rows.js';
import { styleProps, useTheme } from './theme.js';

export function compactTokens(count: number | undefined): string {
  if (count === undefined) return '-';
  return count >= 10_000 ? `${Math.round(count / 1000)}k` : count >= 1000 ? `${(count / 1000).toFixed(1)}k` : String(count);
}

/** No cost yet is not "unpriced": that word is for a call that ended without a known price. */
function money(usd: number | undefined, ended: boolean): string {
  if (usd !== undefined) return `$${usd.toFixed(4)}`;
  return ended ? 'unpriced' : '-';
}

export interface AgentPanelProps {
  rows: AgentRow[];
  now: number;
  /** Spinner frame counter. */
  frame: number;
  width: number;
}

/** The live panel: one row per agent with what it is doing, its time, tokens and cost, or why it failed. */
export function AgentPanel({ rows, now, frame, width }: AgentPanelProps) {
  const { glyphs, color } = useTheme();
  const idWidth = Math.min(14, Math.max(6, ...rows.map((row) => row.id.length)));
  return (
    <Box flexDirection="column">
      {rows.map((row) => {
        const mark =
          row.state === 'running' || row.activity ? glyphs.spinner[frame % glyphs.spinner.length]! : row.state === 'ok' ? glyphs.ok : row.state === 'waiting' ? glyphs.waiting : row.state === 'skipped' ? glyphs.skipped : glyphs.failed;
        const style = row.state === 'ok' ? 'ok' : row.state === 'failed' ? 'failed' : row.state === 'running' ? 'warn' : 'dim';
        const seconds = `${(elapsedMs(row, now) / 1000).toFixed(1)}s`.padStart(6);
        const tokens = `${compactTokens(row.inputTokens)} in/${compactTokens(row.outputTokens)} out`;
        const findings = `${row.findings} finding${row.findings === 1 ? '' : 's'}${row.cached ? ' (cached)' : ''}`;
        const result = row.activity
          ? `${row.activity}${row.state === 'ok' ? ` (${findings})` : ''}`
          : row.state === 'ok'
            ? findings
            : row.state === 'failed' || row.state === 'skipped'
              ? `${row.reason ?? row.state}${row.message ? `: ${oneLine(row.message, 200)}` : ''}`
              : row.state;
        const markCell = ` ${mark.padEnd(glyphs.ascii ? 2 : 1)} `;
        const facts = `${row.id.slice(0, idWidth).padEnd(idWidth)} ${seconds}  ${tokens.padEnd(16)} ${money(row.costUsd, row.state === 'ok' || row.state === 'failed').padEnd(9)} `;
        const room = Math.max(0, width - markCell.length - facts.length);
        return (
          <Text key={row.id} wrap="truncate-end">
            <Text {...styleProps(style, color)}>{markCell}</Text>
            {facts}
            <Text {...styleProps(row.state === 'failed' ? 'failed' : undefined, color)}>{result.length > room ? `${result.slice(0, Math.max(0, room - glyphs.ellipsis.length))}${glyphs.ellipsis}` : result}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
