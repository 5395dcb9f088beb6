import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

// ci-conventions.md §3: the OASIS draft-04 schema (MIT copy from @microsoft/jest-sarif) under ajv 8;
// `unicodeRegExp: false` because of a stray `]` in the schema's language-tag pattern.
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
// Both packages are CommonJS with `exports.default` set; `.default` is right for the types and at run time.
const ajv = new Ajv04.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

/** Throws with ajv's description of every violation when `log` is not valid SARIF 2.1.0. */
export function assertValidSarif(log: unknown): void {
  if (!validate(log)) throw new Error(ajv.errorsText(validate.errors, { separator: '\n' }));
}
