import type { AgentDefinition } from '../agents.js';

/**
 * Whether an agent can take a call right now, checked without spending tokens. Placeholder until
 * the availability checks land: API agents must reach their endpoint; CLI agents are assumed ready.
 */
export async function isAgentAvailable(agent: AgentDefinition, signal: AbortSignal): Promise<{ ok: boolean; detail: string }> {
  if (agent.backend !== 'anthropic' && agent.backend !== 'openai') return { ok: true, detail: 'CLI agent' };
  const url = agent.baseURL ?? (agent.backend === 'anthropic' ? 'https://api.anthropic.com' : 'https://api.openai.com/v1');
  try {
    await fetch(url, { method: 'GET', signal: AbortSignal.any([signal, AbortSignal.timeout(3000)]) });
    return { ok: true, detail: `${url} reachable` };
  } catch {
    return { ok: false, detail: `cannot reach ${url}` };
  }
}
