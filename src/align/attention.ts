import type { Severity } from '../finding.js';
import type { SpotStatus } from '../report/report-schema.js';

const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 1, high: 0.8, medium: 0.55, low: 0.3, info: 0.1 };

/**
 * Disagreement is where a reviewer should dig, so at equal severity a split or solo spot outranks
 * an agreed one; uncovered spots (no second opinion was possible) come last.
 */
const STATUS_WEIGHT: Record<SpotStatus, number> = { split: 1, solo: 0.9, agreed: 0.8, uncovered: 0.75 };

/** attention = severity weight × status weight × (0.8 + 0.2 × the highest model confidence), in 0..1. */
export function attentionOf(status: SpotStatus, severity: Severity, confidence: number): number {
  const value = SEVERITY_WEIGHT[severity] * STATUS_WEIGHT[status] * (0.8 + 0.2 * Math.min(1, Math.max(0, confidence)));
  return Math.round(value * 1000) / 1000;
}
