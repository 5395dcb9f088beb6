import type { SpotStatus, Verification } from '../report/report-schema.js';

/**
 * What the other agents' votes make of a solo spot: `confirmed` when someone agrees and nobody
 * refutes; `refuted` when every agent that answered refutes; `contested` when they disagree
 * (confirm vs refute, or refute vs unsure); `unverified` when no call got through; `solo` still
 * when every answer was "unsure".
 */
export function resolveStatus(votes: Verification['votes']): SpotStatus {
  const answered = votes.filter((vote) => vote.verdict !== 'failed' && vote.verdict !== 'skipped');
  if (answered.length === 0) return 'unverified';
  const confirms = answered.filter((vote) => vote.verdict === 'confirmed').length;
  const refutes = answered.filter((vote) => vote.verdict === 'refuted').length;
  if (confirms > 0) return refutes > 0 ? 'contested' : 'confirmed';
  if (refutes === answered.length) return 'refuted';
  return refutes > 0 ? 'contested' : 'solo';
}
