/** Masks a secret so a user can recognise it (its last four characters, as aws configure list shows) but not use it. */
export function mask(secret: string | undefined): string {
  if (!secret) return '';
  if (secret.length < 12) return '****';
  return `****${secret.slice(-4)}`;
}

const SECRET_WORD = '(?:secret|token|password|passwd|pwd|api[-_]?key|private[-_]?key|credential)';
/** A flag or variable whose name says it holds a secret (`--access-key-secret`, `--sts-token`, `DB_PASSWORD`). */
export function isSecretName(name: string): boolean {
  return new RegExp(SECRET_WORD, 'i').test(name);
}

const QUOTED_OR_WORD = `(?:'[^']*'|"[^"]*"|\\S+)`;
const SECRET_FLAG = new RegExp(`(--?[\\w-]*${SECRET_WORD}[\\w-]*)(=|\\s+)${QUOTED_OR_WORD}`, 'gi');
const SECRET_VARIABLE = new RegExp(`\\b([A-Za-z_][\\w]*${SECRET_WORD}\\w*)=${QUOTED_OR_WORD}`, 'gi');

/**
 * A command line safe to show: the values of flags and variables whose names say they hold a secret are masked
 * (a process_command may carry `--client-secret …` or `TOKEN=…`).
 */
export function maskCommand(command: string): string {
  return command.replace(SECRET_FLAG, (_, flag: string, separator: string) => `${flag}${separator}****`).replace(SECRET_VARIABLE, '$1=****');
}
