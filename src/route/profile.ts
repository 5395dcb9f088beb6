/** What a task looks like to the router: size, languages, sensitivity, kind. No model is called. */
import path from 'node:path';
import type { SensitiveFile } from '../sensitive.js';
import type { ReviewFile } from '../task.js';
import type { TaskKind } from './types.js';

export interface TaskProfile {
  kind: TaskKind;
  files: number;
  bytes: number;
  lines: number;
  /** Prompt tokens before any per-family tokenizer factor (see estimateInputTokens). */
  estimatedInputTokens: number;
  /** By share of bytes, largest first. */
  languages: string[];
  sensitive: SensitiveFile[];
}

const LANGUAGES: Record<string, string> = {
  '.ts': 'TypeScript', '.tsx': 'TypeScript', '.mts': 'TypeScript', '.cts': 'TypeScript',
  '.js': 'JavaScript', '.jsx': 'JavaScript', '.mjs': 'JavaScript', '.cjs': 'JavaScript',
  '.py': 'Python', '.go': 'Go', '.rs': 'Rust', '.java': 'Java', '.kt': 'Kotlin', '.rb': 'Ruby',
  '.php': 'PHP', '.cs': 'C#', '.c': 'C', '.h': 'C', '.cc': 'C++', '.cpp': 'C++', '.hpp': 'C++',
  '.swift': 'Swift', '.scala': 'Scala', '.sh': 'Shell', '.bash': 'Shell', '.sql': 'SQL',
  '.json': 'JSON', '.yaml': 'YAML', '.yml': 'YAML', '.toml': 'TOML', '.md': 'Markdown',
  '.html': 'HTML', '.css': 'CSS', '.vue': 'Vue', '.svelte': 'Svelte', '.tf': 'Terraform',
};

export const languageOf = (file: string): string => {
  const base = path.basename(file).toLowerCase();
  if (base === 'dockerfile') return 'Dockerfile';
  if (base.startsWith('.env')) return 'dotenv';
  return LANGUAGES[path.extname(base)] ?? 'other';
};

/**
 * ~3.5 characters per token for code (o200k measured 4.7 on TypeScript, 2.4 on JSON; §7), plus
 * the line numbers the prompt adds and the fixed instructions around the code.
 */
export const CHARS_PER_TOKEN = 3.5;
export const LINE_NUMBER_CHARS = 7;
export const PROMPT_OVERHEAD_TOKENS = 1_200;

export function buildProfile(kind: TaskKind, files: ReviewFile[], sensitive: SensitiveFile[]): TaskProfile {
  const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
  const lines = files.reduce((sum, file) => sum + file.lineCount, 0);
  const byLanguage = new Map<string, number>();
  for (const file of files) byLanguage.set(languageOf(file.path), (byLanguage.get(languageOf(file.path)) ?? 0) + file.bytes);
  return {
    kind,
    files: files.length,
    bytes,
    lines,
    estimatedInputTokens: Math.ceil((bytes + lines * LINE_NUMBER_CHARS) / CHARS_PER_TOKEN) + PROMPT_OVERHEAD_TOKENS,
    languages: [...byLanguage].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([language]) => language),
    sensitive,
  };
}

/**
 * Tokenizers differ: the same prompt is ~30% more tokens on Claude ≥4.7 than on o200k (§3.2, §7).
 * Seed factors from §7: OpenAI 1.0, Anthropic 1.3, others 1.2.
 */
export function tokenFactor(family: string): number {
  if (family === 'openai') return 1;
  if (family === 'anthropic') return 1.3;
  return 1.2;
}
