import type { Severity } from '../finding.js';
import type { SpotStatus } from '../report/report-schema.js';

const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 1, high: 0.8, medium: 0.55, low: 0.3, info: 0.1 };

/**
 * Disagreement is where a reviewer should dig, so at equal severity a contested, split or solo
 * spot outranks an agreed or confirmed one; uncovered spots (no second opinion was possible) come
 * after those, and refuted ones (every other agent said it is not a problem) last — still shown.
 */
const STATUS_WEIGHT: Record<SpotStatus, number> = {
  contested: 1,
  split: 1,
  solo: 0.9,
  unverified: 0.9,
  confirmed: 0.85,
  agreed: 0.8,
  uncovered: 0.75,
  refuted: 0.3,
};

/** A model that states no confidence is taken as moderately sure. */
const DEFAULT_MODEL_CONFIDENCE = 0.6;

/**
 * Confidence that the issue is real (not that the findings match): a noisy-or over the reporting
 * models, each discounted by 0.8 because models share blind spots. Heuristic, not calibrated.
 */
export function issueConfidenceOf(confidences: (number | undefined)[]): number {
  const doubt = confidences.reduce<number>((product, confidence) => product * (1 - 0.8 * (confidence ?? DEFAULT_MODEL_CONFIDENCE)), 1);
  return Math.round((1 - doubt) * 1000) / 1000;
}

/** attention = severity weight × status weight × (0.8 + 0.2 × issue confidence), in 0..1. */
export function attentionOf(status: SpotStatus, severity: Severity, issueConfidence: number): number {
  const value = SEVERITY_WEIGHT[severity] * STATUS_WEIGHT[status] * (0.8 + 0.2 * Math.min(1, Math.max(0, issueConfidence)));
  return Math.round(value * 1000) / 1000;
}
