import type { AgentDefinition } from '../agents.js';
import { renderPrompt } from '../prompts.js';
import { fenceFor } from '../review-prompt.js';
import type { Answer } from './answer.js';
import type { AskInput } from './ask-input.js';

const instructionsOf = (agent: AgentDefinition) => (agent.instructions ? `\nAdditional instructions for you:\n${agent.instructions}\n` : '');

function contextBlock(input: AskInput): string {
  if (input.context.length === 0) return '';
  return `\nCONTEXT:\n${input.context
    .map((file) => {
      const fence = fenceFor(file.content);
      return `FILE: ${file.path}\n${fence}\n${file.content.replace(/\n$/, '')}\n${fence}`;
    })
    .join('\n\n')}\n`;
}

export function askPrompt(agent: AgentDefinition, input: AskInput): Promise<string> {
  return renderPrompt('ask', { instructions: instructionsOf(agent), question: input.question, context: contextBlock(input) });
}

function answerBlock(answer: Answer): string {
  return [`Decision: ${answer.decision}`, 'Claims:', ...answer.claims.map((claim) => `- ${claim}`), '', answer.prose].join('\n');
}

/** The escalation round: the other answer is shown without saying which model wrote it. */
export function revisePrompt(agent: AgentDefinition, input: AskInput, mine: Answer, theirs: Answer): Promise<string> {
  return renderPrompt('ask-revise', {
    instructions: instructionsOf(agent),
    question: input.question,
    context: contextBlock(input),
    mine: answerBlock(mine),
    theirs: answerBlock(theirs),
  });
}
