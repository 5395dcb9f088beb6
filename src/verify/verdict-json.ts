import { isRecord } from '../normalize/is-record.js';
import { findVerdict, mapVerdictValue } from './map-verdict.js';
import { cleanReason, type RawVerdict } from './raw-verdict.js';
import { looksLikeSpotId, readSpotId } from './spot-id.js';

// Field names seen from models and hand-written model servers that only know "a verification prompt".
const LIST_KEYS = ['verdicts', 'results', 'spots', 'findings', 'answers', 'items'];
const SPOT_KEYS = ['spot', 'id', 'spotId', 'spot_id', 'ref', 'key', 'finding', 'index'];
const VERDICT_KEYS = ['verdict', 'status', 'decision', 'result', 'answer', 'assessment', 'label'];
const BOOLEAN_KEYS = ['real', 'valid', 'isReal', 'confirmed'];
const REASON_KEYS = ['reason', 'reasoning', 'explanation', 'why', 'rationale', 'detail', 'comment'];

export interface JsonVerdicts {
  raws: RawVerdict[];
  warnings: string[];
}

/**
 * A parsed JSON value → raw verdicts, or undefined when it holds none (so the caller tries the next
 * candidate). Shapes: the contract, a bare array, another list key, a single verdict object, or an
 * object keyed by spot id (`{ "S1": "confirmed", "S2": { "verdict": "refuted" } }`).
 */
export function readJsonVerdicts(value: unknown, spotIds: readonly string[]): JsonVerdicts | undefined {
  const warnings: string[] = [];
  const raws = readContainer(value, spotIds, warnings, 0);
  return raws.length > 0 ? { raws, warnings } : undefined;
}

function readContainer(value: unknown, spotIds: readonly string[], warnings: string[], depth: number): RawVerdict[] {
  if (Array.isArray(value)) return readList(value, spotIds, warnings);
  if (!isRecord(value) || depth > 1) return [];
  const listKey = LIST_KEYS.find((key) => Array.isArray(value[key]) || isRecord(value[key]));
  // `{ "verdicts": { "S1": … } }` is a keyed object one level down; depth stops endless nesting.
  if (listKey) return readContainer(value[listKey], spotIds, warnings, depth + 1);
  const single = readItem(value, undefined, spotIds, warnings);
  if (single) return [single];
  return Object.entries(value).flatMap(([key, entry]) =>
    looksLikeSpotId(key) ? readItem(entry, key, spotIds, warnings) ?? [] : [],
  );
}

function readList(list: unknown[], spotIds: readonly string[], warnings: string[]): RawVerdict[] {
  return list.flatMap((item) => readItem(item, undefined, spotIds, warnings) ?? []);
}

/** One verdict: an object with id/verdict fields, or (under a spot-id key) a bare word or boolean. */
function readItem(item: unknown, keyId: string | undefined, spotIds: readonly string[], warnings: string[]): RawVerdict | undefined {
  if (!isRecord(item)) {
    if (keyId === undefined) return undefined;
    return fromValue(keyId, item, '', spotIds);
  }
  const idKey = SPOT_KEYS.find((key) => item[key] !== undefined && item[key] !== null);
  const verdictKey = VERDICT_KEYS.find((key) => typeof item[key] === 'string' || typeof item[key] === 'boolean');
  const booleanKey = BOOLEAN_KEYS.find((key) => typeof item[key] === 'boolean');
  const reasonKey = REASON_KEYS.find((key) => typeof item[key] === 'string');
  const reason = reasonKey ? String(item[reasonKey]).trim() : '';
  const id = idKey ? item[idKey] : keyId;
  if (id === undefined) return undefined;
  if (!verdictKey && !booleanKey) {
    // An id without any verdict is not a verdict: say so only when the id is a spot id.
    const label = readSpotId(id, spotIds);
    if (label && keyId === undefined && looksLikeSpotId(label)) warnings.push(`the entry for ${label} has no verdict; ignored`);
    return undefined;
  }
  return fromValue(id, verdictKey ? item[verdictKey] : item[booleanKey!], reason, spotIds);
}

function fromValue(id: unknown, value: unknown, reason: string, spotIds: readonly string[]): RawVerdict | undefined {
  const spot = readSpotId(id, spotIds);
  if (spot === undefined) return undefined;
  const verdict = mapVerdictValue(value);
  // `"S1": "confirmed — the guard is missing"`: the words after the verdict are the reason.
  if (!reason && typeof value === 'string') {
    const match = findVerdict(value);
    if (match) reason = cleanReason(value.slice(match.end));
  }
  return { spot, verdict, ...(verdict ? {} : { said: String(value) }), reason };
}
