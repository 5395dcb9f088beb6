import { fileURLToPath } from 'node:url';
import path from 'node:path';

// dist/package-path.js and src/package-path.ts both sit one level below the package root.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Absolute path of a file shipped with the package (agents/, prompts/, examples/, schemas/). */
export function packagePath(...segments: string[]): string {
  return path.join(root, ...segments);
}
