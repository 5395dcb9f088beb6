import { readFileSync } from 'node:fs';
import { packagePath } from './package-path.js';

let cached: string | undefined;

/** xcheck's own version, from its package.json. */
export function xcheckVersion(): string {
  cached ??= (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
  return cached;
}
