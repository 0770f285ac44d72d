import { buildParser } from './parser.js';
import { type Context, processContext, colorAllowed } from './context.js';
import { AliauditError, ApiError, ExitCode, UsageError } from './errors.js';
import { paint } from './output.js';
import { version } from '../version.js';

/** Runs one command line and returns its exit code; never calls process.exit. */
export async function main(args: string[], ctx: Context = processContext()): Promise<number> {
  if (args.includes('--no-color')) ctx.io.color = false;
  else if (args.includes('--color')) ctx.io.color = colorAllowed({ ...ctx.env, NO_COLOR: undefined, FORCE_COLOR: '1' }, true);
  let help = '';
  let exitCode: number = ExitCode.Ok;
  try {
    const parser = buildParser(version);
    await parser.parseAsync(args, { ctx }, (_err, argv: any, output) => {
      if (output) help = output;
      if (typeof argv?.exitCode === 'number') exitCode = argv.exitCode;
    });
  } catch (error) {
    if (help && error instanceof UsageError) help = '';
    return report(ctx, error, args);
  }
  if (help) ctx.io.stdout.write(help.endsWith('\n') ? help : `${help}\n`);
  return ctx.exitCode ?? exitCode;
}

function report(ctx: Context, error: unknown, args: string[]): number {
  const label = paint(ctx, 'red', 'error:');
  if (error instanceof AliauditError) {
    ctx.io.stderr.write(`aliaudit: ${label} ${error.message}\n`);
    if (error instanceof ApiError && error.requestId) ctx.io.stderr.write(`  request id: ${error.requestId}\n`);
    if (error.hint) ctx.io.stderr.write(`  ${paint(ctx, 'cyan', 'hint:')} ${error.hint}\n`);
    if (error instanceof UsageError) {
      const firstFlag = args.findIndex((a) => a.startsWith('-'));
      const path = (firstFlag < 0 ? args : args.slice(0, firstFlag)).slice(0, 3).join(' ');
      ctx.io.stderr.write(`  run: aliaudit ${path ? `${path} ` : ''}--help\n`);
    }
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.io.stderr.write(`aliaudit: ${label} ${message}\n`);
  if (ctx.env.ALIAUDIT_DEBUG && error instanceof Error && error.stack) ctx.io.stderr.write(`${error.stack}\n`);
  return ExitCode.Failure;
}
