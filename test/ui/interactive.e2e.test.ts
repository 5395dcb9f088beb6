/**
 * `xcheck -i` end to end, as a person uses it: the built CLI in a real pseudo-terminal (tmux), the
 * real `claude` and `codex` binaries against the scripted model server, keys typed, the screen read.
 */
import { execa } from 'execa';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReportSchema } from '../../src/report/report-schema.js';
import { BUILT_CLI, useScriptedModels } from '../helpers/e2e.js';
import { aCase, scriptReview } from './scripted-review.js';
import { openTerminal, requireTmux, type Terminal } from './tmux-terminal.js';

const models = useScriptedModels();
let work: string;
const terminals: Terminal[] = [];

beforeAll(async () => {
  await requireTmux();
  work = await mkdtemp(path.join(tmpdir(), 'xcheck-tui-'));
});

afterEach(async () => {
  await Promise.all(terminals.splice(0).map((terminal) => terminal.close()));
});

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

async function xcheckInTerminal(dir: string, args: string, options: { columns: number; rows: number; env?: NodeJS.ProcessEnv }): Promise<Terminal> {
  const terminal = await openTerminal({
    cwd: dir,
    env: { ...models.cliEnv.env, TERM: 'xterm-256color', ...options.env },
    command: `${quote(process.execPath)} ${quote(BUILT_CLI)} ${args}`,
    columns: options.columns,
    rows: options.rows,
  });
  terminals.push(terminal);
  return terminal;
}

const BOX_DRAWING = /[\u2500-\u257f\u2800-\u28ff❯▶✓✗…·]/;
/** SGR parameters that set a colour (39/49 only reset to the default, which tmux always reports). */
function colorCodes(screen: string): string[] {
  return [...screen.matchAll(/\u001b\[([0-9;]*)m/g)].flatMap((match) => match[1]!.split(';')).filter((code) => /^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$/.test(code));
}

describe('xcheck -i in a terminal', () => {
  it('shows the live panel, then the ranked spots; opens one, asks a follow-up, dismisses it (honoured by the next run), verifies another', async () => {
    const { tag, dir } = await aCase(work);
    // The second look's replies wait until the screen has shown it going: no race with a fast machine.
    let releaseSecondLook!: () => void;
    const secondLookHeld = new Promise<void>((resolve) => (releaseSecondLook = resolve));
    scriptReview(models.server, tag, 500, secondLookHeld);
    models.server.script('anthropic', [{ match: 'zebra-question', text: 'Yes: any caller that passes an unknown id crashes on this line.', usage: { input: 500, output: 40 } }]);
    const terminal = await xcheckInTerminal(dir, '-i code.ts --save run.json', { columns: 80, rows: 24 });

    // The live panel: a spinner per agent while the panel works, then each agent's time, tokens and
    // cost as it ends, while the second look (a verification call per agent) is still going.
    await terminal.waitFor(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] (opus|codex) +\d+\.\ds .*running/, 'an agent running with its spinner');
    await terminal.waitFor(
      (screen) => screen.includes('second look at the disagreements') && /opus +\d+\.\ds +2\.1k in\/420 out +\$0\.0210/.test(screen) && /codex +\d+\.\ds +1\.8k in\/350 out +\$0\.0071/.test(screen),
      'both agents done with their tokens and cost, the second look going',
    );
    releaseSecondLook();
    // The list, most attention first, with counts in the header.
    const list = await terminal.waitFor('3 spots (1 agreed, 2 solo)', 'the spot list');
    const rows = list.split('\n').filter((line) => /code\.ts:\d+/.test(line));
    expect(rows.map((line) => line.match(/code\.ts:(\d+)/)![1])).toEqual(['14', '4', '9']);
    expect(rows[0]).toMatch(/^❯ CRIT solo/);
    for (const line of list.split('\n')) expect(line.length).toBeLessThanOrEqual(80);

    await terminal.send('j');
    await terminal.waitFor(/❯ HIGH agreed/, 'the selection on the second spot');
    await terminal.send('Enter');
    const detail = await terminal.waitFor('▶ 4 │   return user.name;', 'the cited line in the detail');
    expect(detail).toContain('HIGH code.ts:4  agreed');

    // Wide enough, the two agents' findings sit side by side.
    await terminal.resize(120, 30);
    const wide = await terminal.waitFor(/codex \(high.*│ opus \(high/, 'findings side by side at 120 columns');
    // Redrawn whole: no row of the 80-column frame is left behind.
    expect(wide.match(/codex \(high/g)).toHaveLength(1);
    expect(wide.match(/^\S.*code\.ts:4 {2}agreed/gm)).toHaveLength(1);
    await terminal.resize(80, 24);
    await terminal.waitFor((screen) => !/│ opus \(high/.test(screen) && screen.includes('codex (high'), 'findings stacked again at 80 columns');

    await terminal.send('f');
    await terminal.waitFor('Ask which agent?', 'the agent picker');
    await terminal.send('Enter');
    await terminal.waitFor('Ask opus about this spot', 'the question prompt');
    await terminal.send('zebra-question: can an unknown id reach this line?', true);
    await terminal.send('Enter');
    await terminal.waitFor('any caller that passes an unknown id crashes', 'the answer, streamed into the detail');

    await terminal.send('d');
    await terminal.waitFor('Dismiss; reason (optional)', 'the dismissal prompt');
    await terminal.send('callers validate ids', true);
    await terminal.send('Enter');
    await terminal.waitFor('Dismissed: recorded in .xcheck/baseline.json', 'the dismissal confirmed');
    await terminal.send('Escape');
    await terminal.waitFor(/❯ HIGH agreed .*\[dismissed\]/, 'the dismissal in the list');
    await terminal.send('Enter');
    await terminal.waitFor(/DISMISSED\s+\(callers validate ids\)/, 'the dismissal and its reason on the spot');

    // v: a second look now; opus, which did not report the division, confirms it.
    models.server.script('anthropic', [{ match: tag, toolUse: { name: 'StructuredOutput', input: { verdicts: [{ spot: 'S1', verdict: 'confirmed', reason: 'b can be zero.' }] } }, usage: { input: 900, output: 60 } }]);
    await terminal.send('Escape');
    await terminal.send('g');
    await terminal.waitFor(/❯ CRIT solo .*Division by zero/, 'the division spot selected');
    await terminal.send('v');
    await terminal.waitFor(/CRIT confirmed .*Division by zero/, 'the division spot confirmed by opus');

    await terminal.send('q');
    const end = await terminal.waitFor('[exit ', 'xcheck to exit');
    expect(end).toMatch(/xcheck: 3 spots · 1 dismissed \(\.xcheck\/baseline\.json\) · exit \d/);
    const baseline = JSON.parse(await readFile(path.join(dir, '.xcheck', 'baseline.json'), 'utf8')) as { dismissed: { title: string; reason?: string; fingerprint: string }[] };
    expect(baseline.dismissed).toEqual([expect.objectContaining({ title: 'user may be undefined in getName', reason: 'callers validate ids' })]);

    // A second, plain run leaves the dismissed spot out.
    scriptReview(models.server, tag, 0);
    const again = await execa(process.execPath, [BUILT_CLI, 'code.ts', '--format', 'json'], { cwd: dir, env: models.cliEnv.env, extendEnv: false, reject: false });
    const report = ReportSchema.parse(JSON.parse(again.stdout));
    expect(report.spots.map((spot) => spot.startLine).sort()).toEqual([14, 9].sort());
    expect(report.suppressed).toBe(1);

    // The saved run reopens with the question and its answer under the spot, and no model call.
    const calls = models.server.log().length;
    const replay = await xcheckInTerminal(dir, '-i --replay run.json', { columns: 80, rows: 24 });
    await replay.waitFor(/xcheck \(replay\).*3 spots/, 'the replayed list');
    await replay.send('j');
    await replay.send('Enter');
    await replay.send('End');
    await replay.waitFor(/You asked opus: zebra-question[\s\S]*crashes on this line/, 'the recorded question and answer');
    expect(models.server.log().length).toBe(calls);
  }, 180_000);

  it('reopens a saved run without any model call, readable at 60 columns without colour or Unicode', async () => {
    const { tag, dir } = await aCase(work);
    scriptReview(models.server, tag, 0);
    const saved = await execa(process.execPath, [BUILT_CLI, 'code.ts', '--save', 'run.json', '--format', 'json', '--verify', 'never'], { cwd: dir, env: models.cliEnv.env, extendEnv: false, reject: false });
    expect(saved.stderr).toContain('Run saved to run.json');
    const calls = models.server.log().length;

    const editor = path.join(dir, 'editor.sh');
    await writeFile(editor, '#!/bin/sh\necho "$@" > "$(dirname "$0")/edited.txt"\n', { mode: 0o755 });
    const terminal = await xcheckInTerminal(dir, '-i --replay run.json', { columns: 60, rows: 24, env: { NO_COLOR: '1', LANG: 'C', EDITOR: editor } });
    const list = await terminal.waitFor('3 spots', 'the replayed list');
    expect(list).toContain('xcheck (replay)');
    expect(list).toMatch(/^> CRIT solo/m);
    await terminal.send('j');
    await terminal.send('Enter');
    const detail = await terminal.waitFor('> 4 |   return user.name;', 'the detail with an ASCII gutter');
    for (const screen of [list, detail]) {
      expect(screen).not.toMatch(BOX_DRAWING);
      for (const line of screen.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    }
    expect(colorCodes(await terminal.screen(true))).toEqual([]);
    // Without colour the word diff is still readable: removed and added words are marked.
    await terminal.send('Space');
    await terminal.waitFor(/\[-.*-\]|\{\+.*\+\}/, 'word diff markers');
    // o opens $EDITOR at the cited line, then the session comes back.
    await terminal.send('o');
    await terminal.waitFor('Back from the editor (code.ts:4)', 'the return from the editor');
    expect((await readFile(path.join(dir, 'edited.txt'), 'utf8')).trim()).toBe(`+4 ${path.join(dir, 'code.ts')}`);
    // A replay cannot call a model: asking says so instead.
    await terminal.send('v');
    await terminal.waitFor('replay: no model calls', 'the replay notice');
    await terminal.send('q');
    await terminal.waitFor('[exit ', 'xcheck to exit');
    expect(models.server.log().length).toBe(calls);
  });

  it('asks before stopping a panel that is still running, and stops it on y', async () => {
    const { tag, dir } = await aCase(work);
    scriptReview(models.server, tag, 120_000);
    const terminal = await xcheckInTerminal(dir, '-i code.ts', { columns: 80, rows: 24 });
    await terminal.waitFor(/codex .*running/, 'codex running');
    await terminal.send('q');
    await terminal.waitFor('Work is still running. Stop it and quit?', 'the confirmation');
    await terminal.send('n');
    await terminal.waitFor((screen) => !screen.includes('Stop it and quit?'), 'the prompt to close on no');
    await terminal.send('q');
    await terminal.waitFor('Stop it and quit?', 'the confirmation again');
    await terminal.send('y');
    await terminal.waitFor('[exit 130]', 'exit 130 (canceled)');
  });

  it('reports a usage error in the terminal the way the plain CLI does', async () => {
    const { dir } = await aCase(work);
    const terminal = await xcheckInTerminal(dir, '-i missing.ts', { columns: 80, rows: 24 });
    const screen = await terminal.waitFor('[exit 2]', 'exit 2');
    expect(screen).toMatch(/xcheck: .*missing\.ts/);
  });

  it('falls back to the text report when stdout is not a terminal', async () => {
    const { tag, dir } = await aCase(work);
    scriptReview(models.server, tag, 0);
    const result = await execa(process.execPath, [BUILT_CLI, '-i', 'code.ts', '--save', 'run.json', '--verify', 'never'], { cwd: dir, env: models.cliEnv.env, extendEnv: false, reject: false });
    expect(result.stderr).toContain('xcheck: -i needs a terminal (stdout is not a TTY); showing the text report');
    expect(result.stdout).toContain('xcheck review · code.ts');
    expect(result.stdout).toMatch(/3 spots: 1 agreed, 2 solo/);
    // The same exit code as the report of that run.
    const saved = await execa(process.execPath, [BUILT_CLI, '--replay', 'run.json', '--format', 'json'], { cwd: dir, env: models.cliEnv.env, extendEnv: false, reject: false });
    expect(result.exitCode).toBe(ReportSchema.parse(JSON.parse(saved.stdout)).exitCode);
  });
});
