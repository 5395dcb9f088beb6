/**
 * Is an API endpoint reachable? Any HTTP answer (also 401/404) proves the host answers; only a
 * connection error or a timeout makes it unreachable. No model is called, no token is spent.
 */

/** Where the SDKs send requests when neither the agent nor the environment says otherwise. */
export const DEFAULT_BASE_URLS = {
  anthropic: 'https://api.anthropic.com',
  openai: 'https://api.openai.com/v1',
} as const;

/** The variables the official SDKs read when no `baseURL` is passed. */
export const BASE_URL_ENV = { anthropic: 'ANTHROPIC_BASE_URL', openai: 'OPENAI_BASE_URL' } as const;

export const REACH_TIMEOUT_MS = 3_000;

export type ReachResult =
  | { reachable: true; url: string; status: number }
  | { reachable: false; url: string; problem: string };

export interface ReachOptions {
  method: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export async function checkReachable(url: string, options: ReachOptions): Promise<ReachResult> {
  const shown = displayUrl(url);
  const timeoutMs = options.timeoutMs ?? REACH_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    // A redirect is an answer too: do not follow it somewhere else.
    const response = await fetch(url, { method: options.method, headers: options.headers ?? {}, redirect: 'manual', signal });
    await response.body?.cancel().catch(() => undefined);
    return { reachable: true, url: shown, status: response.status };
  } catch (error) {
    if (timeout.aborted) return { reachable: false, url: shown, problem: `no answer within ${timeoutMs / 1000} s` };
    if (options.signal?.aborted) return { reachable: false, url: shown, problem: 'check canceled' };
    return { reachable: false, url: shown, problem: describeFetchError(error) };
  }
}

const CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name could not be resolved (offline?)',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
};

/** undici hides the system error in `cause`; surface its code, never the request headers. */
export function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code && CODES[code]) return `${CODES[code]} (${code})`;
  if (code && /CERT|SSL|TLS/i.test(code)) return `TLS certificate problem (${code})`;
  if (code) return code;
  if (typeof cause?.message === 'string' && cause.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** Without credentials, query or fragment: what may appear in a terminal or a CI log. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname.replace(/\/$/, '')}`;
  } catch {
    return '(invalid URL)';
  }
}

/** `{baseURL}/models`, keeping the base path (`…/v1` → `…/v1/models`). */
export function joinUrl(base: string, suffix: string): string {
  return `${base.replace(/\/+$/, '')}/${suffix.replace(/^\/+/, '')}`;
}
