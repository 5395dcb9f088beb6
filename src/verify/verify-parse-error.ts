/**
 * A verification or arbitration reply from which nothing could be read. Carries the raw text: it is
 * the evidence when a model ignores the reply contract. Callers that must not throw use the
 * `safeParse…` twins instead.
 */
export class VerifyParseError extends Error {
  readonly code = 'XCHECK_VERIFY_UNPARSABLE';
  readonly reply: 'verdicts' | 'arbitration';
  readonly rawText: string;
  constructor(message: string, reply: 'verdicts' | 'arbitration', rawText: string) {
    super(message);
    this.name = 'VerifyParseError';
    this.reply = reply;
    this.rawText = rawText;
  }
}
