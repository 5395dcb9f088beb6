import type { AgentDefinition } from '../agents.js';
import type { Backend, BackendRequest, BackendResult } from '../backends/backend.js';
import { cacheKey } from './cache-key.js';
import type { CachedOutcome, OkResult, OutcomeCache } from './outcome-cache.js';

export interface CachingOptions {
  /** Called on every hit, e.g. to count hits or show "opus: cached" in the progress display. */
  onHit?: (agentId: string, key: string, hit: CachedOutcome, request: BackendRequest, durationMs: number) => void;
  /**
   * Whether an ok result may be stored; default all. A backend `ok` can still be a reply the
   * normalizer rejects (unparsable), which would otherwise be served again on every run.
   */
  accept?: (result: OkResult, request: BackendRequest) => boolean;
}

/**
 * What a hit reports. No model was called now, so the run spent nothing and waited only for the
 * disk: costUsd is 0 (known, not unpriced), usage is dropped, durationMs is the lookup time. The
 * warning says where the answer came from; the report shows agents' warnings.
 */
function fromCache(hit: CachedOutcome, durationMs: number): BackendResult {
  const { usage: _usage, costUsd: _costUsd, ...rest } = hit.result;
  return {
    ...rest,
    costUsd: 0,
    durationMs,
    warnings: [...hit.result.warnings, `cached: no model call (stored ${hit.storedAt})`],
  };
}

/**
 * Wraps a `backendFor` so identical requests are answered from `cache`. The cache is an
 * optimization, never a reason to fail: an unreadable entry is a miss, and a result that cannot be
 * stored is still returned, with a warning.
 */
export function cachingBackendFor(
  backendFor: (agent: AgentDefinition) => Backend,
  cache: OutcomeCache,
  options: CachingOptions = {},
): (agent: AgentDefinition) => Backend {
  return (agent) => {
    const inner = backendFor(agent);
    return {
      id: inner.id,
      async run(request, runOptions) {
        const key = cacheKey(request);
        const started = performance.now();
        const hit = await cache.read(key).catch(() => undefined);
        if (hit) {
          const durationMs = Math.round(performance.now() - started);
          options.onHit?.(request.agent.id, key, hit, request, durationMs);
          // A stored answer arrives whole; a caller showing the answer as it comes still gets it.
          runOptions.onText?.(hit.result.text);
          return fromCache(hit, durationMs);
        }
        const result = await inner.run(request, runOptions);
        if (result.status !== 'ok' || (options.accept && !options.accept(result, request))) return result;
        try {
          await cache.put(key, result);
          return result;
        } catch (error) {
          return { ...result, warnings: [...result.warnings, `cache: answer not stored: ${(error as Error).message}`] };
        }
      },
    };
  };
}
