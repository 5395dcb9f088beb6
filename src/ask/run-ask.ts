import type { AgentDefinition } from '../agents.js';
import type { Backend, FailureReason, Usage } from '../backends/backend.js';
import { canLaunch, charge, createBudget } from '../verify/budget.js';
import type { Answer } from './answer.js';
import { askReplyJsonSchema } from './answer.js';
import type { AskInput } from './ask-input.js';
import { askPrompt, revisePrompt } from './ask-prompt.js';
import { compareAll } from './compare/compare-all.js';
import { compareAnswers } from './compare/compare-answers.js';
import { safeParseAnswer } from './parse-answer.js';

export interface AskOutcome {
  agent: AgentDefinition;
  status: 'ok' | 'failed' | 'skipped';
  reason?: FailureReason | 'budget';
  message?: string;
  answer?: Answer;
  format?: string;
  rawText: string;
  usage?: Usage;
  costUsd?: number;
  durationMs: number;
  warnings: string[];
}

export interface AskOptions {
  agents: AgentDefinition[];
  backendFor: (agent: AgentDefinition) => Backend;
  signal: AbortSignal;
  cwd: string;
  /** One revise-or-defend round when the answers disagree. */
  escalate: boolean;
  maxCostUsd?: number;
}

export interface Revision {
  agent: string;
  /** Whose answer it was shown (anonymized in the prompt). */
  shown: string;
  before: string;
  after?: string;
  changed: boolean;
}

export interface AskResult {
  outcomes: AskOutcome[];
  comparison: ReturnType<typeof compareAll>;
  escalation?: { outcomes: AskOutcome[]; revisions: Revision[]; comparison: ReturnType<typeof compareAll> };
}

async function askOne(agent: AgentDefinition, prompt: string, options: AskOptions, purpose: 'ask' | 'ask-revise' = 'ask'): Promise<AskOutcome> {
  const result = await options.backendFor(agent).run({ agent, prompt, replySchema: askReplyJsonSchema, cwd: options.cwd, purpose }, { signal: options.signal });
  const base = { agent, durationMs: result.durationMs, warnings: [...result.warnings], ...(result.usage ? { usage: result.usage } : {}), ...(result.costUsd !== undefined ? { costUsd: result.costUsd } : {}) };
  if (result.status === 'failed') return { ...base, status: 'failed', reason: result.reason, message: result.message, rawText: result.rawOutput };
  const parsed = safeParseAnswer(result.text, { agent: agent.id, structured: result.structured });
  if (!parsed.success) return { ...base, status: 'failed', reason: 'unparsable', message: `the reply has no answer xcheck can read: ${parsed.error}`, rawText: result.text };
  return { ...base, status: 'ok', answer: parsed.answer, format: parsed.format, rawText: result.text, warnings: [...base.warnings, ...parsed.warnings] };
}

const answered = (outcomes: AskOutcome[]) => outcomes.flatMap((outcome) => (outcome.status === 'ok' && outcome.answer ? [outcome.answer] : []));

/**
 * The panel answers in parallel; the answers are compared. On disagreement each agent sees one
 * answer it disagrees with, anonymously, and may revise or defend (one round, within the budget);
 * what changed is recorded and the answers are compared again.
 */
export async function runAsk(input: AskInput, options: AskOptions): Promise<AskResult> {
  const outcomes = await Promise.all(options.agents.map(async (agent) => askOne(agent, await askPrompt(agent, input), options)));
  const answers = answered(outcomes);
  const comparison = compareAll(answers);
  if (!options.escalate || comparison.verdict !== 'disagree' || answers.length < 2 || options.signal.aborted) return { outcomes, comparison };
  const budget = createBudget(options.maxCostUsd, outcomes.reduce((sum, outcome) => sum + (outcome.costUsd ?? 0), 0));
  const revisions: Revision[] = [];
  const second: AskOutcome[] = [];
  for (const mine of answers) {
    const agent = options.agents.find((candidate) => candidate.id === mine.agent)!;
    const theirs = answers.find((other) => other.agent !== mine.agent && compareAnswers(mine, other).verdict === 'disagree') ?? answers.find((other) => other.agent !== mine.agent)!;
    if (!canLaunch(budget)) {
      second.push({ agent, status: 'skipped', reason: 'budget', message: `the --max-cost budget of $${budget.maxCostUsd} was reached`, rawText: '', durationMs: 0, warnings: [] });
      revisions.push({ agent: mine.agent, shown: theirs.agent, before: mine.decision, changed: false });
      continue;
    }
    const outcome = await askOne(agent, await revisePrompt(agent, input, mine, theirs), options, 'ask-revise');
    charge(budget, outcome.costUsd);
    second.push(outcome);
    const after = outcome.answer;
    revisions.push({ agent: mine.agent, shown: theirs.agent, before: mine.decision, ...(after ? { after: after.decision } : {}), changed: after ? compareAnswers(mine, after).decision.relation === 'different' : false });
  }
  const revised = answers.map((answer) => second.find((outcome) => outcome.agent.id === answer.agent)?.answer ?? answer);
  return { outcomes, comparison, escalation: { outcomes: second, revisions, comparison: compareAll(revised) } };
}
