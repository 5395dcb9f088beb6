import type { AgentDefinition } from '../agents.js';
import type { Backend } from './backend.js';
import { claudeCliBackend } from './claude-cli.js';
import { codexCliBackend } from './codex-cli.js';
import { anthropicApiBackend } from './anthropic-api.js';
import { openaiApiBackend } from './openai-api.js';

const BACKENDS: Record<AgentDefinition['backend'], Backend> = {
  'claude-cli': claudeCliBackend,
  'codex-cli': codexCliBackend,
  anthropic: anthropicApiBackend,
  openai: openaiApiBackend,
};

export function backendFor(agent: AgentDefinition): Backend {
  return BACKENDS[agent.backend];
}
