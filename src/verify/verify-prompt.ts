import type { AgentDefinition } from '../agents.js';
import { renderPrompt } from '../prompts.js';
import type { Spot } from '../report/report-schema.js';
import { fenceFor } from '../review-prompt.js';
import { excerpt } from './excerpt.js';

const where = (spot: Spot) => (spot.startLine === spot.endLine ? `line ${spot.startLine}` : `lines ${spot.startLine}-${spot.endLine}`);

const instructionsOf = (agent: AgentDefinition) => (agent.instructions ? `\nAdditional instructions for you:\n${agent.instructions}\n` : '');

function codeBlock(code: string): string {
  const fence = fenceFor(code);
  return `${fence}\n${code}\n${fence}`;
}

function spotBlock(localId: string, spot: Spot, content: string): string {
  const finding = spot.findings[0]!;
  const context = excerpt(content, spot.startLine, spot.endLine);
  return [
    `SPOT ${localId} — ${spot.file}, ${where(spot)} (reported as ${spot.severity}, ${spot.category})`,
    `Title: ${finding.title}`,
    `Detail: ${finding.detail}`,
    ...(finding.suggestion ? [`Suggested fix: ${finding.suggestion}`] : []),
    ...(finding.quote ? [`Quoted code:\n${codeBlock(finding.quote)}`] : []),
    `Code, lines ${context.from}-${context.to}:\n${codeBlock(context.text)}`,
  ].join('\n');
}

/** One batched verification prompt: every spot this agent is asked about, ids S1, S2, … */
export async function buildVerifyPrompt(agent: AgentDefinition, spots: { localId: string; spot: Spot }[], contents: Record<string, string>): Promise<string> {
  return renderPrompt('verify', {
    instructions: instructionsOf(agent),
    spots: spots.map(({ localId, spot }) => spotBlock(localId, spot, contents[spot.file] ?? '')).join('\n\n'),
  });
}

/** The two sides of a contested spot, anonymized: nobody is named, and the order rotates. */
export async function buildArbitrationPrompt(
  agent: AgentDefinition,
  spot: Spot,
  content: string,
  claims: { A: string; B: string },
): Promise<string> {
  const context = excerpt(content, spot.startLine, spot.endLine, 12);
  return renderPrompt('arbitrate', {
    instructions: instructionsOf(agent),
    dispute: [
      `Code: ${spot.file}, lines ${context.from}-${context.to}:\n${codeBlock(context.text)}`,
      `Claim A: ${claims.A}`,
      `Claim B: ${claims.B}`,
    ].join('\n\n'),
  });
}
