import picomatch from 'picomatch';

/**
 * A matcher for config globs over the paths xcheck shows (relative to the working directory).
 * Patterns without a slash match the file name anywhere (`*.pem`), as in .gitignore; dotfiles match.
 */
export function globMatcher(globs: string[]): (file: string) => string | undefined {
  const matchers = globs.map((glob) => ({ glob, test: picomatch(glob, { dot: true, basename: !glob.includes('/') }) }));
  return (file) => matchers.find((matcher) => matcher.test(file))?.glob;
}
