import { execFile } from 'node:child_process';
import type { Env } from '../core/env.js';
import { InputError, UserError } from '../core/errors.js';
import type { Credentials } from './types.js';

/** credentials-go gives an External process_command 60 s. */
export const PROCESS_TIMEOUT_MS = 60_000;

/**
 * Splits a command line the way a POSIX shell splits words, without any expansion: 'single' quotes are literal,
 * "double" quotes honour \" \\ \$ \` and a backslash outside quotes escapes the next character. `field` names the
 * setting in errors.
 */
export function splitCommand(command: string, field = 'process_command'): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < command.length && '"\\$`\n'.includes(command[i + 1])) {
        const next = command[++i];
        if (next !== '\n') word += next;
      } else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= command.length) throw unfinished(field, 'ends with a lone backslash');
      const next = command[++i];
      if (next !== '\n') {
        word += next;
        inWord = true;
      }
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw unfinished(field, `has an unclosed ${quote === "'" ? 'single' : 'double'} quote`);
  if (inWord) words.push(word);
  if (words.length === 0) throw new InputError(`${field} is empty`, 'set it to the command that prints the credentials JSON');
  return words;
}

function unfinished(field: string, problem: string): InputError {
  return new InputError(`${field} ${problem}`, 'quote arguments as in a shell: \'…\' or "…"');
}

interface ProcessAnswer {
  mode?: unknown;
  access_key_id?: unknown;
  access_key_secret?: unknown;
  sts_token?: unknown;
  expiration?: unknown;
}

/**
 * Runs an External-mode process_command (no shell) and reads its stdout JSON:
 * {"mode":"AK"|"StsToken","access_key_id","access_key_secret","sts_token"?,"expiration"?}.
 * Failures quote the end of stderr, with every value of the answer masked; stdout itself is never quoted.
 */
export async function runProcessCommand(options: {
  command: string;
  env: Env;
  field?: string;
  timeoutMs?: number;
}): Promise<Credentials> {
  const field = options.field ?? 'process_command';
  const [file, ...args] = splitCommand(options.command, field);
  const { stdout, stderr, failure } = await run(file, args, options.env, options.timeoutMs ?? PROCESS_TIMEOUT_MS);
  let answer: ProcessAnswer | undefined;
  try {
    const parsed: unknown = JSON.parse(stdout);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) answer = parsed as ProcessAnswer;
  } catch {
    answer = undefined;
  }
  const tail = stderrTail(stderr, answer);
  const program = `${field} "${file}"`;
  if (failure) throw new UserError(`${program} ${failure}${tail}`, hint(field));
  if (!answer) throw new UserError(`${program} did not print a JSON object on stdout${tail}`, hint(field));
  const mode = answer.mode ?? 'StsToken';
  if (mode !== 'AK' && mode !== 'StsToken') {
    throw new UserError(`${program} answered mode ${JSON.stringify(mode)}; aliaudit reads AK or StsToken`, hint(field));
  }
  const needed = mode === 'AK' ? ['access_key_id', 'access_key_secret'] : ['access_key_id', 'access_key_secret', 'sts_token'];
  const missing = needed.filter((key) => typeof answer[key as keyof ProcessAnswer] !== 'string' || answer[key as keyof ProcessAnswer] === '');
  if (missing.length > 0) {
    throw new UserError(`${program} printed JSON without ${missing.join(', ')}${tail}`, hint(field));
  }
  const credentials: Credentials = {
    accessKeyId: answer.access_key_id as string,
    accessKeySecret: answer.access_key_secret as string,
  };
  if (mode === 'StsToken') credentials.securityToken = answer.sts_token as string;
  if (answer.expiration !== undefined && answer.expiration !== '') {
    const expiration = new Date(String(answer.expiration));
    if (Number.isNaN(expiration.getTime())) {
      throw new UserError(`${program} printed an expiration that is not a date`, 'use the form 2006-01-02T15:04:05Z');
    }
    credentials.expiration = expiration;
  }
  return credentials;
}

function hint(field: string): string {
  return `${field} must print {"mode":"StsToken","access_key_id":…,"access_key_secret":…,"sts_token":…} (or mode AK) and exit 0`;
}

function run(
  file: string,
  args: string[],
  env: Env,
  timeoutMs: number,
): Promise<{ stdout: string; stderr: string; failure?: string }> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env: env as NodeJS.ProcessEnv, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        const out = String(stdout);
        const err = String(stderr);
        if (!error) return resolve({ stdout: out, stderr: err });
        const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string; signal?: string };
        let failure: string;
        if (e.code === 'ENOENT') failure = 'could not be started: command not found';
        else if (e.code === 'EACCES') failure = 'could not be started: permission denied';
        else if (e.killed && e.signal === 'SIGKILL') failure = `did not finish within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`;
        else if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') failure = 'printed more than 1 MiB';
        else if (typeof e.code === 'number') failure = `exited with status ${e.code}`;
        else if (e.signal) failure = `was killed by ${e.signal}`;
        else failure = `failed: ${e.message}`;
        resolve({ stdout: out, stderr: err, failure });
      },
    );
  });
}

/** The last lines of stderr, for the error message, with anything the answer revealed masked. */
function stderrTail(stderr: string, answer: ProcessAnswer | undefined): string {
  let text = stderr.trim();
  if (!text) return '';
  for (const value of Object.values(answer ?? {})) {
    if (typeof value === 'string' && value.length >= 4) text = text.split(value).join('****');
  }
  const lines = text.split(/\r?\n/).slice(-5).map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line));
  return `; its stderr ends:\n    ${lines.join('\n    ')}`;
}
