import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Context } from './context.js';
import { InputError } from './errors.js';
import { profileStsEndpoint } from '../credentials/modes/role.js';
import { regionFor, selectedProfile } from '../credentials/session.js';
import type { Endpoint, SessionOptions } from '../credentials/types.js';
import type { GlobalArgs } from './parser.js';

/** The global flags, as the options of openSession(). */
export function sessionOptions(argv: GlobalArgs): SessionOptions {
  return {
    ctx: argv.ctx,
    profile: argv.profile,
    region: argv.region,
    endpoint: argv.endpoint,
    configPath: argv.configPath ?? argv['config-path'],
  };
}

/** A flag that takes a value or `@file`: the file's contents, relative to the working directory. */
export function valueOrFile(ctx: Context, value: string, field: string): string {
  if (!value.startsWith('@')) return value;
  return readArgumentFile(ctx, value.slice(1), field);
}

/** Reads a file named by a flag; a missing or unreadable file is bad input naming both. */
export function readArgumentFile(ctx: Context, path: string, field: string): string {
  try {
    return readFileSync(resolve(ctx.cwd, path), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw new InputError(`${field}: file ${path} ${reason}`, `check the path given to ${field}`);
  }
}

/**
 * Region and STS endpoint for a call that needs no credentials (AssumeRoleWithOIDC): as for a session, with the
 * selected profile used if there is one, never required.
 */
export async function unsignedCallTarget(argv: GlobalArgs): Promise<{ region: string; stsEndpoint?: Endpoint }> {
  const options = sessionOptions(argv);
  const { profile } = await selectedProfile(options);
  return { region: regionFor(options.region, profile, argv.ctx.env), stsEndpoint: profileStsEndpoint(profile, argv.ctx.env) };
}
