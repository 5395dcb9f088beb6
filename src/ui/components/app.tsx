import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { SPOT_STATUSES } from '../../report/report-schema.js';
import { describeFilter } from '../spot-filter.js';
import { interpretKey, splitKeys, type Effect } from '../keys.js';
import { spotDetailLines } from '../spot-detail-lines.js';
import type { Line } from '../styled-line.js';
import { hasUnfinishedWork, initialState, selectedIndex, selectedSpot, uiReducer, visibleSpots, type UiAction, type UiState } from '../ui-state.js';
import { AgentPanel } from './agent-panel.js';
import { Footer, footerLines, helpLines, Rule } from './footer.js';
import { SpotList } from './spot-list.js';
import { StyledLine, styleProps, ThemeContext, useTheme, type Theme } from './theme.js';

/** How the App reaches the outside: everything here is supplied by the session entry (or a test). */
export interface AppProps {
  theme: Theme;
  agents: string[];
  /** Title context: what is being reviewed. */
  files: string[];
  replay: boolean;
  /** Called once on mount: start (or load) the run and feed its progress back; returns a cleanup. */
  connect: (dispatch: (action: UiAction) => void) => () => void;
  /** Runs a key's effect against the session; results come back as actions. Quit is handled here. */
  perform: (effect: Exclude<Effect, { type: 'quit' }>, dispatch: (action: UiAction) => void) => void;
  /** The reviewed file's lines, for the excerpt. */
  sourceOf: (file: string) => readonly string[] | undefined;
  onQuit: (state: UiState, abort: boolean) => void;
  /** For tests: a fixed clock. */
  now?: () => number;
}

const TICK_MS = 125;

function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

function header(state: UiState, props: AppProps, columns: number): Line {
  const dot = ` ${props.theme.glyphs.separator} `;
  const files = props.files.length === 1 ? props.files[0]! : `${props.files.length} files`;
  const lead = `xcheck${props.replay ? ' (replay)' : ''}${dot}${files}`;
  if (state.phase === 'running') {
    const done = state.agents.filter((row) => row.state !== 'running' && row.state !== 'waiting').length;
    const all = state.agents.length > 0 && done === state.agents.length;
    return [{ text: lead, style: 'title' }, { text: all ? `${dot}second look at the disagreements` : `${dot}panel working: ${done}/${state.agents.length} agents done` }];
  }
  const counts = SPOT_STATUSES.map((status) => [status, state.spots.filter((spot) => spot.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`);
  const decided = Object.keys(state.decisions).length;
  const shown = visibleSpots(state).length;
  const filter = describeFilter(state.filter);
  const text = `${dot}${state.spots.length} spots${counts.length ? ` (${counts.join(', ')})` : ''}${filter ? `${dot}filter ${filter}: ${shown} shown` : ''}${decided ? `${dot}${decided} decided` : ''}`;
  return [{ text: lead, style: 'title' }, { text: text.length + lead.length > columns ? text.replace(/ \(.*?\)/, '') : text }];
}

/** The interactive session: live panel, ranked spots, detail, and the keys that turn them into decisions. */
export function App(props: AppProps) {
  const now = props.now ?? Date.now;
  const [state, dispatchToReact] = useReducer(uiReducer, { agents: props.agents, now: now() }, initialState);
  // Keys can arrive faster than React renders (a paste, keys sent together): each one must see the
  // state the previous one left, so the same pure reducer also runs here, ahead of the render.
  const latest = useRef(state);
  const dispatch = useCallback((action: UiAction) => {
    latest.current = uiReducer(latest.current, action);
    dispatchToReact(action);
  }, []);
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const busy = hasUnfinishedWork(state);

  useEffect(() => props.connect(dispatch), []);
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => dispatch({ type: 'tick', now: now() }), TICK_MS);
    return () => clearInterval(timer);
  }, [busy]);

  // One column spare: writing the last column makes some terminals wrap early.
  const width = Math.max(20, columns - 1);
  const footer = footerLines(state, width, props.theme.glyphs.ascii ? 'j/k' : '↑↓ j/k');
  const notice = state.notice ? 1 : 0;
  // Ink repaints the whole screen when its output is as tall as the terminal: stay one row short.
  const bodyHeight = Math.max(3, rows - 1 - 1 - state.agents.length - 2 - notice - footer.length);

  useInput((typed, pressed) => {
    for (const [input, key] of splitKeys(typed, pressed)) {
      const current = latest.current;
      const step = interpretKey(current, input, key, bodyHeight);
      if (current.notice && step.actions.length + (step.effect ? 1 : 0) > 0) dispatch({ type: 'notice' });
      for (const action of step.actions) dispatch(action);
      if (!step.effect) continue;
      if (step.effect.type === 'quit') {
        props.onQuit(current, step.effect.abort);
        exit();
        return;
      }
      props.perform(step.effect, dispatch);
    }
  });

  const spot = selectedSpot(state);
  let body: Line[] | undefined;
  if (state.overlay.kind === 'help') body = helpLines(width);
  else if (state.view === 'detail' && spot) {
    const source = props.sourceOf(spot.file);
    body = spotDetailLines({
      spot,
      width,
      color: props.theme.color,
      glyphs: props.theme.glyphs,
      ...(source ? { source } : {}),
      ...(state.decisions[spot.id] ? { decision: state.decisions[spot.id]! } : {}),
      followUps: state.followUps[spot.id] ?? [],
      verifying: state.verifying.includes(spot.id),
    });
  }
  const maxScroll = body ? Math.max(0, body.length - bodyHeight) : 0;
  const scroll = state.view !== 'detail' || state.overlay.kind === 'help' ? 0 : state.followTail ? maxScroll : Math.min(state.detailScroll, maxScroll);
  // Keep the stored position true to what is shown, so the next page key starts from here.
  useEffect(() => {
    if (state.view === 'detail' && body && state.detailScroll !== scroll) dispatch({ type: 'scroll-to', line: scroll });
  });

  return (
    <ThemeContext value={props.theme}>
      <Box flexDirection="column" width={width}>
        <StyledLine line={header(state, props, width)} />
        <AgentPanel rows={state.agents} now={state.now} frame={Math.floor(state.now / TICK_MS)} width={width} />
        <Rule width={width} />
        <Box flexDirection="column" height={bodyHeight}>
          {body ? (
            body.slice(scroll, scroll + bodyHeight).map((line, index) => <StyledLine key={index} line={line} />)
          ) : state.phase === 'running' ? (
            <Waiting />
          ) : (
            <SpotList spots={visibleSpots(state)} selected={selectedIndex(state)} height={bodyHeight} width={width} decisions={state.decisions} verifying={state.verifying} />
          )}
        </Box>
        <Rule width={width} />
        {state.notice ? <StyledLine line={[{ text: state.notice, style: 'warn' }]} /> : null}
        <Footer lines={footer} />
      </Box>
    </ThemeContext>
  );
}

function Waiting() {
  const { color } = useTheme();
  return <Text {...styleProps('dim', color)}>  The panel is reviewing; the spots appear here when every agent has answered.</Text>;
}

