import type { Spot } from '../report/report-schema.js';
import { describeFilter, filesOf, parseFilterQuery } from './spot-filter.js';
import { hasUnfinishedWork, selectedSpot, type UiAction, type UiState } from './ui-state.js';

/** The keys Ink reports; only the ones the session uses, all optional so tests stay short. */
export interface KeyPress {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
  meta?: boolean;
}

/** Work a key asks for that the screen state alone cannot do: the App runs it against the session. */
export type Effect =
  | { type: 'decide'; spot: Spot; kind: 'accepted' | 'dismissed'; reason?: string }
  | { type: 'undecide'; spot: Spot }
  | { type: 'verify'; spot: Spot }
  | { type: 'ask'; spot: Spot; agent: string; question: string }
  | { type: 'edit'; file: string; line: number }
  | { type: 'quit'; abort: boolean };

export interface Step {
  actions: UiAction[];
  effect?: Effect;
}

const none: Step = { actions: [] };
const act = (...actions: UiAction[]): Step => ({ actions });
const closeOverlay: UiAction = { type: 'overlay', overlay: { kind: 'none' } };

/** Text entry: printable characters append, Backspace erases, Enter submits, Esc cancels. */
function editText(value: string, input: string, key: KeyPress): { value: string; submit?: boolean; cancel?: boolean } {
  if (key.escape) return { value, cancel: true };
  if (key.return) return { value, submit: true };
  if (key.backspace || key.delete) return { value: value.slice(0, -1) };
  if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab) return { value };
  // Pasted text may carry newlines or escapes; only printable characters are kept.
  return { value: value + input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '') };
}

function overlayStep(state: UiState, input: string, key: KeyPress): Step | undefined {
  const { overlay } = state;
  const spot = selectedSpot(state);
  switch (overlay.kind) {
    case 'none':
      return undefined;
    case 'help':
      return act(closeOverlay);
    case 'confirm-quit':
      if (input === 'y' || input === 'Y') return { actions: [closeOverlay], effect: { type: 'quit', abort: true } };
      return act(closeOverlay);
    case 'pick-agent': {
      const count = state.askable.length;
      if (key.escape) return act(closeOverlay);
      if (key.upArrow || input === 'k') return act({ type: 'overlay', overlay: { kind: 'pick-agent', index: (overlay.index + count - 1) % count } });
      if (key.downArrow || input === 'j' || key.tab) return act({ type: 'overlay', overlay: { kind: 'pick-agent', index: (overlay.index + 1) % count } });
      const byNumber = /^[1-9]$/.test(input) ? Number(input) - 1 : undefined;
      const chosen = key.return ? overlay.index : byNumber !== undefined && byNumber < count ? byNumber : undefined;
      if (chosen === undefined) return none;
      return act({ type: 'overlay', overlay: { kind: 'input', purpose: 'question', value: '', agent: state.askable[chosen]! } });
    }
    case 'input': {
      const edit = editText(overlay.value, input, key);
      if (edit.cancel) return act(closeOverlay);
      if (!edit.submit) {
        const next: UiAction = { type: 'overlay', overlay: { ...overlay, value: edit.value } };
        // The list narrows while the filter is typed.
        if (overlay.purpose === 'filter') return act(next, { type: 'set-filter', filter: parseFilterQuery(edit.value, filesOf(state.spots)) });
        return act(next);
      }
      if (overlay.purpose === 'filter') return act(closeOverlay, { type: 'set-filter', filter: parseFilterQuery(edit.value, filesOf(state.spots)) });
      if (!spot) return act(closeOverlay);
      if (overlay.purpose === 'dismiss') {
        const reason = edit.value.trim();
        return { actions: [closeOverlay], effect: { type: 'decide', spot, kind: 'dismissed', ...(reason ? { reason } : {}) } };
      }
      const question = edit.value.trim();
      if (!question || !overlay.agent) return act(closeOverlay);
      return { actions: [closeOverlay], effect: { type: 'ask', spot, agent: overlay.agent, question } };
    }
  }
}

/** Pure: what a key press does in this state. `page` is how many rows the body shows. */
export function interpretKey(state: UiState, input: string, key: KeyPress, page: number): Step {
  const inOverlay = overlayStep(state, input, key);
  if (inOverlay) return inOverlay;
  const spot = selectedSpot(state);
  const detail = state.view === 'detail';
  if (input === 'q' || (key.ctrl && input === 'c')) {
    if (hasUnfinishedWork(state)) return act({ type: 'overlay', overlay: { kind: 'confirm-quit' } });
    return { actions: [], effect: { type: 'quit', abort: false } };
  }
  if (input === '?') return act({ type: 'overlay', overlay: { kind: 'help' } });
  if (key.upArrow || input === 'k') return act({ type: 'move', delta: -1 });
  if (key.downArrow || input === 'j') return act({ type: 'move', delta: 1 });
  if (detail && key.home) return act({ type: 'scroll-to', line: 0 });
  // Past the end: the view stops at its last page.
  if (detail && key.end) return act({ type: 'scroll-to', line: Number.MAX_SAFE_INTEGER });
  if (key.home || input === 'g') return act({ type: 'move-to', where: 'first' });
  if (key.end || input === 'G') return act({ type: 'move-to', where: 'last' });
  if (detail && (key.pageDown || input === ' ')) return act({ type: 'scroll', delta: Math.max(1, page - 2) });
  if (detail && (key.pageUp || input === 'b')) return act({ type: 'scroll', delta: -Math.max(1, page - 2) });
  if (detail && (input === 'J' || key.rightArrow)) return act({ type: 'scroll', delta: 1 });
  if (detail && (input === 'K' || key.leftArrow)) return act({ type: 'scroll', delta: -1 });
  if (!detail && key.pageDown) return act({ type: 'move', delta: Math.max(1, page - 1) });
  if (!detail && key.pageUp) return act({ type: 'move', delta: -Math.max(1, page - 1) });
  if (key.return || (!detail && key.rightArrow)) return detail ? act({ type: 'close' }) : act({ type: 'open' });
  if (key.escape || (detail && key.leftArrow)) return detail ? act({ type: 'close' }) : state.filter.text || describeFilter(state.filter) ? act({ type: 'set-filter', filter: { text: '' } }) : none;
  if (input === '/') return act({ type: 'overlay', overlay: { kind: 'input', purpose: 'filter', value: describeFilter(state.filter).replace(/"/g, '').replace('severity>=', 'severity:') } });
  if (input === 's') return act({ type: 'cycle-filter', field: 'status' });
  if (input === 'l') return act({ type: 'cycle-filter', field: 'severity' });
  if (input === 'F') return act({ type: 'cycle-filter', field: 'file' });
  if (input === 'c') return act({ type: 'set-filter', filter: { text: '' } });
  if (!spot) return none;
  if (input === 'a') return state.decisions[spot.id]?.kind === 'accepted' ? { actions: [], effect: { type: 'undecide', spot } } : { actions: [], effect: { type: 'decide', spot, kind: 'accepted' } };
  if (input === 'd') {
    if (state.decisions[spot.id]?.kind === 'dismissed') return { actions: [], effect: { type: 'undecide', spot } };
    return act({ type: 'overlay', overlay: { kind: 'input', purpose: 'dismiss', value: '' } });
  }
  if (input === 'v') {
    if (state.phase !== 'ready') return act({ type: 'notice', text: 'The panel is still running; verify once the report is in.' });
    if (state.verifying.includes(spot.id)) return act({ type: 'notice', text: 'Already verifying this spot.' });
    return { actions: [], effect: { type: 'verify', spot } };
  }
  if (input === 'f') {
    if (state.askable.length === 0) return act({ type: 'notice', text: 'No agent answered this run, so there is nobody to ask.' });
    return act({ type: 'overlay', overlay: { kind: 'pick-agent', index: 0 } });
  }
  if (input === 'o') return { actions: [], effect: { type: 'edit', file: spot.file, line: spot.startLine } };
  return none;
}

const SPECIAL: Record<string, KeyPress> = { '\r': { return: true }, '\n': { return: true }, '\t': { tab: true }, '\u007f': { backspace: true }, '\b': { backspace: true }, '\u001b': { escape: true } };

/**
 * Ink hands over what one read returned: keys typed quickly, sent together (tmux send-keys) or
 * pasted arrive as one string such as "j\rf". Each character becomes its own key press, so every
 * one of them acts on the state the one before left.
 */
export function splitKeys(input: string, key: KeyPress): [string, KeyPress][] {
  const flagged = Object.entries(key).some(([name, value]) => value === true && name !== 'shift');
  const characters = [...input];
  if (flagged || characters.length <= 1) return [[input, key]];
  return characters.map((character) => {
    const special = SPECIAL[character];
    return special ? ['', special] : [character, {}];
  });
}
