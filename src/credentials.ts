import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { AgentDefinition } from './agents.js';
import { apiKeyEnvOf } from './availability/check-agent.js';

export interface CredentialCheck {
  ok: boolean;
  /** What was found, or what is missing and how to provide it. */
  detail: string;
}

const CLAUDE_VARIABLES = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN', 'CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_VERTEX'];

function claude(env: NodeJS.ProcessEnv): CredentialCheck {
  const variable = CLAUDE_VARIABLES.find((name) => env[name]);
  if (variable) return { ok: true, detail: `${variable} is set` };
  const file = path.join(env.CLAUDE_CONFIG_DIR ?? path.join(env.HOME ?? homedir(), '.claude'), '.credentials.json');
  if (existsSync(file)) return { ok: true, detail: `login stored in ${file}` };
  return { ok: false, detail: `set ANTHROPIC_API_KEY (or CLAUDE_CODE_OAUTH_TOKEN from \`claude setup-token\`)` };
}

/** Codex: a key variable, a stored login, or a provider in config.toml whose env_key is set (or needs none). */
function codex(env: NodeJS.ProcessEnv): CredentialCheck {
  for (const name of ['OPENAI_API_KEY', 'CODEX_API_KEY']) if (env[name]) return { ok: true, detail: `${name} is set` };
  const home = env.CODEX_HOME ?? path.join(env.HOME ?? homedir(), '.codex');
  if (existsSync(path.join(home, 'auth.json'))) return { ok: true, detail: `login stored in ${path.join(home, 'auth.json')}` };
  const config = path.join(home, 'config.toml');
  if (existsSync(config)) {
    const text = readFileSync(config, 'utf8');
    const provider = /^\s*model_provider\s*=\s*"([^"]+)"/m.exec(text)?.[1];
    if (provider && provider !== 'openai') {
      const section = text.split(/^\s*\[/m).find((block) => block.startsWith(`model_providers.${provider}]`)) ?? '';
      const key = /^\s*env_key\s*=\s*"([^"]+)"/m.exec(section)?.[1];
      if (!key) return { ok: true, detail: `provider ${provider} in ${config} needs no key` };
      if (env[key]) return { ok: true, detail: `provider ${provider}: ${key} is set` };
      return { ok: false, detail: `provider ${provider} in ${config} reads its key from ${key}, which is not set` };
    }
  }
  return { ok: false, detail: 'set OPENAI_API_KEY, run `codex login`, or configure a provider in $CODEX_HOME/config.toml' };
}

function api(agent: AgentDefinition, env: NodeJS.ProcessEnv): CredentialCheck {
  const name = apiKeyEnvOf(agent);
  if (name === undefined) return { ok: true, detail: 'no key needed' };
  return env[name] ? { ok: true, detail: `${name} is set` } : { ok: false, detail: `set ${name}` };
}

/**
 * Whether an agent has credentials to use, from the environment and the CLIs' own files, without a
 * call. Used by `xcheck ci`, where a fork's pull request runs without secrets and must say
 * "skipped" rather than look like a review. (Interactive logins kept in a keychain are invisible
 * here, which is why ordinary reviews just try the call.)
 */
export function checkCredentials(agent: AgentDefinition, env: NodeJS.ProcessEnv): CredentialCheck {
  switch (agent.backend) {
    case 'claude-cli':
      return claude(env);
    case 'codex-cli':
      return codex(env);
    default:
      return api(agent, env);
  }
}
