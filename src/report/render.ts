import type { Report } from './report-schema.js';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'markdown', 'gitlab'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  color: boolean;
  toolVersion: string;
  /** Repository root: renderers that need repo-relative paths make them against it. */
  root: string;
}

/** One report, any format; each renderer is loaded only when asked for. */
export async function render(report: Report, format: Format, options: RenderOptions): Promise<string> {
  switch (format) {
    case 'text':
      return (await import('./text.js')).renderText(report, { color: options.color });
    case 'json':
      return (await import('./json.js')).renderJson(report);
    case 'sarif':
      return (await import('./sarif.js')).renderSarif(report, { toolVersion: options.toolVersion });
    case 'github':
      return (await import('./github-annotations.js')).renderGithubAnnotations(report);
    case 'markdown':
      return (await import('./pr-comment.js')).renderPrComment(report, { root: options.root });
    case 'gitlab':
      return (await import('./gitlab.js')).renderGitlabCodeQuality(report, { root: options.root });
  }
}
