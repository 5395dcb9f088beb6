/** The exit codes of architecture.md; the only table that maps outcomes to numbers. */
export const ExitCode = {
  ok: 0,
  failOn: 1,
  usage: 2,
  incomplete: 3,
  canceled: 130,
  /** A bug in xcheck (EX_SOFTWARE); the message asks for a report. */
  internal: 70,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A run-fatal error a user can cause and fix; `cli.ts` prints the message and exits with `exitCode`. */
export class XcheckError extends Error {
  readonly code: string;
  readonly exitCode: ExitCodeValue;
  constructor(code: string, message: string, exitCode: ExitCodeValue = ExitCode.usage, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** Bad flags, unknown subcommand. */
export class UsageError extends XcheckError {
  constructor(message: string) {
    super('XCHECK_USAGE', message);
  }
}

/** A file to review that cannot be reviewed (missing, directory, binary, too big, empty). */
export class InputError extends XcheckError {
  constructor(message: string) {
    super('XCHECK_INPUT', message);
  }
}

/** A broken agent file, prompt template or config. */
export class ConfigError extends XcheckError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('XCHECK_CONFIG', message, ExitCode.usage, options);
  }
}

/** Every agent of the panel failed or is unavailable: there is no review to report. */
export class NoUsableAgentsError extends XcheckError {
  constructor(message: string) {
    super('XCHECK_NO_USABLE_AGENTS', message);
  }
}

export class CanceledError extends XcheckError {
  constructor() {
    super('XCHECK_CANCELED', 'Canceled.', ExitCode.canceled);
  }
}
