import { createContext, useContext } from 'react';
import { Text } from 'ink';
import type { Glyphs } from '../glyphs.js';
import type { Line, Style } from '../styled-line.js';

export interface Theme {
  color: boolean;
  glyphs: Glyphs;
}

export const ThemeContext = createContext<Theme | undefined>(undefined);

export function useTheme(): Theme {
  const theme = useContext(ThemeContext);
  if (!theme) throw new Error('ThemeContext is missing: render inside <ThemeContext value={…}>');
  return theme;
}

type TextStyle = { color?: string; bold?: boolean; dimColor?: boolean; inverse?: boolean };

// Without colour only bold is left; everything the reader needs is also in the text (markers, words).
const COLORED: Record<Style, TextStyle> = {
  title: { bold: true },
  dim: { dimColor: true },
  key: { bold: true },
  added: { color: 'green' },
  removed: { color: 'red', dimColor: true },
  cited: { color: 'yellow', bold: true },
  ok: { color: 'green' },
  failed: { color: 'red' },
  warn: { color: 'yellow' },
  critical: { color: 'red', bold: true },
  high: { color: 'red' },
  medium: { color: 'yellow' },
  low: { color: 'cyan' },
  info: { dimColor: true },
};

export function styleProps(style: Style | undefined, color: boolean): TextStyle {
  if (!style) return {};
  if (color) return COLORED[style];
  return style === 'title' || style === 'key' || style === 'cited' || style === 'critical' ? { bold: true } : {};
}

/** One pre-wrapped line; `truncate-end` is only a backstop for characters wider than one column. */
export function StyledLine({ line }: { line: Line }) {
  const { color } = useTheme();
  if (line.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate-end">
      {line.map((segment, index) => (
        <Text key={index} {...styleProps(segment.style, color)}>
          {segment.text}
        </Text>
      ))}
    </Text>
  );
}
