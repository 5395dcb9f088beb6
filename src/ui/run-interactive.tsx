import { render } from 'ink';
import path from 'node:path';
import type { CliValues } from '../cli.js';
import { ExitCode } from '../errors.js';
import { oneLine } from '../report/sanitize.js';
import type { RunEvent } from '../events.js';
import type { ReviewSession } from '../interactive/session.js';
import { captureStderr } from './capture-stderr.js';
import { App } from './components/app.js';
import { pickGlyphs, wantsColor } from './glyphs.js';
import type { InteractiveTarget } from './interactive-command.js';
import type { Effect } from './keys.js';
import { openEditor } from './open-editor.js';
import { sessionExitCode } from './session-exit-code.js';
import type { FollowUpView, SpotDecision, UiAction, UiState } from './ui-state.js';

function toView(session: ReviewSession): Record<string, SpotDecision> {
  return Object.fromEntries([...session.decisions].map(([id, decision]) => [id, { kind: decision.decision, ...(decision.reason ? { reason: decision.reason } : {}) }]));
}

/** Questions asked in an earlier session of a saved run, shown under their spots. */
function earlierQuestions(session: ReviewSession): Record<string, FollowUpView[]> {
  const bySpot: Record<string, FollowUpView[]> = {};
  for (const entry of session.questions) {
    (bySpot[entry.spot] ??= []).push({ agent: entry.agent, question: entry.question, text: entry.answer, state: entry.status === 'ok' ? 'done' : 'failed' });
  }
  return bySpot;
}

function summaryLine(session: ReviewSession, decided: { accepted: number; dismissed: number }, exitCode: number): string {
  const made = [decided.accepted ? `${decided.accepted} accepted` : '', decided.dismissed ? `${decided.dismissed} dismissed (${path.join(path.relative(process.cwd(), session.root), '.xcheck', 'baseline.json')})` : ''].filter(Boolean);
  return `xcheck: ${session.report.spots.length} spots · ${made.length > 0 ? made.join(', ') : 'no decisions'} · exit ${exitCode}\n`;
}

/** The interactive session: Ink draws, the session (src/interactive) does the work. */
export async function runInteractive(target: InteractiveTarget, values: CliValues, rootSignal: AbortSignal): Promise<number> {
  const env = process.env;
  const theme = { color: wantsColor(env, values['no-color'] ?? false), glyphs: pickGlyphs(env) };
  // Quitting mid-run stops the agents; so does the CLI's SIGINT handler through the root signal.
  const run = new AbortController();
  const signal = AbortSignal.any([rootSignal, run.signal]);
  let session: ReviewSession | undefined;
  let failure: unknown;
  let dispatchRef: ((action: UiAction) => void) | undefined;
  const stderr = captureStderr(process.stderr, (line) => dispatchRef?.({ type: 'notice', text: oneLine(line, 300) }));
  const decidedHere = new Map<string, 'accepted' | 'dismissed'>();
  let opening: Promise<void> = Promise.resolve();

  const connect = (dispatch: (action: UiAction) => void) => {
    dispatchRef = dispatch;
    const onEvent = (event: RunEvent) => dispatch({ type: 'run-event', event, at: Date.now() });
    opening = (async () => {
      const core = await import('../interactive/session.js');
      session =
        target.kind === 'replay'
          ? await core.openReplaySession(target.file)
          : await core.startLiveSession({ target, flags: values, signal, onEvent, env });
      if (!session) {
        // Nothing to review (an empty diff): the reason is on stderr, the empty frame goes.
        instance.clear();
        instance.unmount();
        return;
      }
      dispatch({ type: 'report', spots: session.report.spots, agents: session.report.agents, decisions: toView(session), askable: session.agents.map((agent) => agent.id), followUps: earlierQuestions(session) });
      if (session.report.exitCode === ExitCode.canceled) instance.unmount();
    })().catch((error: unknown) => {
      failure = error;
      instance.clear();
      instance.unmount();
    });
    return () => run.abort();
  };

  const perform = (effect: Exclude<Effect, { type: 'quit' }>, dispatch: (action: UiAction) => void) => {
    const current = session;
    if (!current) return;
    const fail = (error: unknown) => dispatch({ type: 'notice', text: (error as Error).message });
    switch (effect.type) {
      case 'decide':
      case 'undecide': {
        const action = effect.type === 'undecide' ? 'undo' : effect.kind === 'accepted' ? 'accept' : 'dismiss';
        current
          .decide(effect.spot.id, action, effect.type === 'decide' ? effect.reason : undefined)
          .then(() => {
            const decision = current.decisions.get(effect.spot.id);
            if (decision) decidedHere.set(effect.spot.id, decision.decision);
            else decidedHere.delete(effect.spot.id);
            dispatch({ type: 'decided', spotId: effect.spot.id, ...(decision ? { decision: { kind: decision.decision, ...(decision.reason ? { reason: decision.reason } : {}) } } : {}) });
            dispatch({ type: 'notice', text: !decision ? 'Decision undone.' : decision.decision === 'dismissed' ? 'Dismissed: recorded in .xcheck/baseline.json; later runs leave it out.' : 'Accepted.' });
          })
          .catch(fail);
        return;
      }
      case 'verify':
        dispatch({ type: 'verify-start', spotId: effect.spot.id });
        void current.verifyNow(effect.spot.id, signal).then((result) => {
          dispatch({ type: 'verify-end', spotId: effect.spot.id, spots: current.report.spots, ...(result.status === 'failed' ? { error: result.message } : {}) });
          if (result.status === 'ok') dispatch({ type: 'notice', text: result.message });
        });
        return;
      case 'ask': {
        dispatch({ type: 'follow-up-start', spotId: effect.spot.id, agent: effect.agent, question: effect.question });
        let streamed = false;
        void current
          .ask(effect.spot.id, effect.agent, effect.question, {
            signal,
            onText: (chunk) => {
              streamed = true;
              dispatch({ type: 'follow-up-text', spotId: effect.spot.id, text: chunk });
            },
          })
          .then((answer) => {
            if (answer.status === 'ok' && !streamed) dispatch({ type: 'follow-up-text', spotId: effect.spot.id, text: answer.text });
            dispatch({ type: 'follow-up-end', spotId: effect.spot.id, ok: answer.status === 'ok', ...(answer.status === 'failed' ? { error: answer.message } : {}) });
          });
        return;
      }
      case 'edit': {
        const file = current.task.files.find((candidate) => candidate.path === effect.file)?.absolutePath ?? path.resolve(current.task.cwd, effect.file);
        // The editor gets the terminal as it expects it: cooked mode, then Ink redraws from scratch.
        process.stdin.setRawMode?.(false);
        const opened = openEditor(file, effect.line, env);
        process.stdin.setRawMode?.(true);
        instance.clear();
        dispatch({ type: 'notice', text: opened.ok ? `Back from the editor (${path.basename(file)}:${effect.line}).` : opened.message });
        return;
      }
    }
  };

  let stopped = false;
  const onQuit = (_state: UiState, abort: boolean) => {
    stopped = abort;
    if (abort) run.abort();
  };

  const sourceCache = new Map<string, readonly string[] | undefined>();
  const sourceOf = (file: string) => {
    if (!sourceCache.has(file)) sourceCache.set(file, session?.task.files.find((candidate) => candidate.path === file)?.content.split('\n'));
    return sourceCache.get(file);
  };

  const files = target.kind === 'files' ? target.paths : target.kind === 'diff' ? [`diff ${target.base ?? '(branch point)'}`] : [path.basename(target.file)];
  const instance = render(
    <App theme={theme} agents={[]} files={files} replay={target.kind === 'replay'} connect={connect} perform={perform} sourceOf={sourceOf} onQuit={onQuit} />,
    {
      exitOnCtrlC: false,
      patchConsole: false,
      // The spinner ticks 8 times a second and nothing else moves on its own: 20 frames a second is plenty.
      // Ink's incremental rendering is left off: after a resize the terminal reflows the old frame and
      // the line-by-line update left stale rows behind (seen in tmux); a whole-frame rewrite does not.
      maxFps: 20,
    },
  );
  try {
    await instance.waitUntilExit();
  } finally {
    stderr.restore();
  }
  run.abort();
  // Quitting while the panel runs: the agents are being stopped; wait for them so none is left behind.
  await opening;
  process.stderr.write(stderr.lines().join(''));
  if (failure) throw failure;
  if (!session) {
    // Nothing to review (said on stderr), or stopped before the report was in.
    return stopped || rootSignal.aborted ? ExitCode.canceled : ExitCode.ok;
  }
  const dismissed = new Set([...session.decisions].filter(([, decision]) => decision.decision === 'dismissed').map(([id]) => id));
  const exitCode = session.report.exitCode === ExitCode.canceled ? ExitCode.canceled : sessionExitCode(session.report, dismissed, values['allow-incomplete'] ?? false);
  const counts = { accepted: [...decidedHere.values()].filter((kind) => kind === 'accepted').length, dismissed: [...decidedHere.values()].filter((kind) => kind === 'dismissed').length };
  process.stdout.write(summaryLine(session, counts, exitCode));
  return exitCode;
}
