import { sessionOptions } from '../cli/args.js';
import type { GlobalArgs } from '../cli/parser.js';
import { ramApi, type RamApi } from '../cloud/ram-client.js';
import { openSession } from '../credentials/session.js';

/** RAM for the profile (or environment) the global flags select. */
export async function connectRam(argv: GlobalArgs): Promise<RamApi> {
  return ramApi(await openSession(sessionOptions(argv)));
}
