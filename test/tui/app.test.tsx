import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { goldenReport } from '../helpers/report-builder.js';
import { App, type AppProps } from '../../src/tui/components/app.js';
import { pickGlyphs } from '../../src/tui/glyphs.js';
import type { UiAction } from '../../src/tui/ui-state.js';

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

function renderApp(overrides: Partial<AppProps> = {}) {
  let dispatch: ((action: UiAction) => void) | undefined;
  const effects: unknown[] = [];
  const props: AppProps = {
    theme: { color: false, glyphs: pickGlyphs({ LANG: 'C.UTF-8' }) },
    agents: ['opus', 'codex'],
    files: ['src/sum.ts'],
    replay: false,
    connect: (next) => {
      dispatch = next;
      return () => {};
    },
    perform: (effect) => effects.push(effect),
    sourceOf: () => Array.from({ length: 60 }, (_, index) => `const line${index + 1} = ${index + 1};`),
    onQuit: vi.fn(),
    now: () => 0,
    ...overrides,
  };
  const app = render(<App {...props} />);
  const frame = () => (app.lastFrame() ?? '').replace(ANSI, '');
  return { app, frame, effects, props, dispatch: (action: UiAction) => dispatch!(action) };
}

describe('App', () => {
  it('shows the list after the report and opens a spot with Enter', async () => {
    const { app, frame, dispatch } = renderApp();
    const report = goldenReport();
    dispatch({ type: 'report', spots: report.spots, agents: report.agents });
    await vi.waitFor(() => expect(frame()).toContain('SQL built from request parameter'));
    app.stdin.write('j');
    await vi.waitFor(() => expect(frame()).toMatch(/❯ HIGH agreed/));
    app.stdin.write('j\rf\r');
    await vi.waitFor(() => expect(frame()).toContain('Ask opus about'));
    app.stdin.write('\r');
    await vi.waitFor(() => expect(frame()).toContain('Why these findings are one spot'));
  });
});
