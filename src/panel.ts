import { access } from 'node:fs/promises';
import path from 'node:path';
import { loadAgents, type AgentDefinition } from './agents.js';
import { ConfigError, UsageError } from './errors.js';
import { configHome } from './config-home.js';
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

async function loadIfPresent(dir: string): Promise<PanelResult> {
  return (await exists(dir)) ? loadAgents(dir) : { agents: [], errors: [] };
}

/**
 * Agents by layer, later layers overriding earlier ones by id: built-in (`agents/`), the user's
 * (`<config home>/agents/`), the project's (`.xcheck/agents/`).
 */
export async function loadAllAgents(cwd: string, userHome: string = configHome()): Promise<PanelResult> {
  const layers = await Promise.all([loadAgents(packagePath('agents')), loadIfPresent(path.join(userHome, 'agents')), loadIfPresent(path.join(cwd, '.xcheck', 'agents'))]);
  const byId = new Map(layers.flatMap((layer) => layer.agents).map((agent) => [agent.id, agent]));
  return { agents: [...byId.values()], errors: layers.flatMap((layer) => layer.errors) };
}

export function selectPanel(all: AgentDefinition[], ids: string[]): AgentDefinition[] {
  const unknown = ids.filter((id) => !all.some((agent) => agent.id === id));
  if (unknown.length > 0) {
    throw new UsageError(`Unknown agent${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Available: ${all.map((agent) => agent.id).join(', ')}.`);
  }
  return [...new Set(ids)].map((id) => all.find((agent) => agent.id === id)!);
}
