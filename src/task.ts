/** One file of a review task, read and validated by `input.ts`. */
export interface ReviewFile {
  /** Path as the user gave it (relative to the working directory when possible); what models see. */
  path: string;
  /** Absolute path on disk. */
  absolutePath: string;
  content: string;
  /** Number of lines (a trailing newline does not start a new line). */
  lineCount: number;
  bytes: number;
  sha256: string;
  /**
   * Diff reviews: the added or modified lines (ascending). The prompt then shows only windows
   * around them, with those lines marked, and findings elsewhere are out of scope.
   */
  changedLines?: number[];
}

export interface ReviewTask {
  kind: 'review';
  files: ReviewFile[];
  /** Directory the agents run in. */
  cwd: string;
}
