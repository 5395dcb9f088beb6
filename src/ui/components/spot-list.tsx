import { Box, Text } from 'ink';
import type { Spot } from '../../report/report-schema.js';
import { oneLine } from '../../report/sanitize.js';
import type { SpotDecision } from '../ui-state.js';
import { styleProps, useTheme } from './theme.js';

export interface SpotListProps {
  spots: Spot[];
  selected: number;
  /** Rows available; the list scrolls so the selection stays in view. */
  height: number;
  width: number;
  decisions: Record<string, SpotDecision>;
  verifying: readonly string[];
}

/** First row shown: the selection stays visible, centred once the list is longer than the view. */
export function scrollTop(count: number, selected: number, height: number): number {
  if (count <= height) return 0;
  return Math.min(count - height, Math.max(0, selected - Math.floor(height / 2)));
}

function place(spot: Spot): string {
  const name = oneLine(spot.file.split('/').at(-1) ?? spot.file, 200);
  return spot.startLine === spot.endLine ? `${name}:${spot.startLine}` : `${name}:${spot.startLine}-${spot.endLine}`;
}

function mark(decision: SpotDecision | undefined, verifying: boolean): string {
  if (verifying) return 'verifying';
  if (!decision) return '';
  return decision.kind === 'accepted' ? 'accepted' : 'dismissed';
}

/** Ranked spots, one row each: severity, status, attention, place, title, and any decision. */
export function SpotList({ spots, selected, height, width, decisions, verifying }: SpotListProps) {
  const { glyphs, color } = useTheme();
  if (spots.length === 0) return <Text {...styleProps('dim', color)}>  No spots match. Press c to clear the filter.</Text>;
  const top = scrollTop(spots.length, selected, height);
  const shown = spots.slice(top, top + height);
  const placeWidth = Math.min(24, Math.max(...shown.map((spot) => place(spot).length)));
  return (
    <Box flexDirection="column">
      {shown.map((spot, offset) => {
        const index = top + offset;
        const isSelected = index === selected;
        const pointer = isSelected ? glyphs.pointer : ' ';
        const tag = mark(decisions[spot.id], verifying.includes(spot.id));
        const head = `${pointer} ${spot.severity.slice(0, 4).toUpperCase().padEnd(4)} ${spot.status.padEnd(10)} ${spot.attention.toFixed(2)} ${place(spot).slice(-placeWidth).padEnd(placeWidth)} `;
        const tail = tag ? ` [${tag}]` : '';
        const room = Math.max(0, width - head.length - tail.length);
        const title = oneLine(spot.title, 400);
        const text = title.length > room ? `${title.slice(0, Math.max(0, room - glyphs.ellipsis.length))}${glyphs.ellipsis}` : title;
        const dimmed = decisions[spot.id]?.kind === 'dismissed';
        return (
          <Text key={spot.id} wrap="truncate-end" inverse={isSelected && color} bold={isSelected} dimColor={dimmed && color && !isSelected}>
            {pointer} <Text {...(isSelected ? {} : styleProps(spot.severity, color))}>{spot.severity.slice(0, 4).toUpperCase().padEnd(4)}</Text>
            {head.slice(6)}
            {text}
            {tail}
          </Text>
        );
      })}
    </Box>
  );
}
