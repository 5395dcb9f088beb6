import type { AgentOutcome } from './outcome.js';
import type { Report } from './report/report-schema.js';

/** A call after the first round: verification, arbitration, or a question asked in the session. */
export type FollowUpKind = 'verify' | 'arbitrate' | 'question';

/** Everything the core tells the outside while a run is going; renderers choose what to show. */
export type RunEvent =
  | { type: 'run-start'; agents: string[]; files: string[] }
  | { type: 'agent-start'; agent: string; backend?: string; model?: string }
  | { type: 'agent-end'; outcome: AgentOutcome }
  | { type: 'run-end'; outcomes: AgentOutcome[] }
  /** A second-look call starts (one per agent and batch of spots). */
  | { type: 'followup-start'; kind: FollowUpKind; agent: string; spots: string[] }
  /** …and ends: status, reason, usage, cost and duration are in the record. */
  | { type: 'followup-end'; kind: FollowUpKind; agent: string; record: Omit<Report['followUps'][number], 'kind'> };
