import type { AgentDefinition } from '../agents.js';
import type { Backend } from './backend.js';

/**
 * Each backend's module is loaded the first time an agent uses it: the SDKs behind the API
 * backends are large, and a panel of CLI agents should not pay for parsing them before its
 * first call.
 */
const LOADERS: Record<AgentDefinition['backend'], () => Promise<Backend>> = {
  'claude-cli': async () => (await import('./claude-cli.js')).claudeCliBackend,
  'codex-cli': async () => (await import('./codex-cli.js')).codexCliBackend,
  anthropic: async () => (await import('./anthropic-api.js')).anthropicApiBackend,
  openai: async () => (await import('./openai-api.js')).openaiApiBackend,
};

export function backendFor(agent: AgentDefinition): Backend {
  const load = LOADERS[agent.backend];
  return {
    id: agent.backend,
    async run(request, options) {
      return (await load()).run(request, options);
    },
  };
}
