/** A small file with three known defects and the scripted answers of both agents about it. */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelServer } from '../helpers/model-server.js';
import { NAME_TOTAL_AND_RATIO } from '../helpers/sample-code.js';

export const CODE = NAME_TOTAL_AND_RATIO;

const finding = (line: number, severity: string, title: string, detail: string, quote: string) => ({
  file: 'code.ts', line, endLine: line, severity, category: 'bug', title, detail, suggestion: '', quote, confidence: 0.8,
});
export const NULL_OPUS = finding(4, 'high', 'Possible undefined access in getName', '`users.get(id)` can return undefined and `user.name` then throws a TypeError.', '  return user.name;');
export const NULL_CODEX = finding(4, 'high', 'user may be undefined in getName', '`users.get(id)` returns undefined for an unknown id, so reading `user.name` crashes.', '  return user.name;');
export const LOOP = finding(9, 'medium', 'Loop skips the last item', 'The bound `i < items.length - 1` never adds the final element to `sum`.', '  for (let i = 0; i < items.length - 1; i++) sum += items[i];');
export const DIVIDE = finding(14, 'critical', 'Division by zero in ratio', '`ratio` divides by `b` without checking for zero and returns Infinity.', '  return a / b;');

const reply = (findings: unknown[]) => ({ verdict: 'issues', summary: 's', findings });

export interface ScriptedCase {
  tag: string;
  dir: string;
}

/** A fresh directory with code.ts carrying a unique tag, so the scripted replies match only this case. */
export async function aCase(work: string): Promise<ScriptedCase> {
  const tag = `tui-${randomUUID()}`;
  const dir = path.join(work, tag);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'code.ts'), `// ${tag}\n${CODE.join('\n')}\n`);
  return { tag, dir };
}

/**
 * opus answers at once; codex takes `codexDelayMs` (the live panel shows it running meanwhile). Both
 * report the undefined access; only opus the loop; only codex the division. Verification of the
 * two solo spots is answered "unsure" by each other, so both stay open.
 */
export function scriptReview(server: ModelServer, tag: string, codexDelayMs: number, secondLookHeld?: Promise<unknown>): void {
  const held = secondLookHeld ? { until: secondLookHeld } : {};
  server.script('anthropic', [
    { match: tag, toolUse: { name: 'StructuredOutput', input: reply([NULL_OPUS, LOOP]) }, usage: { input: 2100, output: 420 } },
    { match: tag, ...held, toolUse: { name: 'StructuredOutput', input: { verdicts: [{ spot: 'S1', verdict: 'unsure', reason: 'Depends on the callers.' }] } }, usage: { input: 900, output: 60 } },
  ]);
  server.script('openai-responses', [
    { match: tag, delayMs: codexDelayMs, text: JSON.stringify(reply([NULL_CODEX, DIVIDE])), usage: { input: 1800, output: 350 } },
    { match: tag, ...held, text: JSON.stringify({ verdicts: [{ spot: 'S1', verdict: 'unsure', reason: 'Callers may check the length.' }] }), usage: { input: 800, output: 50 } },
  ]);
}
