/**
 * A reply from which no findings could be read. Carries the raw text: it is the evidence when a
 * model ignores the reply contract. Backends use `safeParseFindings` and report `unparsable` instead.
 */
export class FindingsParseError extends Error {
  readonly code = 'XCHECK_FINDINGS_UNPARSABLE';
  readonly rawText: string;
  constructor(message: string, rawText: string) {
    super(message);
    this.name = 'FindingsParseError';
    this.rawText = rawText;
  }
}
