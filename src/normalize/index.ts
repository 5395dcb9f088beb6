export { safeParseFindings, parseFindings } from './parse-findings.js';
export type { ParseFindingsContext, ParsedFindings, SafeParseFindingsResult } from './parse-findings.js';
export type { ReplyFormat } from './raw-finding.js';
export { FindingsParseError } from './findings-parse-error.js';
export { anchorLines } from './anchor.js';
export { mapSeverityWord, mapCodexPriority } from './map-severity.js';
export { mapCategoryWord } from './map-category.js';
