/**
 * The shell's answer to a command's questions (confirm a deletion, a hidden secret, pick one of several): the
 * question is drawn under the output and the keys go to it until it is answered or Ctrl-C cancels the command.
 */
import type { Choice, Prompter } from '../../cli/prompter.js';

export type PromptRequest =
  | { kind: 'confirm'; question: string; answer(value: boolean): void; cancel(): void }
  | { kind: 'choose'; question: string; choices: readonly Choice[]; answer(value: string): void; cancel(): void }
  | { kind: 'text'; question: string; secret: boolean; validate?(value: string): string | undefined; answer(value: string): void; cancel(): void };

/** A Prompter that hands each question to `ask` and waits; `cancel()` rejects it with `interrupted()`. */
export function shellPrompter(ask: (request: PromptRequest) => void, interrupted: () => Error): Prompter {
  return {
    confirm: (question) => new Promise((resolve, reject) => ask({ kind: 'confirm', question, answer: resolve, cancel: () => reject(interrupted()) })),
    choose: <T extends string>(question: string, choices: readonly Choice<T>[]) =>
      new Promise<T>((resolve, reject) =>
        ask({ kind: 'choose', question, choices, answer: (value) => resolve(value as T), cancel: () => reject(interrupted()) }),
      ),
    text: (question, options) =>
      new Promise((resolve, reject) =>
        ask({ kind: 'text', question, secret: options.secret ?? false, validate: options.validate, answer: resolve, cancel: () => reject(interrupted()) }),
      ),
  };
}
