import { readFile } from 'node:fs/promises';
import { ConfigError } from './errors.js';
import { packagePath } from './package-path.js';

const PLACEHOLDER = /\$\{([a-zA-Z][\w-]*)\}/g;

/** Fills `${name}` placeholders; an unknown or missing one is a broken template, not a blank. */
export function fillTemplate(template: string, vars: Record<string, string>, source: string): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new ConfigError(`${source}: unknown placeholder \${${name}}.`);
    return value;
  });
}

export async function renderPrompt(name: string, vars: Record<string, string>): Promise<string> {
  const source = packagePath('prompts', `${name}.md`);
  const template = await readFile(source, 'utf8');
  const used = new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1]));
  const unused = Object.keys(vars).filter((key) => !used.has(key));
  if (unused.length > 0) throw new ConfigError(`${source}: template does not use ${unused.map((key) => `\${${key}}`).join(', ')}.`);
  return fillTemplate(template, vars, source);
}
