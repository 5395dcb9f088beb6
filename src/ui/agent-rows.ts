import type { RunEvent } from '../events.js';
import type { AgentReport } from '../report/report-schema.js';

/** One row of the live panel. Large diffs run in chunks, so an agent can start and end several times. */
export interface AgentRow {
  id: string;
  state: 'waiting' | 'running' | 'ok' | 'failed' | 'skipped';
  /** When its current or first call started (ms since epoch, stamped by the dispatcher). */
  startedAt?: number;
  /** Time spent in finished calls. */
  durationMs: number;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
  findings: number;
  reason?: string;
  message?: string;
  cached?: boolean;
  /** Some call (chunk) of this agent answered: like the report, the agent counts as ok. */
  answered?: boolean;
  /** A follow-up call in flight (second look, a question): what it is about. */
  activity?: string;
  /** Started of the follow-up call in flight. */
  activitySince?: number;
}

const waiting = (id: string): AgentRow => ({ id, state: 'waiting', durationMs: 0, findings: 0 });

function update(rows: AgentRow[], id: string, change: (row: AgentRow) => AgentRow): AgentRow[] {
  return rows.some((row) => row.id === id) ? rows.map((row) => (row.id === id ? change(row) : row)) : [...rows, change(waiting(id))];
}

const add = (a: number | undefined, b: number | undefined) => (a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0));

/** Pure: the panel after one run event at time `at`. */
export function reduceAgentRows(rows: AgentRow[], event: RunEvent, at: number): AgentRow[] {
  switch (event.type) {
    case 'run-start':
      return event.agents.reduce((next, id) => (next.some((row) => row.id === id) ? next : [...next, waiting(id)]), rows);
    case 'agent-start':
      return update(rows, event.agent, (row) => ({ ...row, state: 'running', startedAt: at }));
    case 'agent-end': {
      const { outcome } = event;
      return update(rows, outcome.agent.id, (row) => {
        const answered = row.answered || outcome.status === 'ok';
        const state = answered ? 'ok' : outcome.status;
        const { startedAt: _, ...rest } = row;
        const inputTokens = add(row.inputTokens, outcome.usage?.inputTokens);
        const outputTokens = add(row.outputTokens, outcome.usage?.outputTokens);
        const costUsd = add(row.costUsd, outcome.costUsd);
        return {
          ...rest,
          state,
          ...(answered ? { answered } : {}),
          durationMs: row.durationMs + outcome.durationMs,
          findings: row.findings + outcome.findings.length,
          ...(inputTokens !== undefined ? { inputTokens } : {}),
          ...(outputTokens !== undefined ? { outputTokens } : {}),
          ...(costUsd !== undefined ? { costUsd } : {}),
          ...(outcome.reason ? { reason: outcome.reason } : {}),
          ...(outcome.message ? { message: outcome.message } : {}),
        };
      });
    }
    case 'followup-start':
      return update(rows, event.agent, (row) => ({ ...row, activity: `${event.kind} ${event.spots.length} spot${event.spots.length === 1 ? '' : 's'}`, activitySince: at }));
    case 'followup-end':
      return update(rows, event.agent, (row) => {
        const { activity: _, activitySince: __, ...rest } = row;
        const { record } = event;
        const inputTokens = add(row.inputTokens, record.usage?.inputTokens);
        const outputTokens = add(row.outputTokens, record.usage?.outputTokens);
        const costUsd = add(row.costUsd, record.costUsd);
        return {
          ...rest,
          ...(inputTokens !== undefined ? { inputTokens } : {}),
          ...(outputTokens !== undefined ? { outputTokens } : {}),
          ...(costUsd !== undefined ? { costUsd } : {}),
        };
      });
    default:
      return rows;
  }
}

/** The panel of a finished report (a replay, or the final truth after a live run). */
export function rowsFromReport(agents: readonly AgentReport[]): AgentRow[] {
  return agents.map((agent) => ({
    id: agent.id,
    state: agent.status,
    durationMs: agent.durationMs,
    findings: agent.findingCount,
    ...(agent.usage ? { inputTokens: agent.usage.inputTokens, outputTokens: agent.usage.outputTokens } : {}),
    ...(agent.costUsd !== undefined ? { costUsd: agent.costUsd } : {}),
    ...(agent.reason ? { reason: agent.reason } : {}),
    ...(agent.message ? { message: agent.message } : {}),
    ...(agent.cached ? { cached: true } : {}),
  }));
}

export function elapsedMs(row: AgentRow, now: number): number {
  const since = row.state === 'running' ? row.startedAt : row.activitySince;
  return row.durationMs + (since !== undefined ? Math.max(0, now - since) : 0);
}
