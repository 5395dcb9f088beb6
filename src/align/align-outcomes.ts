import type { AgentOutcome } from '../outcome.js';
import type { Spot } from '../report/report-schema.js';
import type { ReviewTask } from '../task.js';
import { alignFindings } from './align.js';

export interface Alignment {
  spots: Spot[];
  /** For each file, the agents that answered and had it in their input. */
  coverage: Record<string, string[]>;
}

/** The first round's answers → spots, with silence counted only where an agent saw the code. */
export function alignOutcomes(task: ReviewTask, outcomes: AgentOutcome[]): Alignment {
  const answered = outcomes.filter((outcome) => outcome.status === 'ok');
  const coverage = Object.fromEntries(
    task.files.map((file) => [file.path, answered.filter((outcome) => outcome.files.includes(file.path)).map((outcome) => outcome.agent.id).sort()]),
  );
  const spots = alignFindings({
    findings: answered.flatMap((outcome) => outcome.findings),
    coverage,
    contents: Object.fromEntries(task.files.map((file) => [file.path, file.content])),
  });
  return { spots, coverage };
}
