/**
 * Spot ids as replies write them ("S1", "s1", "1", 1, "#1", "Spot 1", "**S1**") → the id the prompt
 * gave ("S1"). Returns the prompt's spelling when the id is one of `spotIds`, otherwise a readable
 * label (so the caller can name it in "unknown spot" warnings), or undefined when it is no id at all.
 */
export function readSpotId(value: unknown, spotIds: readonly string[]): string | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? known(`S${value}`, spotIds) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  const exact = known(text, spotIds);
  if (spotIds.includes(exact)) return exact;
  const number = SPOT_ID.exec(text)?.[1];
  return number === undefined ? text : known(`S${Number(number)}`, spotIds);
}

/** True for keys such as "S1", "1" or "Spot 2": used to recognise `{ "S1": "confirmed" }` replies. */
export function looksLikeSpotId(key: string): boolean {
  return SPOT_ID.test(key.trim());
}

// Optional markup/quotes, an optional "spot"/"finding" word, "#", "S", the number, optional closers.
const SPOT_ID = /^[\s*_`"'[(]*(?:spot|finding)?\s*#?\s*s?\s*(\d+)[\s*_`"')\]:.]*$/i;

/** The prompt's spelling of an id, matched case-insensitively; the id itself when unknown. */
function known(id: string, spotIds: readonly string[]): string {
  return spotIds.find((spotId) => spotId.toLowerCase() === id.toLowerCase()) ?? id;
}
