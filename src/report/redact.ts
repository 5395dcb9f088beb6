/**
 * One redaction pass for everything the CI renderers write: annotations, job summary, PR comment,
 * SARIF, Code Quality (ci-conventions.md §4.5: GitHub masks only *registered* secrets, and model
 * text or a CLI's error output can echo a key it saw in the diff or the environment).
 *
 * The pattern list follows §4.5 (claude-code-action's `redactSecrets`). Order matters: the
 * Anthropic pattern runs before the generic OpenAI `sk-` one so the label says which it was.
 */
const PATTERNS: ReadonlyArray<readonly [label: string, pattern: RegExp]> = [
  ['anthropic-key', /\bsk-ant-[A-Za-z0-9_-]{8,}/g],
  // A digit is required so prose such as "sk-learn-compatible-estimators" survives.
  ['openai-key', /\bsk-(?=[A-Za-z_-]*[0-9])[A-Za-z0-9_-]{20,}/g],
  ['aws-key-id', /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g],
  ['github-token', /\bgh[pousr]_[A-Za-z0-9]{20,}/g],
  ['github-token', /\bgithub_pat_[A-Za-z0-9_]{20,}/g],
  ['slack-token', /\bxox[abprs]-[A-Za-z0-9-]{8,}/g],
  ['jwt', /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g],
];

/** Shorter literal values are not redacted: "abc" would wreck ordinary text and is no real key. */
const MIN_LITERAL = 8;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces secret-shaped substrings with `[REDACTED:<kind>]`. `literals` are exact values to hide as
 * well, e.g. the configured API-key env vars' values (§4.5 "also redact the literal values").
 */
export function redactSecrets(text: string, literals: readonly string[] = []): string {
  let out = text;
  for (const literal of literals) {
    if (literal.length >= MIN_LITERAL) out = out.replace(new RegExp(escapeRegExp(literal), 'g'), '[REDACTED]');
  }
  for (const [label, pattern] of PATTERNS) out = out.replace(pattern, `[REDACTED:${label}]`);
  return out;
}

/** `JSON.stringify` replacer that redacts every string value (keys are ours, values may be model text). */
export function redactingReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? redactSecrets(value) : value;
}
