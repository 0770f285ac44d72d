export const ExitCode = {
  Ok: 0,
  Failure: 1,
  Usage: 2,
  Findings: 3,
  Interrupted: 130,
} as const;

/** Base of every error aliaudit prints itself: message, optional hint naming the fix, exit code. */
export class AliauditError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.Failure,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Wrong flags or arguments: exit 2 and the usage line. */
export class UsageError extends AliauditError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Usage, hint);
  }
}

/** Bad input the user can fix (a field, a file, a value): exit 2, nothing written. */
export class InputError extends AliauditError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Usage, hint);
  }
}

/** A failure the user can act on that is not bad input (a profile that cannot resolve, a refused call). */
export class UserError extends AliauditError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Failure, hint);
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
    hint?: string,
  ) {
    super(`${code}: ${apiMessage}`, ExitCode.Failure, hint);
  }
}
