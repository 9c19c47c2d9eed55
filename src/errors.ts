import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/**
 * An error the user can act on: its message is shown as it is (no stack trace unless --debug),
 * followed by the hint, and the process ends with its exit code.
 */
export class CliError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;

  constructor(message: string, exitCode: ExitCodeValue, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** Bad flags, fields or files. Always raised before anything is sent. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
  }
}

/** Credentials are missing or the portal refused them. */
export class AuthError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.auth, hint);
  }
}

/** The user chose to stop. */
export class CancelledError extends CliError {
  constructor(message = 'Cancelled. Nothing was sent.') {
    super(message, ExitCode.cancelled);
  }
}

/** Ctrl-C or a termination signal. */
export class InterruptedError extends CliError {
  /** Text the user had typed into the field under way, kept for the draft. */
  partial: string | undefined;

  constructor(message = 'Interrupted. No request was created.', partial?: string) {
    super(message, ExitCode.interrupted);
    this.partial = partial;
  }
}

/** The portal or the network failed. `status` is the HTTP status when there was an answer. */
export class PortalError extends CliError {
  readonly status: number | undefined;
  /** The network error code when there was no answer (ECONNRESET, ANSWER_TIMEOUT...: see portal/transport.ts). */
  readonly code: string | undefined;
  /** No answer came back to a write: it may or may not have taken effect. */
  outcomeUnknown = false;
  /** How long the portal asked to wait before trying again (Retry-After), in milliseconds. */
  retryAfterMs: number | undefined;

  constructor(message: string, status?: number, hint?: string, options?: { cause?: unknown; code?: string | undefined }) {
    super(message, ExitCode.failure, hint, options);
    this.status = status;
    this.code = options?.code;
  }
}

/**
 * A create was sent and it is not known whether the portal stored it: the request may exist. Nothing
 * is sent again; the draft is kept, and `submit --recover` looks the request up before anything else.
 */
export class OutcomeUnknownError extends CliError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, ExitCode.mayExist, hint, options);
  }
}
