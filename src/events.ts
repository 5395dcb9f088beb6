import type { AgentOutcome } from './outcome.js';

/** Everything the core tells the outside while a run is going; renderers choose what to show. */
export type RunEvent =
  | { type: 'run-start'; agents: string[]; files: string[] }
  | { type: 'agent-start'; agent: string }
  | { type: 'agent-end'; outcome: AgentOutcome }
  | { type: 'run-end'; outcomes: AgentOutcome[] };
