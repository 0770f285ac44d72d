import { isAbortError } from '../core/abort.js';
import { AliauditError, ApiError, CancelledError, ExitCode, hintText, UsageError } from '../core/errors.js';
import { boundedMessage } from '../core/visible.js';
import type { Outcome } from './command.js';
import { type Context, colorAllowed, createContext } from './context.js';
import { paint } from './output.js';
import { buildParser, checkLeadingOptions, namesCommand } from './parser.js';
import { AFTER_A_SCAN, commandPathOf, type Usable } from './usage.js';
import { version } from '../version.js';

export { colorAllowed, createContext };
export type { Context, Outcome };

/** Runs one command line and returns its exit code. Never exits, never touches the process: the launcher does. */
export async function main(args: string[], ctx: Context): Promise<number> {
  return (await runCommandLine(args, ctx)).exitCode;
}

/** Runs one command line: its exit code, and the data its command returned (for the shell). */
export async function runCommandLine(typed: string[], ctx: Context): Promise<Outcome> {
  const given = stdinValues(typed);
  // `aliaudit` alone (or with only global options) is the shell: interactive on a terminal, the lines of stdin otherwise.
  const args = namesCommand(given) ? given : [...given, 'shell'];
  const lineCtx = withColourFlag(ctx, args);
  const outcome: Outcome = { exitCode: ExitCode.Ok };
  let help = '';
  try {
    checkLeadingOptions(args);
    const parser = buildParser(version, { commands: lineCtx.commands, columns: lineCtx.io.columns, line: args, usable: usableIn(lineCtx) });
    await parser.parseAsync(args, { ctx: lineCtx, outcome, line: args }, (_err, _argv, output) => {
      if (output) help = output;
    });
  } catch (error) {
    return { exitCode: report(lineCtx, error, args) };
  }
  if (help) lineCtx.io.stdout.write(help.endsWith('\n') ? help : `${help}\n`);
  return outcome;
}

/** What can run here: findings, why and rescan only in the shell after a scan, and the shell not inside itself. */
function usableIn(ctx: Context): Usable {
  return (name) => {
    if (AFTER_A_SCAN.includes(name)) return Boolean(ctx.scans?.base);
    return !(name === 'shell' && ctx.scans);
  };
}

/**
 * `--flag -` means "read it from stdin"; yargs would take the lone `-` for a stray argument, so it is joined to its
 * flag first (up to a `--`, after which everything belongs to the command exec runs).
 */
function stdinValues(args: string[]): string[] {
  const end = args.indexOf('--');
  const own = end < 0 ? args : args.slice(0, end);
  const joined: string[] = [];
  for (const token of own) {
    if (token === '-' && /^--[^=]+$/.test(joined[joined.length - 1] ?? '')) joined[joined.length - 1] += '=-';
    else joined.push(token);
  }
  return end < 0 ? joined : [...joined, ...args.slice(end)];
}

/** --no-color and --color apply to this line only, before the parser runs (its own errors are coloured too). */
function withColourFlag(ctx: Context, args: string[]): Context {
  if (args.includes('--no-color')) return ctx.derive({ io: { ...ctx.io, color: false } });
  if (args.includes('--color')) {
    return ctx.derive({ io: { ...ctx.io, color: colorAllowed({ ...ctx.env, NO_COLOR: undefined, FORCE_COLOR: '1' }, true) } });
  }
  return ctx;
}

/** Prints an error the way every command line does (message, request id, hint) and returns its exit code. */
export function report(ctx: Context, error: unknown, args: string[]): number {
  const { io } = ctx;
  // The user stopped it: nothing more to say, but the terminal's next prompt starts on a line of its own after ^C.
  if (isAbortError(error) || (error instanceof AliauditError && error.exitCode === ExitCode.Interrupted)) {
    // A cancelled wizard says what it left, as a note: the user chose it, nothing went wrong.
    if (error instanceof CancelledError) io.stderr.write(`${error.notice}\n`);
    else if (io.stderrIsTTY) io.stderr.write('\n');
    return ExitCode.Interrupted;
  }
  const label = paint(io, 'red', 'error:');
  if (error instanceof AliauditError) {
    // Messages quote what the user typed and what the cloud answered: shown visibly, and bounded however they were made.
    io.stderr.write(`aliaudit: ${label} ${boundedMessage(error.message)}\n`);
    if (error instanceof ApiError && error.requestId) io.stderr.write(`  request id: ${boundedMessage(error.requestId)}\n`);
    if (error.hint) io.stderr.write(`  ${paint(io, 'cyan', 'hint:')} ${boundedMessage(hintText(error.hint))}\n`);
    if (error instanceof UsageError) {
      // Only a command that exists: `aliaudit wh --help` would be one more error.
      const path = commandPathOf(args, ctx.commands).join(' ');
      io.stderr.write(`  run: aliaudit ${path ? `${path} ` : ''}--help\n`);
    }
    return error.exitCode;
  }
  // Not an error aliaudit knows: say so in one line, and keep the stack for those who ask.
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`aliaudit: ${label} unexpected: ${boundedMessage(message)}\n`);
  if (ctx.env.ALIAUDIT_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  else io.stderr.write(`  ${paint(io, 'cyan', 'hint:')} this is a bug in aliaudit: run again with ALIAUDIT_DEBUG=1 to see where, and report it\n`);
  return ExitCode.Failure;
}
