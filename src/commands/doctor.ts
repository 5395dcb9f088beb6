/**
 * `xcheck doctor [--probe] [--agents a,b] [--format text|json] [--no-color]`
 *
 * Without `--probe`: the token-free availability checks (binary + `--version`, key variable +
 * endpoint answers). With `--probe`: additionally one tiny real review call per available agent
 * (probe.ts) proving it answers, honours the reply schema and stays read-only.
 *
 * Agents: those named by `--agents`, else every agent (built-in and project). Broken agent files
 * are listed; without `--agents` they count as a problem.
 *
 * Exit code: 0 every checked agent passes · 3 some fail but at least one passes (or an agent file
 * is broken) · 2 no agent passes (or none is defined), or bad flags · 130 canceled.
 */
import type { AgentDefinition } from '../agents.js';
import { checkAllAvailability, type Availability } from '../availability/check-agent.js';
import { probeAgent, type ProbeResult } from '../availability/probe.js';
import { displaySource, splitConfigError, styleFor, wrap, type CommandIo, type Style } from '../availability/text.js';
import type { Backend } from '../backends/backend.js';
import { ExitCode } from '../errors.js';
import { loadAllAgents, selectPanel } from '../panel.js';
import { oneLine } from '../report/sanitize.js';
import { parseFormat } from './agents.js';
import { parseAgentList } from './options.js';

export interface DoctorFlags {
  probe?: boolean;
  agents?: string;
  format?: string;
  'no-color'?: boolean;
}

export interface DoctorIo extends CommandIo {
  /** Default: the real backends (src/backends/index.ts). */
  backendFor?: (agent: AgentDefinition) => Backend;
  /** Where probe directories are created; default the system temp dir. */
  tmpRoot?: string;
  /** Upper bound per probe call; default probe.ts PROBE_TIMEOUT_MS (capped by the agent's timeoutMs). */
  probeTimeoutMs?: number;
}

export interface DoctorEntry {
  id: string;
  backend: AgentDefinition['backend'];
  model: string | null;
  source: string;
  /** Passes availability and, with --probe, the probe. */
  status: 'ok' | 'problem';
  availability: Omit<Availability, 'agent' | 'backend'>;
  /** Present with --probe when the agent was available. */
  probe?: Omit<ProbeResult, 'agent' | 'backend'>;
}

export interface DoctorReport {
  probe: boolean;
  agents: DoctorEntry[];
  errors: Array<{ source?: string; message: string }>;
  exitCode: number;
}

export async function runDoctor(flags: DoctorFlags, signal: AbortSignal, io: DoctorIo = {}): Promise<number> {
  const format = parseFormat(flags.format);
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const probe = flags.probe === true;

  const { agents: all, errors } = await loadAllAgents(cwd);
  const brokenIds = new Set(errors.map((error) => idOfSource(splitConfigError(error.message).source)).filter((id) => id !== undefined));
  let selected: AgentDefinition[];
  let relevantErrors = errors;
  if (flags.agents !== undefined) {
    const ids = parseAgentList(flags.agents, []);
    // An agent whose file is broken is a finding of the doctor, not a usage error.
    selected = selectPanel(all, ids.filter((id) => !brokenIds.has(id) || all.some((agent) => agent.id === id)));
    relevantErrors = errors.filter((error) => ids.includes(idOfSource(splitConfigError(error.message).source) ?? ''));
  } else {
    selected = all;
  }

  if (probe && format === 'text' && stderr.isTTY) {
    stderr.write(`Probing ${selected.length} agent(s) with one tiny review call each…\n`);
  }
  const availability = await checkAllAvailability(selected, { env, cwd, signal });
  // The SDK-backed backends load only when a probe needs them.
  const rawBackendFor = probe ? (io.backendFor ?? (await import('../backends/index.js')).backendFor) : undefined;
  // Probes are real calls: recorded in the ledger (they count against quotas), never refused.
  const meter = rawBackendFor ? await probeMeter(env) : undefined;
  const backendFor = rawBackendFor && meter ? meter.wrap(rawBackendFor) : rawBackendFor;
  const probes = await Promise.all(
    selected.map((agent, index) =>
      backendFor && availability[index]?.status === 'ready'
        ? probeAgent(agent, {
            signal,
            env,
            backendFor,
            ...(io.tmpRoot ? { tmpRoot: io.tmpRoot } : {}),
            ...(io.probeTimeoutMs ? { timeoutMs: io.probeTimeoutMs } : {}),
          })
        : Promise.resolve(undefined),
    ),
  );

  await meter?.flush();
  const entries: DoctorEntry[] = selected.map((agent, index) => {
    const { agent: _id, backend: _backend, ...checked } = availability[index]!;
    const probed = probes[index];
    const passes = checked.status === 'ready' && (!probe || probed?.status === 'ok');
    const entry: DoctorEntry = {
      id: agent.id,
      backend: agent.backend,
      model: agent.model ?? null,
      source: agent.source,
      status: passes ? 'ok' : 'problem',
      availability: checked,
    };
    if (probed) {
      const { agent: _probeId, backend: _probeBackend, ...rest } = probed;
      entry.probe = rest;
    }
    return entry;
  });
  const report: DoctorReport = {
    probe,
    agents: entries,
    errors: relevantErrors.map((error) => {
      const { source } = splitConfigError(error.message);
      return { ...(source ? { source } : {}), message: error.message };
    }),
    exitCode: signal.aborted ? ExitCode.canceled : doctorExitCode(entries, relevantErrors.length),
  };

  if (format === 'json') stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else stdout.write(renderDoctor(report, { style: styleFor({ noColorFlag: flags['no-color'], stdout, env }), cwd }));
  return report.exitCode;
}

export function doctorExitCode(entries: Array<{ status: 'ok' | 'problem' }>, brokenFiles: number): number {
  const ok = entries.filter((entry) => entry.status === 'ok').length;
  if (ok === 0) return ExitCode.usage;
  if (ok < entries.length || brokenFiles > 0) return ExitCode.incomplete;
  return ExitCode.ok;
}

function idOfSource(source: string | undefined): string | undefined {
  const match = source ? /([^/\\]+)\.md$/.exec(source) : null;
  return match?.[1];
}

const SCHEMA_TEXT = {
  structured: 'honoured: structured output, valid reply contract',
  'contract-json': 'honoured: the answer is valid reply-contract JSON',
  tolerant: 'NOT honoured: findings had to be dug out of a free-form reply',
  none: 'NOT honoured: no usable reply',
} as const;

export function renderDoctor(report: DoctorReport, options: { style: Style; cwd: string }): string {
  const { style, cwd } = options;
  const out: string[] = [];
  const mode = report.probe ? 'availability + one probe call each' : 'availability only; `--probe` adds one tiny real call each';
  out.push(style.bold(`xcheck doctor: ${report.agents.length} agent(s) (${mode})`), '');
  for (const entry of report.agents) {
    const label = entry.status === 'ok' ? style.ok('ok') : style.bad('problem');
    const model = entry.model ? `, ${oneLine(entry.model, 40)}` : '';
    out.push(`${label}  ${style.bold(oneLine(entry.id, 40))} (${entry.backend}${model})`);
    const line = (title: string, text: string, paint: (text: string) => string = (t) => t) =>
      out.push(...wrap(`${title} ${oneLine(text, 1000)}`, 4).map(paint));

    const available = entry.availability;
    line(available.status === 'ready' ? 'found:' : 'unavailable:', available.detail);
    if (available.fix) line('fix:', available.fix, style.warn);
    const probed = entry.probe;
    if (probed) {
      const facts = [
        `${(probed.durationMs / 1000).toFixed(1)} s`,
        ...(probed.model ? [probed.model] : []),
        ...(probed.costUsd ? [`$${probed.costUsd.toFixed(4)}`] : []),
      ].join(', ');
      line('answer:', `${probed.answered ? 'yes' : 'no'} (${facts}): ${probed.message}`);
      if (probed.answered) {
        const found = probed.findings !== undefined ? `; ${probed.findings} finding(s), planted bug ${probed.foundPlantedBug ? 'found' : 'not found'}` : '';
        line('schema:', `${SCHEMA_TEXT[probed.schema]}${found}`);
      }
      const readOnly = probed.readOnly;
      const checked = readOnly.unchanged === undefined ? 'not checked' : readOnly.unchanged ? 'probe directory unchanged' : `probe directory CHANGED (${readOnly.changes.join(', ')})`;
      const loosened = readOnly.loosenedBy.length > 0 ? `; agent args may loosen it: ${readOnly.loosenedBy.join(' ')}` : '';
      line('read-only:', `${readOnly.configuration}${loosened}; ${checked}`);
      for (const warning of probed.warnings.slice(0, 3)) line('note:', warning, style.dim);
      if (probed.fix) line('fix:', probed.fix, style.warn);
    }
    out.push(style.dim(`    from ${displaySource(entry.source, cwd)}`), '');
  }
  if (report.errors.length > 0) {
    out.push(style.bad(`Agent files that did not load (${report.errors.length}):`));
    for (const error of report.errors) {
      const { source, problem } = splitConfigError(error.message);
      out.push(`  ${source ? displaySource(source, cwd) : '(unknown file)'}`);
      out.push(...wrap(oneLine(problem, 1000), 4));
    }
    out.push('');
  }
  const ok = report.agents.filter((entry) => entry.status === 'ok').length;
  const verdict =
    report.exitCode === ExitCode.canceled ? 'Canceled.'
    : report.exitCode === ExitCode.ok ? `All ${ok} agent(s) ok.`
    : report.exitCode === ExitCode.incomplete ? `${ok} of ${report.agents.length} agent(s) ok; fix the problems above (exit 3).`
    : `No usable agent (exit 2).`;
  out.push(...wrap(verdict, 0));
  return `${out.join('\n')}\n`;
}

async function probeMeter(env: NodeJS.ProcessEnv) {
  const [{ createMeter }, { ledgerDir }] = await Promise.all([import('../ledger/metered-backend.js'), import('../ledger/ledger-dir.js')]);
  return createMeter({ command: 'doctor', ledgerDir: ledgerDir(env) });
}
