import { InputError } from '../core/errors.js';
import { readArgumentFile } from './args.js';
import type { Context } from './context.js';

/**
 * A secret flag's value, kept off the command line (and so out of shell history and `ps`) when the user wants:
 * `@file` reads it from a file, `-` from stdin, and no value at all asks for it, hidden, on a terminal. A line
 * break at the end of a file or of stdin is not part of the secret.
 */
export async function secretValue(ctx: Context, flag: string, given: string, question: string): Promise<string> {
  const secret = given === '' ? await ctx.prompter.text(question, { flag: `${flag} <value>|@file|-`, secret: true }) : await fromSource(ctx, flag, given);
  if (secret === '') throw new InputError(`${flag} is empty`, `give the secret itself, @file, or - to read it from stdin`);
  return secret;
}

async function fromSource(ctx: Context, flag: string, given: string): Promise<string> {
  if (given === '-') return stripLineBreak(await readAll(ctx));
  if (given.startsWith('@')) return stripLineBreak(readArgumentFile(ctx, given.slice(1), flag));
  return given;
}

function stripLineBreak(text: string): string {
  return text.replace(/\r?\n$/, '');
}

async function readAll(ctx: Context): Promise<string> {
  if (ctx.io.stdinIsTTY) {
    throw new InputError('- reads the secret from stdin, which is a terminal here', 'pipe it in (printf %s "$SECRET" | aliaudit …), or give no value to be asked for it hidden');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
