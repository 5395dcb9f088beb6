import type { RunEvent } from '../events.js';
import type { AgentReport, Spot } from '../report/report-schema.js';
import { reduceAgentRows, rowsFromReport, type AgentRow } from './agent-rows.js';
import { applyFilter, cycle, filesOf, NO_FILTER, rankSpots, statusesOf, type SpotFilter } from './spot-filter.js';
import { SEVERITIES } from '../finding.js';

export interface SpotDecision {
  kind: 'accepted' | 'dismissed';
  reason?: string;
}

export interface FollowUpView {
  agent: string;
  question: string;
  text: string;
  state: 'streaming' | 'done' | 'failed';
}

export type Overlay =
  | { kind: 'none' }
  | { kind: 'help' }
  | { kind: 'input'; purpose: 'filter' | 'dismiss' | 'question'; value: string; agent?: string }
  | { kind: 'pick-agent'; index: number }
  | { kind: 'confirm-quit' };

export interface UiState {
  /** running: the panel is working; ready: the report is in; canceled: the run was stopped. */
  phase: 'running' | 'ready';
  now: number;
  agents: AgentRow[];
  /** Ranked by attention, most first. */
  spots: Spot[];
  filter: SpotFilter;
  selectedId?: string;
  view: 'list' | 'detail';
  detailScroll: number;
  /** The detail view sticks to its end while a follow-up answer streams in (until the user scrolls). */
  followTail: boolean;
  overlay: Overlay;
  decisions: Record<string, SpotDecision>;
  followUps: Record<string, FollowUpView[]>;
  /** Spots with a verification call in flight. */
  verifying: string[];
  /** Agents that can take a follow-up question (those that answered). */
  askable: string[];
  notice?: string;
}

export type UiAction =
  | { type: 'run-event'; event: RunEvent; at: number }
  | { type: 'tick'; now: number }
  | { type: 'report'; spots: Spot[]; agents: AgentReport[]; decisions?: Record<string, SpotDecision>; askable?: string[]; followUps?: Record<string, FollowUpView[]> }
  | { type: 'move'; delta: number }
  | { type: 'move-to'; where: 'first' | 'last' }
  | { type: 'open' }
  | { type: 'close' }
  | { type: 'scroll'; delta: number }
  /** The view's own correction: the end moved (lines were added) or the text got shorter. */
  | { type: 'scroll-to'; line: number }
  | { type: 'set-filter'; filter: SpotFilter }
  | { type: 'cycle-filter'; field: 'status' | 'severity' | 'file' }
  | { type: 'overlay'; overlay: Overlay }
  | { type: 'decided'; spotId: string; decision?: SpotDecision }
  | { type: 'follow-up-start'; spotId: string; agent: string; question: string }
  | { type: 'follow-up-text'; spotId: string; text: string }
  | { type: 'follow-up-end'; spotId: string; ok: boolean; error?: string }
  | { type: 'verify-start'; spotId: string }
  | { type: 'verify-end'; spotId: string; spots?: Spot[]; error?: string }
  | { type: 'notice'; text?: string };

export function initialState(options: { agents: string[]; now: number }): UiState {
  return {
    phase: 'running',
    now: options.now,
    agents: options.agents.map((id) => ({ id, state: 'waiting', durationMs: 0, findings: 0 })),
    spots: [],
    filter: NO_FILTER,
    view: 'list',
    detailScroll: 0,
    followTail: false,
    overlay: { kind: 'none' },
    decisions: {},
    followUps: {},
    verifying: [],
    askable: [],
  };
}

export function visibleSpots(state: UiState): Spot[] {
  return applyFilter(state.spots, state.filter);
}

/** Index of the selection in the visible list; the first spot when the selection is filtered out. */
export function selectedIndex(state: UiState): number {
  const visible = visibleSpots(state);
  const index = visible.findIndex((spot) => spot.id === state.selectedId);
  return index < 0 ? 0 : index;
}

export function selectedSpot(state: UiState): Spot | undefined {
  return visibleSpots(state)[selectedIndex(state)];
}

function select(state: UiState, index: number): UiState {
  const visible = visibleSpots(state);
  if (visible.length === 0) return state;
  const clamped = Math.min(visible.length - 1, Math.max(0, index));
  const spot = visible[clamped]!;
  return spot.id === state.selectedId ? state : { ...state, selectedId: spot.id, detailScroll: 0, followTail: false };
}

function withFilter(state: UiState, filter: SpotFilter): UiState {
  const next = { ...state, filter, detailScroll: 0 };
  // Keep the selection when it survives the filter, else the top spot.
  return select(next, selectedIndex(next));
}

function cycleFilter(state: UiState, field: 'status' | 'severity' | 'file'): SpotFilter {
  const { filter, spots } = state;
  if (field === 'status') return withField(filter, 'status', cycle(statusesOf(spots), filter.status));
  if (field === 'severity') return withField(filter, 'severity', cycle(SEVERITIES.slice(0, -1), filter.severity));
  return withField(filter, 'file', cycle(filesOf(spots), filter.file));
}

function withField<K extends 'status' | 'severity' | 'file'>(filter: SpotFilter, key: K, value: SpotFilter[K]): SpotFilter {
  const next: SpotFilter = { ...filter };
  delete next[key];
  return value === undefined ? next : { ...next, [key]: value };
}

function updateLastFollowUp(state: UiState, spotId: string, change: (followUp: FollowUpView) => FollowUpView): UiState {
  const list = state.followUps[spotId] ?? [];
  const last = list.at(-1);
  if (!last) return state;
  return { ...state, followUps: { ...state.followUps, [spotId]: [...list.slice(0, -1), change(last)] } };
}

/** The whole session's screen state; pure, so every key flow is testable without a terminal. */
export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'run-event':
      return { ...state, agents: reduceAgentRows(state.agents, action.event, action.at), now: Math.max(state.now, action.at) };
    case 'tick':
      return { ...state, now: action.now };
    case 'report': {
      const next: UiState = {
        ...state,
        phase: 'ready',
        spots: rankSpots(action.spots),
        agents: rowsFromReport(action.agents),
        askable: action.askable ?? action.agents.filter((agent) => agent.status === 'ok').map((agent) => agent.id),
        decisions: { ...action.decisions, ...state.decisions },
        followUps: { ...action.followUps, ...state.followUps },
        overlay: state.overlay.kind === 'confirm-quit' ? { kind: 'none' } : state.overlay,
      };
      return select(next, selectedIndex(next));
    }
    case 'move':
      return select(state, selectedIndex(state) + action.delta);
    case 'move-to':
      return select(state, action.where === 'first' ? 0 : visibleSpots(state).length - 1);
    case 'open':
      return selectedSpot(state) ? { ...select(state, selectedIndex(state)), view: 'detail', detailScroll: 0, followTail: false } : state;
    case 'close':
      return { ...state, view: 'list', detailScroll: 0, followTail: false };
    case 'scroll':
      return { ...state, detailScroll: Math.max(0, state.detailScroll + action.delta), followTail: false };
    case 'scroll-to':
      return { ...state, detailScroll: Math.max(0, action.line) };
    case 'set-filter':
      return withFilter(state, action.filter);
    case 'cycle-filter':
      return withFilter(state, cycleFilter(state, action.field));
    case 'overlay':
      return { ...state, overlay: action.overlay };
    case 'decided': {
      const { [action.spotId]: _, ...rest } = state.decisions;
      return { ...state, decisions: action.decision ? { ...rest, [action.spotId]: action.decision } : rest };
    }
    case 'follow-up-start': {
      const list = state.followUps[action.spotId] ?? [];
      const entry: FollowUpView = { agent: action.agent, question: action.question, text: '', state: 'streaming' };
      const shown = state.view === 'detail' && selectedSpot(state)?.id === action.spotId;
      return { ...state, followUps: { ...state.followUps, [action.spotId]: [...list, entry] }, ...(shown ? { followTail: true } : {}) };
    }
    case 'follow-up-text':
      return updateLastFollowUp(state, action.spotId, (followUp) => ({ ...followUp, text: followUp.text + action.text }));
    case 'follow-up-end':
      return updateLastFollowUp(state, action.spotId, (followUp) => ({
        ...followUp,
        state: action.ok ? 'done' : 'failed',
        ...(action.error ? { text: `${followUp.text}${followUp.text ? '\n' : ''}${action.error}` } : {}),
      }));
    case 'verify-start':
      return state.verifying.includes(action.spotId) ? state : { ...state, verifying: [...state.verifying, action.spotId] };
    case 'verify-end': {
      const next = { ...state, verifying: state.verifying.filter((id) => id !== action.spotId), ...(action.spots ? { spots: rankSpots(action.spots) } : {}) };
      return action.error ? { ...next, notice: action.error } : next;
    }
    case 'notice': {
      const { notice: _, ...rest } = state;
      return action.text ? { ...rest, notice: action.text } : rest;
    }
  }
}

/** Work that is still going: quitting now would throw it away. */
export function hasUnfinishedWork(state: UiState): boolean {
  return state.phase === 'running' || state.verifying.length > 0 || Object.values(state.followUps).some((list) => list.some((entry) => entry.state === 'streaming'));
}
