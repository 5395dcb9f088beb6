import type { AgentDefinition } from '../agents.js';
import { renderPrompt } from '../prompts.js';
import type { Spot } from '../report/report-schema.js';
import { fenceFor } from '../review-prompt.js';
import { excerpt } from '../verify/excerpt.js';

/** An earlier question about the same spot in this session, so a follow-up can build on it. */
export interface EarlierAnswer {
  agent: string;
  question: string;
  answer: string;
}

function codeBlock(code: string): string {
  const fence = fenceFor(code);
  return `${fence}\n${code}\n${fence}`;
}

const where = (spot: Spot) => (spot.startLine === spot.endLine ? `line ${spot.startLine}` : `lines ${spot.startLine}-${spot.endLine}`);

/**
 * The spot as the developer sees it: where, what the review concluded, every agent's finding, the
 * verification votes, and the code around it (numbered as in the review prompt).
 */
export function spotContext(spot: Spot, content: string, earlier: EarlierAnswer[] = []): string {
  const context = excerpt(content, spot.startLine, spot.endLine, 12);
  const findings = spot.findings.map((finding) =>
    [
      `- Reported by ${finding.agent} (${finding.severity}, ${finding.category}, ${finding.file}:${finding.startLine}${finding.endLine !== finding.startLine ? `-${finding.endLine}` : ''}): ${finding.title}`,
      `  ${finding.detail}`,
      ...(finding.suggestion ? [`  Suggested fix: ${finding.suggestion}`] : []),
    ].join('\n'),
  );
  const votes = (spot.verification?.votes ?? []).map((vote) => `- ${vote.agent} was asked to check it: ${vote.verdict}${vote.reason ? ` — ${vote.reason}` : ''}`);
  const arbitration = spot.verification?.arbitration;
  return [
    `SPOT — ${spot.file}, ${where(spot)}: ${spot.title} (status ${spot.status}, severity ${spot.severity})`,
    spot.missing.length > 0 ? `Reviewers who saw this code and did not report it: ${spot.missing.join(', ')}` : '',
    `Findings:\n${findings.join('\n')}`,
    votes.length > 0 ? `Verification:\n${votes.join('\n')}` : '',
    arbitration ? `Arbitration by ${arbitration.agent}: ${arbitration.decision} — ${arbitration.reasoning}` : '',
    `Code, ${spot.file} lines ${context.from}-${context.to}:\n${codeBlock(context.text)}`,
    ...earlier.map((entry) => `Earlier question (answered by ${entry.agent}): ${entry.question}\nAnswer:\n${entry.answer}`),
  ]
    .filter(Boolean)
    .join('\n\n');
}

export async function buildQuestionPrompt(agent: AgentDefinition, spot: Spot, content: string, question: string, earlier: EarlierAnswer[] = []): Promise<string> {
  return renderPrompt('question', {
    instructions: agent.instructions ? `\nAdditional instructions for you:\n${agent.instructions}\n` : '',
    spot: spotContext(spot, content, earlier),
    question: question.trim(),
  });
}
