import { Box, Text } from 'ink';
import type { Line } from '../styled-line.js';
import { wrapLine } from '../styled-line.js';
import type { UiState } from '../ui-state.js';
import { StyledLine, useTheme } from './theme.js';

const keyHint = (key: string, what: string): Line => [{ text: key, style: 'key' }, { text: ` ${what}  ` }];

/** The keys that work right now (at most two rows), or the prompt of the open overlay. */
export function footerLines(state: UiState, width: number, arrows: string): Line[] {
  const { overlay } = state;
  switch (overlay.kind) {
    case 'input': {
      const label = overlay.purpose === 'filter' ? 'Filter' : overlay.purpose === 'dismiss' ? 'Dismiss; reason (optional)' : `Ask ${overlay.agent ?? ''} about this spot`;
      const help = overlay.purpose === 'filter' ? '  (words, status:X severity:X file:X; Enter keep, Esc cancel)' : '  (Enter send, Esc cancel)';
      return wrapLine([{ text: `${label}: `, style: 'title' }, { text: `${overlay.value}_` }, { text: help, style: 'dim' }], width);
    }
    case 'pick-agent':
      return wrapLine(
        [
          { text: 'Ask which agent? ', style: 'title' },
          ...state.askable.map((agent, index) => (index === overlay.index ? { text: `[${index + 1} ${agent}] `, style: 'key' as const } : { text: ` ${index + 1} ${agent}  ` })),
          { text: ' (number or j/k + Enter, Esc cancel)', style: 'dim' },
        ],
        width,
      );
    case 'confirm-quit':
      return wrapLine([{ text: 'Work is still running. Stop it and quit? ', style: 'warn' }, { text: 'y', style: 'key' }, { text: ' yes / any other key: no' }], width);
    case 'help':
      return [[{ text: 'Any key closes the help.', style: 'dim' }]];
    case 'none':
      break;
  }
  const hints: Line[] =
    state.view === 'detail'
      ? [keyHint(arrows, 'next/prev'), keyHint('space/b', 'page'), keyHint('Esc', 'back'), keyHint('a', 'accept'), keyHint('d', 'dismiss'), keyHint('v', 'verify'), keyHint('f', 'ask'), keyHint('o', 'edit'), keyHint('?', 'help'), keyHint('q', 'quit')]
      : [keyHint(arrows, 'move'), keyHint('Enter', 'open'), keyHint('a', 'accept'), keyHint('d', 'dismiss'), keyHint('v', 'verify'), keyHint('f', 'ask'), keyHint('/', 'filter'), keyHint('?', 'help'), keyHint('q', 'quit')];
  return wrapLine(hints.flat(), width).slice(0, 2);
}

export function Footer({ lines }: { lines: Line[] }) {
  return (
    <Box flexDirection="column">
      {lines.map((line, index) => (
        <StyledLine key={index} line={line} />
      ))}
    </Box>
  );
}

export const HELP: [string, string][] = [
  ['j/k, arrows', 'move between spots (also in the detail view)'],
  ['Enter', 'open or close the spot'],
  ['space/b, PgDn/PgUp', 'scroll the detail view (Home/End: its top/end)'],
  ['a', 'accept the spot (again: undo)'],
  ['d', 'dismiss it, with an optional reason; later runs leave it out (again: undo)'],
  ['v', 'verify now: ask the other agents (or escalate to the arbiter)'],
  ['f', 'ask one agent a follow-up question; the answer streams in'],
  ['o', 'open $VISUAL/$EDITOR at the line'],
  ['/', 'filter: words, status:solo severity:high file:name'],
  ['s, l, F', 'cycle the status, severity (at least) and file filters'],
  ['c, Esc', 'clear the filter'],
  ['g/G', 'first/last spot'],
  ['q', 'quit (asks first while work is still running)'],
];

export function helpLines(width: number): Line[] {
  const keyWidth = Math.max(...HELP.map(([key]) => key.length)) + 2;
  return [
    [{ text: 'Keys', style: 'title' }],
    ...HELP.flatMap(([key, what]) => wrapLine([{ text: key.padEnd(keyWidth), style: 'key' }, { text: what }], width, ' '.repeat(keyWidth))),
  ];
}

export function Rule({ width }: { width: number }) {
  const { glyphs, color } = useTheme();
  return <Text dimColor={color}>{glyphs.rule.repeat(Math.max(0, width))}</Text>;
}
