/**
 * `xcheck agents [--format text|json] [--no-color]`: every agent definition (built-in and the
 * project's `.xcheck/agents/`) with a token-free availability check, plus the agent files that
 * failed to load.
 *
 * Exit code: 0 when every agent file loads (whether or not the agents are available: this is a
 * listing, `xcheck doctor` is the check); 2 (config error) when some agent file is broken.
 */
import type { AgentDefinition } from '../agents.js';
import { checkAllAvailability, type Availability } from '../availability/check-agent.js';
import { cell, displaySource, splitConfigError, styleFor, wrap, type CommandIo, type Style } from '../availability/text.js';
import { ExitCode, UsageError } from '../errors.js';
import { loadAllAgents } from '../panel.js';
import { oneLine } from '../report/sanitize.js';

export interface AgentsFlags {
  format?: string;
  'no-color'?: boolean;
}

export interface AgentListing {
  agents: Array<{
    id: string;
    backend: AgentDefinition['backend'];
    /** Null: the CLI's own default model. */
    model: string | null;
    family: string;
    trust: AgentDefinition['trust'];
    source: string;
    description?: string;
    availability: Omit<Availability, 'agent' | 'backend'>;
  }>;
  /** Agent files that did not load: path and problem. */
  errors: Array<{ source?: string; message: string }>;
  exitCode: number;
}

export function parseFormat(value: string | undefined): 'text' | 'json' {
  const format = value ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format: expected text or json, got "${format}".`);
  return format;
}

export async function runAgentsCommand(flags: AgentsFlags, signal: AbortSignal, io: CommandIo = {}): Promise<number> {
  const format = parseFormat(flags.format);
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  const stdout = io.stdout ?? process.stdout;

  const { agents, errors } = await loadAllAgents(cwd);
  const availability = await checkAllAvailability(agents, { env, cwd, signal });
  const listing: AgentListing = {
    agents: agents.map((agent, index) => {
      const { agent: _id, backend: _backend, ...rest } = availability[index]!;
      return {
        id: agent.id,
        backend: agent.backend,
        model: agent.model ?? null,
        family: agent.family,
        trust: agent.trust,
        source: agent.source,
        ...(agent.description ? { description: agent.description } : {}),
        availability: rest,
      };
    }),
    errors: errors.map((error) => {
      const { source } = splitConfigError(error.message);
      return { ...(source ? { source } : {}), message: error.message };
    }),
    exitCode: errors.length > 0 ? ExitCode.usage : ExitCode.ok,
  };
  if (signal.aborted) return ExitCode.canceled;

  if (format === 'json') stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
  else stdout.write(renderAgentListing(listing, { style: styleFor({ noColorFlag: flags['no-color'], stdout, env }), cwd }));
  return listing.exitCode;
}

const COLUMNS = { id: 14, backend: 10, model: 16, family: 10, trust: 5 } as const;

/** A table readable at 80 columns: one row per agent, then its detail, fix and source indented below. */
export function renderAgentListing(listing: AgentListing, options: { style: Style; cwd: string }): string {
  const { style, cwd } = options;
  const out: string[] = [];
  const row = (id: string, backend: string, model: string, family: string, trust: string) =>
    [cell(id, COLUMNS.id), cell(backend, COLUMNS.backend), cell(model, COLUMNS.model), cell(family, COLUMNS.family), cell(trust, COLUMNS.trust)].join('  ');
  if (listing.agents.length === 0) out.push('No agents defined.');
  else out.push(style.bold(`${row('AGENT', 'BACKEND', 'MODEL', 'FAMILY', 'TRUST')}  STATUS`));
  for (const agent of listing.agents) {
    const ready = agent.availability.status === 'ready';
    const status = ready ? style.ok('ready') : style.bad('unavailable');
    out.push(`${row(oneLine(agent.id, 60), agent.backend, oneLine(agent.model ?? '(CLI default)', 60), oneLine(agent.family, 60), agent.trust)}  ${status}`);
    out.push(...wrap(oneLine(agent.availability.detail, 1000), 4));
    if (agent.availability.fix) out.push(...wrap(`fix: ${oneLine(agent.availability.fix, 1000)}`, 4).map((line) => style.warn(line)));
    out.push(style.dim(`    from ${displaySource(agent.source, cwd)}`));
  }
  if (listing.errors.length > 0) {
    out.push('', style.bad(`Agent files that did not load (${listing.errors.length}):`));
    for (const error of listing.errors) {
      const { source, problem } = splitConfigError(error.message);
      out.push(`  ${source ? displaySource(source, cwd) : '(unknown file)'}`);
      out.push(...wrap(oneLine(problem, 1000), 4));
    }
  }
  const ready = listing.agents.filter((agent) => agent.availability.status === 'ready').length;
  out.push('', ...wrap(`${ready} of ${listing.agents.length} agent(s) ready. Login and schema support: \`xcheck doctor --probe\` (one tiny call each).`, 0).map(style.dim));
  return `${out.join('\n')}\n`;
}
