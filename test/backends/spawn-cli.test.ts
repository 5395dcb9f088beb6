/**
 * Process handling that the real CLIs cannot be made to exercise: a CLI whose child ignores
 * SIGTERM and keeps stdout open, and one that ignores SIGTERM itself (test/fixtures/bin/never-exits).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeCliBackend } from '../../src/backends/claude-cli.js';
import { KILL_GRACE_MS, resolveExecutable, stderrTail } from '../../src/backends/spawn-cli.js';
import { aRequest, startHarness, uniqueTag, type Harness } from '../helpers/backend-harness.js';
import { BIN_DIR } from '../helpers/cli-env.js';
import { isAlive } from '../helpers/processes.js';

const NEVER_EXITS = fileURLToPath(new URL('../fixtures/bin/never-exits', import.meta.url));

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

/** Starts the fake, waits until it reported its pids (its request hangs at the server). */
async function startFake(tag: string, options: { timeoutMs: number; stubborn?: boolean; signal?: AbortSignal }) {
  harness.server.script('anthropic', [{ match: tag, hang: true }]);
  const env = { ...harness.cli.env, ...(options.stubborn ? { FAKE_STUBBORN: '1' } : {}) };
  const request = aRequest(harness, tag, { command: NEVER_EXITS, timeoutMs: options.timeoutMs });
  const pending = claudeCliBackend.run(request, { signal: options.signal ?? new AbortController().signal, env });
  const reported = await harness.server.waitForRequest(tag);
  const pids = (reported.body as { pids: number[] }).pids;
  return { pending, pids };
}

describe.concurrent('process handling with a fake CLI', { timeout: 15_000 }, () => {
  it('on cancel kills the whole group at once, even a child that ignores SIGTERM and holds stdout', async () => {
    const controller = new AbortController();
    const { pending, pids } = await startFake(uniqueTag('tree-cancel'), { timeoutMs: 30_000, signal: controller.signal });
    expect(pids.map(isAlive)).toEqual([true, true]);
    const abortedAt = performance.now();
    controller.abort();
    const result = await pending;

    expect(result).toMatchObject({ status: 'failed', reason: 'canceled', rawOutput: 'started\n' });
    // The leader obeyed SIGTERM, so the stray was killed right away, not after the grace period.
    expect(performance.now() - abortedAt).toBeLessThan(KILL_GRACE_MS);
    expect(pids.map(isAlive)).toEqual([false, false]);
  });

  it('on timeout escalates to SIGKILL after the grace period when the CLI ignores SIGTERM', async () => {
    const { pending, pids } = await startFake(uniqueTag('tree-stubborn'), { timeoutMs: 1500, stubborn: true });
    const result = await pending;

    expect(result).toMatchObject({ status: 'failed', reason: 'timeout', message: expect.stringContaining('1500 ms') });
    expect(result.durationMs).toBeGreaterThanOrEqual(1500 + KILL_GRACE_MS - 50);
    expect(result.durationMs).toBeLessThan(1500 + KILL_GRACE_MS + 2000);
    expect(pids.map(isAlive)).toEqual([false, false]);
  });

  it('does not start anything when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const request = aRequest(harness, uniqueTag('pre-aborted'), { command: NEVER_EXITS });
    const result = await claudeCliBackend.run(request, { signal: controller.signal, env: harness.cli.env });
    expect(result).toMatchObject({ status: 'failed', reason: 'canceled' });
  });

  it('reports a cwd that does not exist as exit-code, not as not-installed', async () => {
    const request = { ...aRequest(harness, uniqueTag('bad-cwd')), cwd: '/nonexistent/project' };
    const result = await claudeCliBackend.run(request, { signal: new AbortController().signal, env: harness.cli.env });
    expect(result).toMatchObject({ status: 'failed', reason: 'exit-code', message: expect.stringContaining('/nonexistent/project') });
  });
});

describe('resolveExecutable', () => {
  it('looks names up on the PATH of the given env, and takes paths as they are', async () => {
    expect(await resolveExecutable('claude', { PATH: `/nonexistent${path.delimiter}${BIN_DIR}` })).toBe(path.join(BIN_DIR, 'claude'));
    expect(await resolveExecutable('claude', { PATH: '/nonexistent' })).toBeUndefined();
    expect(await resolveExecutable('claude', {})).toBeUndefined();
    expect(await resolveExecutable(NEVER_EXITS, {})).toBe(NEVER_EXITS);
    // A directory is not an executable even though it has the x bit.
    expect(await resolveExecutable(path.dirname(NEVER_EXITS), {})).toBeUndefined();
  });
});

describe('stderrTail', () => {
  it('drops the lines both CLIs print on every run', () => {
    const stderr = 'Reading additional input from stdin...\nWARNING: proceeding, even though we could not create PATH aliases: x\nError: boom\n\n';
    expect(stderrTail(stderr)).toBe('Error: boom');
  });
});
