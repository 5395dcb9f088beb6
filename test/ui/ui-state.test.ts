import { describe, expect, it } from 'vitest';
import { anAgent } from '../helpers/builders.js';
import { aSpot, goldenReport } from '../helpers/report-builder.js';
import type { AgentOutcome } from '../../src/outcome.js';
import { hasUnfinishedWork, initialState, selectedSpot, uiReducer, visibleSpots, type UiAction, type UiState } from '../../src/ui/ui-state.js';

const run = (state: UiState, ...actions: UiAction[]) => actions.reduce(uiReducer, state);
const fresh = () => initialState({ agents: ['opus', 'codex'], now: 1000 });

function anOutcome(id: string, overrides: Partial<AgentOutcome> = {}): AgentOutcome {
  return { agent: anAgent({ id }), status: 'ok', findings: [], rawText: '', durationMs: 4200, warnings: [], files: ['a.ts'], usage: { inputTokens: 1500, outputTokens: 300 }, costUsd: 0.01, ...overrides };
}

function ready(): UiState {
  const report = goldenReport();
  return run(fresh(), { type: 'report', spots: report.spots, agents: report.agents });
}

describe('the live panel', () => {
  it('tracks each agent from waiting through running to its final status, with tokens, cost and reason', () => {
    const state = run(
      fresh(),
      { type: 'run-event', event: { type: 'run-start', agents: ['opus', 'codex'], files: ['a.ts'] }, at: 1000 },
      { type: 'run-event', event: { type: 'agent-start', agent: 'opus' }, at: 1100 },
      { type: 'run-event', event: { type: 'agent-start', agent: 'codex' }, at: 1100 },
      { type: 'run-event', event: { type: 'agent-end', outcome: anOutcome('opus') }, at: 5300 },
      { type: 'run-event', event: { type: 'agent-end', outcome: anOutcome('codex', { status: 'failed', reason: 'timeout', message: 'no answer in 120s', usage: undefined, costUsd: undefined }) }, at: 6000 },
    );
    expect(state.agents).toEqual([
      { id: 'opus', state: 'ok', answered: true, durationMs: 4200, findings: 0, inputTokens: 1500, outputTokens: 300, costUsd: 0.01 },
      { id: 'codex', state: 'failed', durationMs: 4200, findings: 0, reason: 'timeout', message: 'no answer in 120s' },
    ]);
    expect(state.phase).toBe('running');
  });

  it('sums an agent over the chunks of a large diff; one answered chunk makes it ok, as in the report', () => {
    const state = run(
      fresh(),
      { type: 'run-event', event: { type: 'agent-start', agent: 'opus' }, at: 0 },
      { type: 'run-event', event: { type: 'agent-end', outcome: anOutcome('opus', { status: 'failed', reason: 'timeout' }) }, at: 1 },
      { type: 'run-event', event: { type: 'agent-start', agent: 'opus' }, at: 2 },
      { type: 'run-event', event: { type: 'agent-end', outcome: anOutcome('opus') }, at: 3 },
    );
    expect(state.agents[0]).toMatchObject({ state: 'ok', reason: 'timeout', durationMs: 8400, inputTokens: 3000, outputTokens: 600, costUsd: 0.02 });
  });

  it('counts a running agent\'s time from its start', async () => {
    const { elapsedMs } = await import('../../src/ui/agent-rows.js');
    const state = run(fresh(), { type: 'run-event', event: { type: 'agent-start', agent: 'opus' }, at: 2000 }, { type: 'tick', now: 3500 });
    expect(elapsedMs(state.agents[0]!, state.now)).toBe(1500);
  });
});

describe('the spot list', () => {
  it('ranks by attention, most first, and selects the top spot when the report arrives', () => {
    const state = ready();
    expect(state.phase).toBe('ready');
    expect(state.spots.map((spot) => spot.attention)).toEqual([0.83, 0.64, 0.47, 0.2]);
    expect(selectedSpot(state)?.attention).toBe(0.83);
    expect(state.askable).toEqual(['opus', 'codex']);
  });

  it('moves within bounds and opens and closes the selected spot', () => {
    let state = run(ready(), { type: 'move', delta: 1 }, { type: 'move', delta: 10 });
    expect(selectedSpot(state)?.attention).toBe(0.2);
    state = run(state, { type: 'move', delta: -1 }, { type: 'open' });
    expect(state.view).toBe('detail');
    expect(selectedSpot(state)?.attention).toBe(0.47);
    expect(run(state, { type: 'close' }).view).toBe('list');
    expect(selectedSpot(run(state, { type: 'move-to', where: 'first' }))?.attention).toBe(0.83);
  });

  it('filters by status, severity (at least) and file, keeping the selection when it survives', () => {
    let state = run(ready(), { type: 'move', delta: 2 });
    state = run(state, { type: 'set-filter', filter: { text: '', file: 'src/cache.ts' } });
    expect(visibleSpots(state).map((spot) => spot.file)).toEqual(['src/cache.ts', 'src/cache.ts']);
    expect(selectedSpot(state)?.attention).toBe(0.47);
    state = run(state, { type: 'set-filter', filter: { text: '', severity: 'high' } });
    expect(visibleSpots(state).map((spot) => spot.severity)).toEqual(['critical', 'high', 'high']);
    expect(selectedSpot(state)?.attention).toBe(0.83);
    state = run(state, { type: 'set-filter', filter: { text: 'null' } });
    expect(visibleSpots(state).map((spot) => spot.title)).toEqual(['Possible null dereference']);
  });

  it('cycles the status filter through the statuses present and back to all', () => {
    const statuses: (string | undefined)[] = [];
    let state = ready();
    for (let index = 0; index < 5; index++) {
      state = run(state, { type: 'cycle-filter', field: 'status' });
      statuses.push(state.filter.status);
    }
    expect(statuses).toEqual(['agreed', 'solo', 'confirmed', 'refuted', undefined]);
  });

  it('records decisions and their undo, and keeps decisions loaded from earlier sessions', () => {
    const id = goldenReport().spots[0]!.id;
    let state = run(fresh(), { type: 'report', spots: goldenReport().spots, agents: goldenReport().agents, decisions: { [id]: { kind: 'accepted' } } });
    expect(state.decisions[id]).toEqual({ kind: 'accepted' });
    state = run(state, { type: 'decided', spotId: id, decision: { kind: 'dismissed', reason: 'test code' } });
    expect(state.decisions[id]).toEqual({ kind: 'dismissed', reason: 'test code' });
    expect(run(state, { type: 'decided', spotId: id }).decisions).toEqual({});
  });

  it('streams a follow-up answer into the spot and marks it done', () => {
    const spotId = 'x';
    const state = run(
      ready(),
      { type: 'follow-up-start', spotId, agent: 'codex', question: 'Is it reachable?' },
      { type: 'follow-up-text', spotId, text: 'Yes, ' },
      { type: 'follow-up-text', spotId, text: 'from the handler.' },
    );
    expect(hasUnfinishedWork(state)).toBe(true);
    const done = run(state, { type: 'follow-up-end', spotId, ok: true });
    expect(done.followUps[spotId]).toEqual([{ agent: 'codex', question: 'Is it reachable?', text: 'Yes, from the handler.', state: 'done' }]);
    expect(hasUnfinishedWork(done)).toBe(false);
  });

  it('replaces a verified spot and re-ranks; a failed verification leaves a notice', () => {
    const state = ready();
    const spot = state.spots[2]!;
    const verifying = run(state, { type: 'verify-start', spotId: spot.id });
    expect(hasUnfinishedWork(verifying)).toBe(true);
    const confirmed = { ...spot, status: 'confirmed' as const, attention: 0.9 };
    const after = run(verifying, { type: 'verify-end', spotId: spot.id, spots: state.spots.map((each) => (each.id === spot.id ? confirmed : each)) });
    expect(after.spots[0]).toEqual(confirmed);
    expect(after.verifying).toEqual([]);
    expect(run(verifying, { type: 'verify-end', spotId: spot.id, error: 'codex: timeout' }).notice).toBe('codex: timeout');
  });

  it('shows nothing selected when the filter leaves no spot, and opening then does nothing', () => {
    const state = run(ready(), { type: 'set-filter', filter: { text: 'no such words' } }, { type: 'open' });
    expect(selectedSpot(state)).toBeUndefined();
    expect(state.view).toBe('list');
    expect(run(fresh(), { type: 'report', spots: [aSpot()], agents: [] }).askable).toEqual([]);
  });
});
