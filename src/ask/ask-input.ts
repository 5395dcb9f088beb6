import { InputError } from '../errors.js';
import { readReviewFiles, type InputLimits } from '../input.js';
import type { ReviewFile } from '../task.js';

/** Questions longer than this are documents, not questions; put them in --context files. */
export const MAX_QUESTION_CHARS = 20_000;

export interface AskInput {
  question: string;
  context: ReviewFile[];
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The question from the argument or, when it is `-` or absent and stdin is piped, from stdin. */
export async function readAskInput(questionArg: string | undefined, contextPaths: string[], cwd: string, limits: InputLimits, stdin: NodeJS.ReadStream = process.stdin): Promise<AskInput> {
  const fromStdin = questionArg === undefined || questionArg === '-';
  if (fromStdin && stdin.isTTY) throw new InputError('No question. Usage: xcheck ask "question" [--context FILE …], or pipe the question on stdin.');
  const question = (fromStdin ? await readStdin(stdin) : questionArg).trim();
  if (question.length === 0) throw new InputError('The question is empty; nothing to ask.');
  if (question.length > MAX_QUESTION_CHARS) {
    throw new InputError(`The question is ${question.length} characters, over the ${MAX_QUESTION_CHARS} limit; put long material in --context files.`);
  }
  // Context files go through the same checks as files to review: missing, binary, empty, too big.
  const context = contextPaths.length > 0 ? await readReviewFiles(contextPaths, cwd, limits) : [];
  return { question, context };
}
