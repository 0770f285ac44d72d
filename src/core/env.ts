/** Environment variables as a command sees them (a copy in tests, process.env in the launcher). */
export type Env = Record<string, string | undefined>;

export interface Clock {
  now(): Date;
}

/**
 * What services (profiles, credentials, cloud calls) need from the process they run in: variables, a clock, the home
 * and working folders, and a signal that says the user has given up on the command. Never a terminal.
 */
export interface Runtime extends Clock {
  env: Env;
  homedir: string;
  cwd: string;
  signal?: AbortSignal;
}
