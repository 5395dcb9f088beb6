import { posix } from 'node:path';
import { sanitizeText } from './sanitize.js';

export interface RepoPath {
  /** Repo-relative, forward slashes, never absolute, never escaping the root. */
  path: string;
  /** Set when the path could not be made relative and only its basename is used. */
  note?: string;
}

const ABSOLUTE = /^(?:[A-Za-z]:)?\//;

function slashes(path: string): string {
  return path.replace(/\\/g, '/');
}

/**
 * CI consumers key everything on repo-relative paths: SARIF URIs, annotation `file=`, Code Quality
 * `location.path` (ci-conventions.md §2.1 "Keep file paths repo-relative and stable", §2.2, §2.6).
 * Spot paths are as given to xcheck; an absolute one is made relative to `root` when it lies under
 * it, otherwise (or when it climbs out with `..`) only the basename is kept and `note` says so,
 * so no runner home directory leaks and no location points outside the checkout.
 */
export function repoPath(file: string, root?: string): RepoPath {
  let path = slashes(sanitizeText(file).replace(/[\n\t]/g, ' '));
  if (ABSOLUTE.test(path)) {
    const base = root === undefined ? undefined : posix.normalize(`${slashes(root)}/`);
    const normal = posix.normalize(path);
    if (base !== undefined && base !== '/' && normal.toLowerCase().startsWith(base.toLowerCase())) path = normal.slice(base.length);
    else return fallback(path, 'absolute path outside the repository root; basename used');
  }
  const normal = posix.normalize(path).replace(/^(\.\/)+/, '');
  if (normal === '..' || normal.startsWith('../') || normal === '.' || normal === '') {
    return fallback(path, 'path escapes the repository root; basename used');
  }
  return { path: normal };
}

function fallback(path: string, note: string): RepoPath {
  return { path: posix.basename(path) || 'unknown', note };
}

/**
 * A SARIF `artifactLocation.uri` is a URI reference, so each segment is percent-encoded (spaces,
 * `%`, `#`, `?`, and `:` which in a first segment would read as a scheme). `@ + , =` stay readable.
 */
export function toUri(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%(40|2B|2C|3D)/g, (escape) => decodeURIComponent(escape)))
    .join('/');
}
