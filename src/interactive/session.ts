/**
 * The interactive session's core (issue 7): everything `xcheck -i` does that is not drawing.
 * The core never imports the UI; the UI imports this file.
 *
 * ── Contract for the UI (src/ui/**) ────────────────────────────────────────────────────────────
 *
 *   Live:    const session = await startLiveSession({ target, flags, signal, onEvent });
 *            target = { kind: 'files', paths } | { kind: 'diff', base? }; flags = the CLI's parsed
 *            values (same as `xcheck FILE…` / `xcheck diff`; --save FILE is honoured and the file
 *            is rewritten after every verify/ask). Nothing is written to stdout; warnings of the
 *            setup (config, skipped agents) still go to stderr before the run starts.
 *            onEvent gets, while the run goes:
 *              run-start {agents, files}
 *              agent-start {agent, backend, model?}
 *              agent-end {outcome}      outcome: status ok|failed|skipped, reason?, message?,
 *                                       findings, usage?, costUsd?, durationMs, model?, warnings
 *              run-end {outcomes}       (once per chunk of a large diff)
 *              followup-start {kind: verify|arbitrate|question, agent, spots}
 *              followup-end {kind, agent, record}   record: status, reason?, message?, usage?, costUsd?, durationMs
 *            Resolves to undefined when there is nothing to review (an empty diff or shard; the
 *            reason was printed on stderr). Throws XcheckError for usage/config/input errors.
 *   Replay:  const session = await openReplaySession('run.json');   // never calls a model
 *
 *   session.report        the normal Report; spots ranked by attention (replaced on verifyNow)
 *   session.task          files with content (session.codeAround(spotId) for numbered excerpts)
 *   session.outcomes      per-agent raw findings and raw text
 *   session.agents        every agent usable for a question; session.panel = the run's panel ids
 *   session.replay        true: verifyNow/ask return { status: 'failed', message: 'replay: …' }
 *   session.decisions     by spot id: { decision: accepted|dismissed, reason?, decidedAt };
 *                         includes earlier sessions' decisions for the spots shown
 *   session.decide(id, 'accept'|'dismiss'|'undo', reason?)  persists (dismissals in
 *                         .xcheck/baseline.json, honoured by later runs and CI; accepts in
 *                         .xcheck/decisions.json); rejects with a ConfigError if a file is malformed
 *   session.verifyNow(id, signal) → { status: 'ok'|'failed', spot, message }   never rejects;
 *                         then read session.report (spot replaced, re-ranked, calls and cost added)
 *   session.ask(id, agentId, question, { signal, onText }) → { status: 'ok', text } |
 *                         { status: 'failed', message }; onText gets chunks as they arrive. Raw
 *                         model text: sanitize it (report/sanitize.ts) before drawing. Never rejects.
 *   session.questions     every question asked in this session (or the saved run), with its answer
 *   session.warnings      problems that did not stop the session (e.g. --save could not rewrite)
 * ──────────────────────────────────────────────────────────────────────────────────────────────
 */
import type { AgentDefinition } from '../agents.js';
import type { Backend, BackendRequest, BackendResult } from '../backends/backend.js';
import type { ReviewFlags } from '../commands/options.js';
import type { RunEvent } from '../events.js';
import type { AgentOutcome } from '../outcome.js';
import type { Report, Spot } from '../report/report-schema.js';
import { loadRunRecord, saveRunRecord, type RecordedQuestion } from '../store/run-record.js';
import type { ReviewTask } from '../task.js';
import { excerpt } from '../verify/excerpt.js';
import { decisionStore, loadDecisions, type Decision, type DecisionAction, type DecisionStore } from './decisions.js';
import { buildQuestionPrompt } from './question-prompt.js';
import { verifyNow, withVerified } from './verify-now.js';

export type { Decision, DecisionAction } from './decisions.js';
export type { RunEvent } from '../events.js';

/** `spot`: the spot after the call (unchanged when it failed; absent only for an unknown id). */
export type VerifyNowOutcome = { status: 'ok'; spot: Spot; message: string } | { status: 'failed'; spot?: Spot; message: string };
export type AskResult = { status: 'ok'; text: string } | { status: 'failed'; message: string };
export interface AskOptions {
  signal: AbortSignal;
  /** Each piece of the answer as it arrives (raw model text). */
  onText(chunk: string): void;
}

export interface ReviewSession {
  report: Report;
  task: ReviewTask;
  outcomes: AgentOutcome[];
  /** The panel first, then every other agent that can be asked a question. */
  agents: AgentDefinition[];
  /** Ids of the agents that reviewed in this run. */
  panel: string[];
  replay: boolean;
  decisions: Map<string, Decision>;
  questions: RecordedQuestion[];
  /** Problems that did not stop the session, e.g. --save could not rewrite its file; newest last. */
  warnings: string[];
  /** Where this session's decisions are kept (the project root the run read its baseline from). */
  root: string;
  decide(spotId: string, action: DecisionAction, reason?: string): Promise<void>;
  verifyNow(spotId: string, signal: AbortSignal): Promise<VerifyNowOutcome>;
  ask(spotId: string, agentId: string, question: string, options: AskOptions): Promise<AskResult>;
  /** Numbered lines around a spot, as the agents saw them. */
  codeAround(spotId: string, context?: number): { from: number; to: number; lines: string[] } | undefined;
}

export const REPLAY_NO_CALLS = 'replay: no model calls — this session was opened from a saved run; run xcheck live to verify or ask';

interface SessionParts {
  report: Report;
  task: ReviewTask;
  outcomes: AgentOutcome[];
  agents: AgentDefinition[];
  panel: string[];
  root: string;
  /** Absent in a replay: no model can be called. */
  live?: {
    backendFor: (agent: AgentDefinition) => Backend;
    arbiter?: string;
    /** The run's call log: every call made through backendFor lands here (the pipeline's recorder). */
    calls: { request: BackendRequest; result: BackendResult }[];
    save?: string;
    env: NodeJS.ProcessEnv;
    onEvent?: (event: RunEvent) => void;
  };
  questions?: RecordedQuestion[];
}

/** Decisions of earlier sessions about the spots of this report; unreadable files are errors. */
async function decisionsFor(report: Report, root: string): Promise<Map<string, Decision>> {
  const all = await loadDecisions(root);
  const shown = new Set(report.spots.map((spot) => spot.id));
  return new Map([...all].filter(([id]) => shown.has(id)));
}

export async function createSession(parts: SessionParts): Promise<ReviewSession> {
  const store: DecisionStore = decisionStore(parts.root);
  const live = parts.live;
  const spotOf = (id: string): Spot | undefined => session.report.spots.find((spot) => spot.id === id);
  const save = async (): Promise<void> => {
    if (!live?.save) return;
    await saveRunRecord(live.save, { report: session.report, task: session.task, outcomes: session.outcomes, agents: session.agents.filter((agent) => live.calls.some((call) => call.request.agent.id === agent.id)), calls: live.calls, questions: session.questions }, live.env);
  };
  // After the first save (which fails loudly: a bad --save path is a usage error), a failed
  // rewrite must not take an answer away from the user: it becomes a warning.
  const saveQuietly = async (): Promise<void> => {
    await save().catch((error: unknown) => void session.warnings.push(`--save ${live?.save}: the run could not be saved again: ${(error as Error).message}`));
  };
  const session: ReviewSession = {
    report: parts.report,
    task: parts.task,
    outcomes: parts.outcomes,
    agents: parts.agents,
    panel: parts.panel,
    replay: !live,
    decisions: await decisionsFor(parts.report, parts.root),
    questions: parts.questions ?? [],
    warnings: [],
    root: parts.root,

    async decide(spotId, action, reason) {
      const spot = spotOf(spotId);
      if (!spot) throw new Error(`decide: no spot ${spotId} in this session`);
      const decision = await store.decide(spot, action, reason);
      if (decision) session.decisions.set(spotId, decision);
      else session.decisions.delete(spotId);
    },

    async verifyNow(spotId, signal) {
      const spot = spotOf(spotId);
      if (!spot) return { status: 'failed', message: `no spot ${spotId} in this session` };
      if (!live) return { status: 'failed', spot, message: REPLAY_NO_CALLS };
      const result = await verifyNow(spot, {
        task: session.task,
        outcomes: session.outcomes,
        backendFor: live.backendFor,
        ...(live.arbiter ? { arbiter: live.arbiter } : {}),
        signal,
        ...(live.onEvent ? { onEvent: live.onEvent } : {}),
      });
      if (result.followUps.length > 0) {
        session.report = withVerified(session.report, result);
        await saveQuietly();
      }
      return { status: result.status, spot: result.spot, message: result.message };
    },

    async ask(spotId, agentId, question, options) {
      const spot = spotOf(spotId);
      if (!spot) return { status: 'failed', message: `no spot ${spotId} in this session` };
      if (!live) return { status: 'failed', message: REPLAY_NO_CALLS };
      const agent = session.agents.find((candidate) => candidate.id === agentId);
      if (!agent) return { status: 'failed', message: `no agent ${agentId}; known: ${session.agents.map((candidate) => candidate.id).join(', ')}` };
      if (question.trim() === '') return { status: 'failed', message: 'the question is empty' };
      const content = session.task.files.find((file) => file.path === spot.file)?.content ?? '';
      const earlier = session.questions
        .filter((entry) => entry.spot === spotId && entry.agent === agentId && entry.status === 'ok')
        .map((entry) => ({ agent: entry.agent, question: entry.question, answer: entry.answer }));
      const prompt = await buildQuestionPrompt(agent, spot, content, question, earlier);
      const request: BackendRequest = { agent, prompt, cwd: session.task.cwd, purpose: 'question' };
      live.onEvent?.({ type: 'followup-start', kind: 'question', agent: agent.id, spots: [spotId] });
      const result = await live.backendFor(agent).run(request, { signal: options.signal, onText: options.onText });
      live.onEvent?.({
        type: 'followup-end',
        kind: 'question',
        agent: agent.id,
        record: {
          agent: agent.id,
          spots: [spotId],
          status: result.status,
          ...(result.status === 'failed' ? { reason: result.reason, message: result.message } : {}),
          ...(result.usage ? { usage: result.usage } : {}),
          ...(result.costUsd !== undefined ? { costUsd: result.costUsd } : {}),
          durationMs: Math.round(result.durationMs),
          warnings: result.warnings,
        },
      });
      const answer: AskResult =
        result.status === 'ok' && result.text.trim() !== ''
          ? { status: 'ok', text: result.text }
          : { status: 'failed', message: result.status === 'failed' ? result.message : `${agent.id} returned an empty answer` };
      session.questions.push({
        spot: spotId,
        agent: agent.id,
        question,
        status: answer.status,
        answer: answer.status === 'ok' ? answer.text : answer.message,
        askedAt: new Date().toISOString(),
      });
      await saveQuietly();
      return answer;
    },

    codeAround(spotId, context = 8) {
      const spot = spotOf(spotId);
      const file = spot && session.task.files.find((candidate) => candidate.path === spot.file);
      if (!spot || !file) return undefined;
      const shown = excerpt(file.content, spot.startLine, spot.endLine, context);
      return { from: shown.from, to: shown.to, lines: shown.text.split('\n') };
    },
  };
  // A live session is saved once now and again after every call made in it.
  await save();
  return session;
}

export type SessionTarget = { kind: 'files'; paths: string[] } | { kind: 'diff'; base?: string };
export type SessionFlags = ReviewFlags & { cache?: boolean; shard?: string; 'keep-context'?: boolean; 'no-cache'?: boolean; save?: string };

export interface LiveSessionOptions {
  target: SessionTarget;
  flags: SessionFlags;
  signal: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  env?: NodeJS.ProcessEnv;
}

/** Runs the review (files or diff) without printing it, and opens a session on its result. */
export async function startLiveSession(options: LiveSessionOptions): Promise<ReviewSession | undefined> {
  const hooks = { render: false, ...(options.onEvent ? { onEvent: options.onEvent } : {}) };
  const started =
    options.target.kind === 'files'
      ? await (await import('../commands/review.js')).reviewFiles(options.target.paths, options.flags, options.signal, hooks)
      : await (await import('../commands/diff.js')).reviewDiff(options.target.base, options.flags, options.signal, { env: options.env ?? process.env, requireCredentials: false }, hooks).then((diff) => diff.started);
  if (!started) return undefined;
  const { run, panel, all, arbiter } = started;
  const others = all.filter((agent) => !panel.some((member) => member.id === agent.id));
  const session = await createSession({
    report: run.report,
    task: run.task,
    outcomes: run.outcomes,
    agents: [...panel, ...others],
    panel: panel.map((agent) => agent.id),
    root: run.baselineRoot,
    live: {
      backendFor: run.freshBackendFor,
      ...(arbiter ? { arbiter } : {}),
      calls: run.calls,
      ...(options.flags.save ? { save: options.flags.save } : {}),
      env: options.env ?? process.env,
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    },
  });
  return session;
}

/** Reopens a saved run (`--save`): the same report, code and raw outputs; no model is ever called. */
export async function openReplaySession(file: string, root: string = process.cwd()): Promise<ReviewSession> {
  const loaded = await loadRunRecord(file);
  return createSession({
    report: loaded.report,
    task: loaded.task,
    outcomes: loaded.outcomes,
    agents: loaded.agents,
    panel: loaded.outcomes.map((outcome) => outcome.agent.id),
    root,
    questions: loaded.record.questions,
  });
}
