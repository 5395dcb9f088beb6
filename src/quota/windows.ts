/**
 * Rolling-window quota arithmetic, pure (the clock is a parameter).
 *
 * Exports: `QuotaLimit`, `WindowStatus`, `QuotaStatus`, `quotaStatusOf`, `LOW_FRACTION`.
 */

export interface QuotaLimit {
  messages: number;
  windowHours: number;
}

export interface WindowStatus extends QuotaLimit {
  used: number;
  remaining: number;
  /** When the next call in the window ages out and frees a slot (absent: nothing used). */
  resetsAt?: string;
  /** At most LOW_FRACTION of the window is left. */
  low: boolean;
  exhausted: boolean;
}

export interface QuotaStatus {
  agent: string;
  windows: WindowStatus[];
  exhausted: boolean;
  low: boolean;
  /** When the agent can be called again (exhausted) — the latest freeing time over exhausted windows. */
  resetsAt?: string;
  /** One line for people, e.g. "225 of 225 calls used in the 5-hour window; frees up at …". */
  detail?: string;
}

/** Warn when this share of a window or less is left. */
export const LOW_FRACTION = 0.2;

const HOUR_MS = 3_600_000;

function hours(value: number): string {
  return value === 24 ? 'day' : `${value}-hour`;
}

/** `callTimes`: epoch ms of calls made (any order). */
export function quotaStatusOf(agent: string, limits: QuotaLimit[], callTimes: number[], now: Date): QuotaStatus {
  const nowMs = now.getTime();
  const times = [...callTimes].sort((a, b) => a - b);
  const windows = limits.map((limit): WindowStatus => {
    const span = limit.windowHours * HOUR_MS;
    const inWindow = times.filter((time) => time > nowMs - span && time <= nowMs);
    const used = inWindow.length;
    const remaining = Math.max(0, limit.messages - used);
    const exhausted = remaining === 0;
    // Exhausted: a slot frees when enough of the oldest calls age out to bring `used` below the limit.
    const freeing = exhausted ? inWindow[used - limit.messages] : inWindow[0];
    return {
      ...limit,
      used,
      remaining,
      ...(freeing !== undefined ? { resetsAt: new Date(freeing + span).toISOString() } : {}),
      low: remaining <= limit.messages * LOW_FRACTION,
      exhausted,
    };
  });
  const exhaustedWindows = windows.filter((window) => window.exhausted);
  const exhausted = exhaustedWindows.length > 0;
  const low = windows.some((window) => window.low);
  const resetsAt = exhausted ? exhaustedWindows.map((window) => window.resetsAt!).sort().at(-1) : undefined;
  const worst = exhausted ? exhaustedWindows.find((window) => window.resetsAt === resetsAt)! : windows.filter((window) => window.low).sort((a, b) => a.remaining / a.messages - b.remaining / b.messages)[0];
  const detail = worst
    ? exhausted
      ? `${worst.used} of ${worst.messages} calls used in its ${hours(worst.windowHours)} window; the next call is possible at ${resetsAt}`
      : `${worst.remaining} of ${worst.messages} calls left in its ${hours(worst.windowHours)} window${worst.resetsAt ? ` (the oldest frees up at ${worst.resetsAt})` : ''}`
    : undefined;
  return { agent, windows, exhausted, low, ...(resetsAt ? { resetsAt } : {}), ...(detail ? { detail } : {}) };
}
