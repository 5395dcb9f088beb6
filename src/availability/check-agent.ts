/**
 * Token-free availability checks: can this agent be run at all? CLI backends: the binary resolves
 * and `--version` answers. API backends: the key variable is set and the endpoint answers HTTP.
 * Whether a login or key is accepted needs a model call: that is `xcheck doctor --probe`.
 * Never throws and never prints a key.
 */
import path from 'node:path';
import type { AgentDefinition } from '../agents.js';
import { oneLine } from '../report/sanitize.js';
import { CLI_HINTS, checkCliVersion, type CliVersionResult } from './cli-version.js';
import { BASE_URL_ENV, DEFAULT_BASE_URLS, checkReachable, displayUrl, joinUrl, type ReachResult } from './endpoint.js';

export type Backend = AgentDefinition['backend'];

export interface Availability {
  agent: string;
  backend: Backend;
  status: 'ready' | 'unavailable';
  /** What was found, e.g. "claude 2.1.197 at /usr/bin/claude" or "OPENAI_API_KEY set; http://… reachable". */
  detail: string;
  /** What to do about it; present when unavailable (and for notes worth acting on). */
  fix?: string;
  /** CLI backends: the resolved executable and its version. */
  executable?: string;
  version?: string;
  /** API backends: the endpoint checked (no credentials or query), its HTTP status, the key variable. */
  endpoint?: string;
  httpStatus?: number;
  keyEnv?: string;
}

export interface AvailabilityOptions {
  /** Environment the agent will run with (PATH, keys, base URLs); default process.env. */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Resolves relative `command` paths and PATH entries; default process.cwd(). */
  cwd?: string;
  /** Per check: `--version` run or HTTP request. */
  timeoutMs?: number;
}

/** How the API backends find their key: `apiKeyEnv`, the SDK default, or none at all. */
export function apiKeyEnvOf(agent: AgentDefinition): string | undefined {
  if (agent.apiKeyEnv === 'none') return undefined;
  return agent.apiKeyEnv ?? (agent.backend === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY');
}

/** The endpoint an API agent talks to: its `baseURL`, else the SDK's env variable, else the vendor. */
export function baseUrlOf(agent: AgentDefinition, env: NodeJS.ProcessEnv): { url: string; from: string } {
  if (agent.backend !== 'anthropic' && agent.backend !== 'openai') throw new Error(`baseUrlOf: ${agent.backend} is not an API backend`);
  if (agent.baseURL) return { url: agent.baseURL, from: 'baseURL' };
  const variable = BASE_URL_ENV[agent.backend];
  const fromEnv = env[variable]?.trim();
  if (fromEnv) return { url: fromEnv, from: variable };
  return { url: DEFAULT_BASE_URLS[agent.backend], from: 'default' };
}

export function checkAvailability(agent: AgentDefinition, options: AvailabilityOptions = {}): Promise<Availability> {
  return check(agent, options, undefined);
}

/** All agents in parallel; one `--version` per distinct executable and environment. */
export function checkAllAvailability(agents: AgentDefinition[], options: AvailabilityOptions = {}): Promise<Availability[]> {
  const versions: VersionCache = new Map();
  return Promise.all(agents.map((agent) => check(agent, options, versions)));
}

type VersionCache = Map<string, Promise<CliVersionResult>>;

async function check(agent: AgentDefinition, options: AvailabilityOptions, versions: VersionCache | undefined): Promise<Availability> {
  const env = options.env ?? process.env;
  try {
    if (agent.backend === 'claude-cli' || agent.backend === 'codex-cli') return await checkCliAgent(agent, agent.backend, env, options, versions);
    return await checkApiAgent(agent, agent.backend, env, options);
  } catch (error) {
    return {
      agent: agent.id,
      backend: agent.backend,
      status: 'unavailable',
      detail: `the check itself failed: ${oneLine(error instanceof Error ? error.message : String(error))}`,
      fix: 'run `xcheck doctor --probe` for a real call, and report this if it persists',
    };
  }
}

async function checkCliAgent(
  agent: AgentDefinition,
  backend: 'claude-cli' | 'codex-cli',
  env: NodeJS.ProcessEnv,
  options: AvailabilityOptions,
  versions: VersionCache | undefined,
): Promise<Availability> {
  const hints = CLI_HINTS[backend];
  const command = agent.command ?? hints.command;
  const cwd = options.cwd ?? process.cwd();
  const base = { agent: agent.id, backend };
  const key = JSON.stringify([backend, command, cwd, env.PATH ?? '']);
  let pending = versions?.get(key);
  if (!pending) {
    pending = checkCliVersion(backend, command, {
      env,
      cwd,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    versions?.set(key, pending);
  }
  const found = await pending;
  const loginHint = `then ${hints.login}`;

  if (found.status === 'missing') {
    const custom = agent.command !== undefined;
    const where = command.includes('/') ? 'does not exist or is not executable' : 'not found on PATH';
    return {
      ...base,
      status: 'unavailable',
      detail: `\`${command}\` ${where}`,
      fix: custom
        ? `fix \`command:\` in the agent file, or install the CLI with \`${hints.install}\`, ${loginHint}`
        : `install it with \`${hints.install}\`, ${loginHint}`,
    };
  }
  if (found.status === 'broken') {
    const stub = /native binary not installed/i.test(found.problem);
    return {
      ...base,
      status: 'unavailable',
      executable: found.path,
      detail: `${found.problem} (at ${found.path})`,
      fix: stub
        ? `the package's install script did not run: reinstall with scripts allowed (\`${hints.install}\`)`
        : `run \`${command} --version\` by hand to see what is wrong; reinstall with \`${hints.install}\` if it is broken`,
    };
  }
  return {
    ...base,
    status: 'ready',
    executable: found.path,
    version: found.version,
    detail: `${path.basename(command)} ${found.version} at ${found.path}; login checked by \`xcheck doctor --probe\``,
  };
}

async function checkApiAgent(
  agent: AgentDefinition,
  backend: 'anthropic' | 'openai',
  env: NodeJS.ProcessEnv,
  options: AvailabilityOptions,
): Promise<Availability> {
  const keyEnv = apiKeyEnvOf(agent);
  const key = keyEnv ? env[keyEnv]?.trim() : undefined;
  const { url: baseUrl, from } = baseUrlOf(agent, env);

  let target: string;
  try {
    target = backend === 'openai' ? joinUrl(baseUrl, 'models') : new URL(baseUrl).origin;
    new URL(target);
  } catch {
    return {
      agent: agent.id,
      backend,
      status: 'unavailable',
      detail: `invalid endpoint URL in ${from === 'baseURL' ? 'the agent\'s baseURL' : from}`,
      fix: from === 'baseURL' ? 'fix `baseURL:` in the agent file' : `fix or unset ${from}`,
    };
  }
  // OpenAI: GET /models is free and, with the key, tells whether it is accepted. Anthropic: HEAD on
  // the origin, as Claude Code's own pre-flight; no key is sent anywhere it is not needed.
  const headers: Record<string, string> = backend === 'openai' && key ? { authorization: `Bearer ${key}` } : {};
  const reach: ReachResult = await checkReachable(target, {
    method: backend === 'openai' ? 'GET' : 'HEAD',
    headers,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });

  const keyText = !keyEnv ? 'no key needed (apiKeyEnv: none)' : key ? `${keyEnv} set` : `${keyEnv} not set`;
  const fromText = from === 'default' || from === 'baseURL' ? '' : ` (from ${from})`;
  const reachText = reach.reachable
    ? `${reach.url}${fromText} reachable (HTTP ${reach.status}${reach.status === 401 || reach.status === 403 ? ': key not accepted there; `xcheck doctor --probe` checks for sure' : ''})`
    : `${reach.url}${fromText} unreachable: ${reach.problem}`;

  const fixes: string[] = [];
  if (keyEnv && !key) {
    const vendor = backend === 'anthropic' ? 'Anthropic' : 'OpenAI';
    fixes.push(`set ${keyEnv} to your ${agent.baseURL ? 'server\'s' : vendor} API key (or \`apiKeyEnv: none\` in the agent file for a server without keys)`);
  }
  if (!reach.reachable) {
    const server = displayUrl(baseUrl);
    if (from === 'baseURL') fixes.push(`start the server at ${server}, or fix \`baseURL:\` in the agent file`);
    else if (from === 'default') fixes.push(`check the network path to ${server} (proxy, firewall), or set \`baseURL:\` in the agent file to a reachable endpoint`);
    else fixes.push(`start the server at ${server}, or fix ${from}`);
  }

  return {
    agent: agent.id,
    backend,
    status: fixes.length === 0 ? 'ready' : 'unavailable',
    detail: `${keyText}; ${reachText}`,
    ...(fixes.length > 0 ? { fix: fixes.join('; ') } : {}),
    endpoint: reach.url,
    ...(reach.reachable ? { httpStatus: reach.status } : {}),
    ...(keyEnv ? { keyEnv } : {}),
  };
}
