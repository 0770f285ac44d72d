import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Runtime } from '../core/env.js';
import { InputError } from '../core/errors.js';
import { profileFlag } from '../../profiles/select.js';
import { profileStsEndpoint } from '../credentials/modes/role.js';
import { regionFor, selectedProfile } from '../credentials/session.js';
import type { Endpoint, Selection } from '../credentials/types.js';
import type { Context } from './context.js';

/** The global flags as the identity they select. */
export function selectionOf(argv: {
  profile?: unknown;
  region?: string;
  endpoint?: string;
  configPath?: string;
  'config-path'?: string;
}): Selection {
  return {
    profile: profileFlag(argv.profile),
    region: argv.region,
    endpoint: argv.endpoint,
    configPath: argv.configPath ?? argv['config-path'],
  };
}

/** A flag that takes a value or `@file`: the file's contents, relative to the working directory. */
export function valueOrFile(runtime: Runtime, value: string, field: string): string {
  if (!value.startsWith('@')) return value;
  return readArgumentFile(runtime, value.slice(1), field);
}

/** Reads a file named by a flag; a missing or unreadable file is bad input naming both. */
export function readArgumentFile(runtime: Runtime, path: string, field: string): string {
  try {
    return readFileSync(resolve(runtime.cwd, path), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw new InputError(`${field}: file ${path} ${reason}`, `check the path given to ${field}`);
  }
}

/**
 * Region and STS endpoint for a call that needs no credentials (AssumeRoleWithOIDC): as for a session, with the
 * selected profile used if there is one, never required.
 */
export async function unsignedCallTarget(ctx: Context): Promise<{ region: string; stsEndpoint?: Endpoint }> {
  const { profile } = await selectedProfile({ ...ctx.selection, runtime: ctx });
  return { region: regionFor(ctx.selection.region, profile, ctx.env), stsEndpoint: profileStsEndpoint(profile, ctx.env) };
}
