import { render } from 'ink-testing-library';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { anAgent } from '../helpers/builders.js';
import { aSpot, goldenReport } from '../helpers/report-builder.js';
import type { AgentOutcome } from '../../src/outcome.js';
import { App, type AppProps } from '../../src/ui/components/app.js';
import { pickGlyphs } from '../../src/ui/glyphs.js';
import type { Effect } from '../../src/ui/keys.js';
import type { UiAction } from '../../src/ui/ui-state.js';

// Ink's chalk would print no styles at all to a test stream; forced on, the colour tests mean something.
const previousForceColor = vi.hoisted(() => {
  const previous = process.env.FORCE_COLOR;
  process.env.FORCE_COLOR = '3';
  return previous;
});
afterAll(() => {
  if (previousForceColor === undefined) delete process.env.FORCE_COLOR;
  else process.env.FORCE_COLOR = previousForceColor;
});

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
const SOURCE = Array.from({ length: 60 }, (_, index) => `const line${index + 1} = ${index + 1};`);

/** The App with a scripted outside: `dispatch` stands for the session, effects are recorded. */
function renderApp(overrides: Partial<AppProps> = {}) {
  let dispatch: ((action: UiAction) => void) | undefined;
  const effects: Effect[] = [];
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
    sourceOf: () => SOURCE,
    onQuit: vi.fn(),
    now: () => 10_000,
    ...overrides,
  };
  const app = render(<App {...props} />);
  const raw = () => app.lastFrame() ?? '';
  const frame = () => raw().replace(ANSI, '');
  const resize = (columns: number) => {
    Object.defineProperty(app.stdout, 'columns', { value: columns, configurable: true });
    app.stdout.emit('resize');
  };
  return { app, raw, frame, effects, props, resize, dispatch: (action: UiAction) => dispatch!(action) };
}

function withReport(overrides: Partial<AppProps> = {}) {
  const view = renderApp(overrides);
  const report = goldenReport();
  view.dispatch({ type: 'report', spots: report.spots, agents: report.agents });
  return view;
}

const outcome = (id: string, overrides: Partial<AgentOutcome> = {}): AgentOutcome => ({
  agent: anAgent({ id }), status: 'ok', findings: [], rawText: '', durationMs: 4200, warnings: [], files: [], usage: { inputTokens: 21_000, outputTokens: 420 }, costUsd: 0.021, ...overrides,
});

describe('the live panel', () => {
  it.each([
    ['waiting', [], /· opus +0\.0s +- in\/- out +- +waiting/],
    ['running', [{ type: 'agent-start', agent: 'opus' }], /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] opus +2\.5s +- in\/- out +- +running/],
    ['ok', [{ type: 'agent-start', agent: 'opus' }, { type: 'agent-end', outcome: outcome('opus') }], /✓ opus +4\.2s +21k in\/420 out +\$0\.0210 +0 findings/],
    ['failed: timeout', [{ type: 'agent-end', outcome: outcome('opus', { status: 'failed', reason: 'timeout', message: 'no answer within 120 s', usage: undefined, costUsd: undefined }) }], /✗ opus .* unpriced +timeout: no answer within 120 s/],
    ['skipped', [{ type: 'agent-end', outcome: outcome('opus', { status: 'skipped', reason: 'no-credentials', message: 'set ANTHROPIC_API_KEY' }) }], /– opus .* no-credentials: set ANTHROPIC_API_KEY/],
    ['second look', [{ type: 'agent-end', outcome: outcome('opus') }, { type: 'followup-start', kind: 'verify', agent: 'opus', spots: ['a', 'b'] }], /opus .* verify 2 spots \(0 findings\)/],
  ] as const)('shows an agent that is %s', async (_, events, expected) => {
    const { frame, dispatch } = renderApp();
    for (const event of events) dispatch({ type: 'run-event', event: event as never, at: 7500 });
    await vi.waitFor(() => expect(frame()).toMatch(expected));
  });

  it('says the model text of a failure without its terminal escapes', async () => {
    const { raw, dispatch } = renderApp();
    dispatch({ type: 'run-event', event: { type: 'agent-end', outcome: outcome('opus', { status: 'failed', reason: 'exit-code', message: 'boom \u001b]0;pwned\u0007\u001b[31mred' }) }, at: 0 });
    await vi.waitFor(() => expect(raw()).toContain('boom red'));
    expect(raw()).not.toContain('pwned');
  });
});

describe('the spot list and detail', () => {
  it('lists spots by attention with a header of counts, and opens one with Enter', async () => {
    const { app, frame } = withReport();
    await vi.waitFor(() => expect(frame()).toContain('4 spots (1 agreed, 1 solo, 1 confirmed, 1 refuted)'));
    expect(frame().split('\n').filter((line) => /\d\.\d\d /.test(line)).map((line) => line.match(/ (\d\.\d\d) /)![1])).toEqual(['0.83', '0.64', '0.47', '0.20']);
    app.stdin.write('j');
    await vi.waitFor(() => expect(frame()).toMatch(/❯ HIGH agreed/));
    app.stdin.write('\r');
    await vi.waitFor(() => expect(frame()).toContain('▶ 12 │ const line12 = 12;'));
    app.stdin.write(' ');
    await vi.waitFor(() => expect(frame()).toContain('How opus and codex put it (word diff)'));
  });

  it('puts the findings side by side when wide and stacks them when narrow, following a resize', async () => {
    const { app, frame, resize } = withReport();
    resize(120);
    app.stdin.write('j\r');
    await vi.waitFor(() => expect(frame()).toMatch(/opus \(high.*│ codex \(high/));
    resize(80);
    await vi.waitFor(() => expect(frame()).not.toMatch(/│ codex \(high/));
    expect(frame()).toMatch(/^codex \(high/m);
    for (const line of frame().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('without colour, the selection and cited lines still show by their markers', async () => {
    const { app, raw, frame } = withReport();
    await vi.waitFor(() => expect(frame()).toMatch(/^❯ CRIT confirmed/m));
    app.stdin.write('\r');
    await vi.waitFor(() => expect(frame()).toMatch(/^▶ 40 │/m));
    expect(raw()).not.toMatch(/\u001b\[(3[0-8]|9[0-7])(;\d+)*m/);
  });

  it('with colour, severities are coloured and the selection is inverse', async () => {
    const { raw } = withReport({ theme: { color: true, glyphs: pickGlyphs({ LANG: 'C.UTF-8' }) } });
    await vi.waitFor(() => expect(raw()).toContain('Possible null dereference'));
    expect(raw()).toMatch(/\u001b\[31mHIGH/);
    expect(raw()).toMatch(/\u001b\[7m/);
  });

  it('streams a follow-up answer into the open spot and keeps its end in view', async () => {
    const { app, frame, dispatch, effects } = withReport();
    app.stdin.write('j\r');
    await vi.waitFor(() => expect(frame()).toContain('▶ 12'));
    app.stdin.write('f2');
    app.stdin.write('Is the bound wrong?\r');
    await vi.waitFor(() => expect(effects).toEqual([expect.objectContaining({ type: 'ask', agent: 'codex', question: 'Is the bound wrong?' })]));
    const spotId = goldenReport().spots[0]!.id;
    dispatch({ type: 'follow-up-start', spotId, agent: 'codex', question: 'Is the bound wrong?' });
    for (const word of ['Yes, ', 'it stops ', 'one short.']) dispatch({ type: 'follow-up-text', spotId, text: word });
    await vi.waitFor(() => expect(frame()).toContain('Yes, it stops one short.'));
    expect(frame()).toContain('You asked codex: Is the bound wrong?');
  });

  it('shows the help with ?, and the filter prompt narrows the list as it is typed', async () => {
    const { app, frame } = withReport();
    app.stdin.write('?');
    await vi.waitFor(() => expect(frame()).toContain('dismiss it, with an optional reason'));
    app.stdin.write('x');
    await vi.waitFor(() => expect(frame()).not.toContain('dismiss it, with an optional reason'));
    app.stdin.write('/cache');
    await vi.waitFor(() => expect(frame()).toContain('filter "cache": 2 shown'));
    expect(frame()).not.toContain('SQL built from request parameter');
  });

  it('keeps a long list inside the screen, scrolled to the selection', async () => {
    const { app, frame, dispatch } = renderApp();
    const spots = Array.from({ length: 40 }, (_, index) => aSpot({ id: `s${index}`, title: `Spot number ${index}`, attention: 1 - index / 100 }));
    dispatch({ type: 'report', spots, agents: goldenReport().agents });
    await vi.waitFor(() => expect(frame()).toContain('Spot number 0'));
    expect(frame().split('\n').length).toBeLessThan(24);
    app.stdin.write('G');
    await vi.waitFor(() => expect(frame()).toMatch(/❯ .*Spot number 39/));
    expect(frame()).not.toContain('Spot number 0 ');
    expect(frame().split('\n').length).toBeLessThan(24);
  });

  it('quits through onQuit, asking first while the panel still runs', async () => {
    const onQuit = vi.fn();
    const { app, frame } = renderApp({ onQuit });
    app.stdin.write('q');
    await vi.waitFor(() => expect(frame()).toContain('Stop it and quit?'));
    app.stdin.write('y');
    await vi.waitFor(() => expect(onQuit).toHaveBeenCalledWith(expect.objectContaining({ phase: 'running' }), true));
  });
});
