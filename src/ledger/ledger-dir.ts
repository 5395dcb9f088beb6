/**
 * Where the ledger lives: `$XCHECK_LEDGER_DIR`, else `<xcheck user dir>/ledger`.
 *
 * Exports: `ledgerDir`.
 *
 * User-level, not per project: quotas belong to an account, and a subscription's 5-hour window is
 * drawn down by every project the user reviews.
 */
import path from 'node:path';
import { configHome } from '../config-home.js';

export function ledgerDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.XCHECK_LEDGER_DIR || path.join(configHome(env), 'ledger');
}
