export const ExitCode = {
  Ok: 0,
  Failure: 1,
  Usage: 2,
  /** The scan found unmuted FAIL findings (`--ignore-exit-code-3` turns it off). */
  Findings: 3,
  /**
   * The scan is incomplete: a region or service could not be read at all (it timed out, failed, or every call it
   * needed was refused). Wins over 3, so `--ignore-exit-code-3` never hides it; `--allow-incomplete` turns it off.
   */
  Incomplete: 4,
  /** Stopped: Ctrl-C (SIGINT), the dashboard's q, a cancelled prompt. */
  Interrupted: 130,
  /** Stopped by SIGHUP (the terminal went away): 128 + 1, as shells report a process the signal ended. */
  HungUp: 129,
  /** Stopped by SIGTERM (kill, a CI runner's timeout): 128 + 15. */
  Terminated: 143,
} as const;

/**
 * The exit code of a command its context's signal stopped: 143 for SIGTERM and 129 for SIGHUP (the launcher aborts
 * with a reason naming the signal), 130 for anything else.
 */
export function interruptedExitCode(signal: AbortSignal): number {
  const name = (signal.reason as { signal?: unknown } | undefined)?.signal;
  return name === 'SIGTERM' ? ExitCode.Terminated : name === 'SIGHUP' ? ExitCode.HungUp : ExitCode.Interrupted;
}

/**
 * What the user can do about an error, as data: words, and the aliaudit command line that fixes it when one does
 * (without the leading `aliaudit`; `…` and `<name>` mark what only the user knows). The CLI prints both; the shell
 * can offer the command as an action.
 */
export interface Hint {
  text: string;
  command?: string;
}

/** A hint whose fix is an aliaudit command: `fix('set it', 'configure set --profile ops --region …')`. */
export function fix(text: string, command: string): Hint {
  return { text, command };
}

/** One line: the words, then the command to run. */
export function hintText(hint: Hint): string {
  if (!hint.command) return hint.text;
  return hint.text ? `${hint.text}: aliaudit ${hint.command}` : `aliaudit ${hint.command}`;
}

function asHint(hint: string | Hint | undefined): Hint | undefined {
  return typeof hint === 'string' ? { text: hint } : hint;
}

/** Base of every error aliaudit prints itself: message, optional hint naming the fix, exit code. */
export class AliauditError extends Error {
  readonly hint?: Hint;

  constructor(
    message: string,
    readonly exitCode: number = ExitCode.Failure,
    hint?: string | Hint,
  ) {
    super(message);
    this.name = new.target.name;
    this.hint = asHint(hint);
  }
}

/** Wrong flags or arguments: exit 2 and the usage line. */
export class UsageError extends AliauditError {
  constructor(message: string, hint?: string | Hint) {
    super(message, ExitCode.Usage, hint);
  }
}

/** Bad input the user can fix (a field, a file, a value): exit 2, nothing written. */
export class InputError extends AliauditError {
  constructor(message: string, hint?: string | Hint) {
    super(message, ExitCode.Usage, hint);
  }
}

/** A failure the user can act on that is not bad input (a profile that cannot resolve, a refused call). */
export class UserError extends AliauditError {
  constructor(message: string, hint?: string | Hint) {
    super(message, ExitCode.Failure, hint);
  }
}

/** The user stopped the command (Ctrl-C, a cancelled prompt in the shell): exit 130, nothing more to say. */
export class InterruptedError extends AliauditError {
  constructor(message = 'interrupted') {
    super(message, ExitCode.Interrupted);
  }
}

/** The user walked out of a wizard: an interruption (exit 130) that says, plainly and not as an error, what it left. */
export class CancelledError extends InterruptedError {
  constructor(readonly notice = 'Cancelled: nothing was changed.') {
    super('cancelled');
  }
}

/** An error answered by an Alibaba Cloud API (or the emulator): keeps Code, Message and RequestId. */
export class ApiError extends AliauditError {
  constructor(
    readonly code: string,
    readonly apiMessage: string,
    readonly statusCode?: number,
    readonly requestId?: string,
    readonly accessDeniedDetail?: Record<string, unknown>,
    hint?: string | Hint,
    /** What the server's x-acs-retry-after asked for, in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(`${code}: ${apiMessage}`, ExitCode.Failure, hint);
  }
}
