/**
 * The composition root: the one module that knows every command, and hands the table to the contexts it makes, so
 * the parser, the shell and the commands themselves never import one another in a circle. The launcher loads this.
 */
import { commands } from '../../commands/index.js';
import { type ContextOptions, createContext as contextOf } from './context.js';

export { colorAllowed, main } from './main.js';

export function createContext(options: Omit<ContextOptions, 'commands'>) {
  return contextOf({ ...options, commands });
}
