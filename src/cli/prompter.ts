import { createInterface } from 'node:readline';
import { abortReason } from '../core/abort.js';
import { InputError, InterruptedError, UserError } from '../core/errors.js';
import { boundedMessage, quoted, visible } from '../core/visible.js';
import type { IO } from './context.js';

export interface Choice<T extends string = string> {
  value: T;
  label: string;
}

/** Every prompt names the flag that answers it, so that without a terminal the refusal says what to pass instead. */
export interface PromptOptions {
  flag: string;
}

export interface TextOptions extends PromptOptions {
  /** Typed without echo. */
  secret?: boolean;
  /** Returns why an answer is not acceptable, and the question is asked again. */
  validate?(answer: string): string | undefined;
}

/**
 * Questions a command may ask. The command line asks on the terminal; the shell brings its own (Ink) prompter;
 * without a terminal every prompt is refused with exit 2 naming its flag, so a script never blocks.
 */
export interface Prompter {
  /** Yes or no; anything but y/yes is no. */
  confirm(question: string, options: PromptOptions): Promise<boolean>;
  choose<T extends string>(question: string, choices: readonly Choice<T>[], options: PromptOptions): Promise<T>;
  text(question: string, options: TextOptions): Promise<string>;
}

/** The refusal of a prompt where no one can answer: names the flag that answers it instead. */
export function noTerminal(question: string, flag: string, confirmation = false): InputError {
  return confirmation
    ? new InputError(`${question}: needs confirmation, and there is no terminal to ask on`, `pass ${flag} to confirm`)
    : new InputError(`${question}: needs an answer, and there is no terminal to ask on`, `pass ${flag}`);
}

/** A question the user walked away from (end of input, a cancelled wizard): exit 1, and nothing was written. */
export const cancelled = () => new UserError('Cancelled: nothing was changed.');

/** Prompts on stderr, answers read line by line from stdin; refused when stdin is not a terminal. */
export function terminalPrompter(io: IO, signal: AbortSignal): Prompter {
  const ask = (prompt: string, refusal: () => Error, secret = false): Promise<string | undefined> => {
    if (!io.stdinIsTTY) return Promise.reject(refusal());
    return readAnswer(io, prompt, signal, secret);
  };
  return {
    async confirm(question, { flag }) {
      const answer = await ask(`${question}? [y/N] `, () => noTerminal(question, flag, true));
      return /^y(es)?$/i.test(answer?.trim() ?? '');
    },
    async choose(question, choices, { flag }) {
      const menu = choices.map((choice, index) => `  ${index + 1}) ${choice.label}`).join('\n');
      for (;;) {
        const answer = (await ask(`${question}\n${menu}\nchoose 1-${choices.length}: `, () => noTerminal(question, flag)))?.trim();
        if (answer === undefined) throw cancelled();
        const picked = choices[Number(answer) - 1] ?? choices.find((choice) => choice.value === answer);
        if (picked) return picked.value;
        io.stderr.write(`${quoted(answer)} is not one of the choices\n`);
      }
    },
    async text(question, { flag, secret, validate }) {
      for (;;) {
        const answer = await ask(`${question}: `, () => noTerminal(question, flag), secret);
        if (answer === undefined) throw cancelled();
        const problem = validate?.(answer);
        if (!problem) return answer;
        io.stderr.write(`${boundedMessage(problem)}\n`);
      }
    },
  };
}

/** One line from stdin (undefined at end of input); a secret is read with the terminal's echo off. */
function readAnswer(io: IO, question: string, signal: AbortSignal, secret: boolean): Promise<string | undefined> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  io.stderr.write(visible(question, { lines: true }));
  const stdin = io.stdin as NodeJS.ReadStream;
  const read = secret && typeof stdin.setRawMode === 'function' ? readHidden : readLine;
  return new Promise((resolve, reject) => {
    const stopReading = read(stdin, (error, answer) => {
      signal.removeEventListener('abort', stop);
      // Enter was not echoed either.
      if (read === readHidden) io.stderr.write('\n');
      if (error) reject(error);
      else resolve(answer);
    });
    const stop = () => {
      stopReading();
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}

type Reader = (stdin: NodeJS.ReadStream, done: (error: Error | undefined, answer?: string) => void) => () => void;

const readLine: Reader = (stdin, done) => {
  const lines = createInterface({ input: stdin, terminal: false });
  let answered = false;
  lines.once('line', (line) => {
    answered = true;
    lines.close();
    done(undefined, line);
  });
  lines.once('close', () => {
    if (!answered) done(undefined, undefined);
  });
  return () => {
    answered = true;
    lines.close();
  };
};

/** Raw mode, so nothing typed is echoed; Enter ends the answer, Ctrl-C interrupts, Ctrl-D on an empty line cancels. */
const readHidden: Reader = (stdin, done) => {
  let answer = '';
  const stop = () => {
    stdin.off('data', onData);
    stdin.setRawMode(false);
    stdin.pause();
  };
  const onData = (chunk: Buffer | string) => {
    for (const char of chunk.toString()) {
      if (char === '\r' || char === '\n') {
        stop();
        return done(undefined, answer);
      }
      if (char === '\u0003') {
        stop();
        return done(new InterruptedError());
      }
      if (char === '\u0004' && answer === '') {
        stop();
        return done(undefined, undefined);
      }
      if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
      else if (char >= ' ') answer += char;
    }
  };
  stdin.setRawMode(true);
  stdin.on('data', onData);
  stdin.resume();
  return stop;
};
