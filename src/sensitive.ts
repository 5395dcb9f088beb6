import type { AgentDefinition } from './agents.js';
import { XcheckError } from './errors.js';
import { globMatcher } from './path-globs.js';
import type { ReviewFile } from './task.js';

export interface SensitiveFile {
  path: string;
  /** Why it is sensitive: the glob it matched, or the --sensitive flag. */
  reason: string;
}

export function sensitiveFiles(files: ReviewFile[], globs: string[], forced: boolean): SensitiveFile[] {
  if (forced) return files.map((file) => ({ path: file.path, reason: '--sensitive' }));
  const match = globMatcher(globs);
  return files.flatMap((file) => {
    const glob = match(file.path);
    return glob ? [{ path: file.path, reason: `matches sensitive glob "${glob}"` }] : [];
  });
}

/** The run refuses rather than send sensitive code to a cloud model. */
export class SensitiveRefusalError extends XcheckError {
  constructor(message: string) {
    super('XCHECK_SENSITIVE_NO_LOCAL_AGENT', message);
  }
}

/**
 * The panel for sensitive code: the chosen agents that are local, else every local agent; only
 * those that are available right now (checked without spending tokens). None → refuse.
 */
export async function localPanel(
  chosen: AgentDefinition[],
  all: AgentDefinition[],
  sensitive: SensitiveFile[],
  isAvailable: (agent: AgentDefinition) => Promise<{ ok: boolean; detail: string }>,
): Promise<{ agents: AgentDefinition[]; dropped: string[] }> {
  const localChosen = chosen.filter((agent) => agent.trust === 'local');
  const candidates = localChosen.length > 0 ? localChosen : all.filter((agent) => agent.trust === 'local');
  const checks = await Promise.all(candidates.map(async (agent) => ({ agent, ...(await isAvailable(agent)) })));
  const agents = checks.filter((check) => check.ok).map((check) => check.agent);
  if (agents.length === 0) {
    const what = sensitive.map((file) => `${file.path} (${file.reason})`).join(', ');
    const tried = checks.map((check) => `  ${check.agent.id}: ${check.detail}`).join('\n');
    throw new SensitiveRefusalError(
      `refusing to review ${what}: sensitive code only goes to agents with trust: local, and none is available.\n` +
        (tried ? `Local agents checked:\n${tried}\n` : 'No agent has trust: local.\n') +
        'Start the local model server (e.g. `ollama serve` for agents/local.md), or add an agent with `trust: local` in .xcheck/agents/.',
    );
  }
  return { agents, dropped: chosen.filter((agent) => !agents.includes(agent)).map((agent) => agent.id) };
}
