import type { AgentDefinition } from '../agents.js';
import type { Backend } from './backend.js';
import { claudeCliBackend } from './claude-cli.js';
import { codexCliBackend } from './codex-cli.js';

const BACKENDS: Record<AgentDefinition['backend'], Backend> = {
  'claude-cli': claudeCliBackend,
  'codex-cli': codexCliBackend,
};

export function backendFor(agent: AgentDefinition): Backend {
  return BACKENDS[agent.backend];
}
