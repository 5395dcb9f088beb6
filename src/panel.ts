import { access } from 'node:fs/promises';
import path from 'node:path';
import { loadAgents, type AgentDefinition } from './agents.js';
import { ConfigError, UsageError } from './errors.js';
import { packagePath } from './package-path.js';

export const DEFAULT_PANEL = ['opus', 'codex'];

export interface PanelResult {
  agents: AgentDefinition[];
  /** Broken agent files: reported, and they do not hide the others. */
  errors: ConfigError[];
}

async function exists(dir: string): Promise<boolean> {
  return access(dir).then(
    () => true,
    () => false,
  );
}

/** Built-in agents, overridden by the project's `.xcheck/agents/*.md` of the same name. */
export async function loadAllAgents(cwd: string): Promise<PanelResult> {
  const builtIn = await loadAgents(packagePath('agents'));
  const projectDir = path.join(cwd, '.xcheck', 'agents');
  const project = (await exists(projectDir)) ? await loadAgents(projectDir) : { agents: [], errors: [] };
  const byId = new Map([...builtIn.agents, ...project.agents].map((agent) => [agent.id, agent]));
  return { agents: [...byId.values()], errors: [...builtIn.errors, ...project.errors] };
}

export function selectPanel(all: AgentDefinition[], ids: string[]): AgentDefinition[] {
  const unknown = ids.filter((id) => !all.some((agent) => agent.id === id));
  if (unknown.length > 0) {
    throw new UsageError(`Unknown agent${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Available: ${all.map((agent) => agent.id).join(', ')}.`);
  }
  return [...new Set(ids)].map((id) => all.find((agent) => agent.id === id)!);
}
