import type { CloudApi } from '../cloud/clients.js';

/** RAM 2015-05-01 for one identity: actions by their API names, parameters and answers in the API's wire names. */
export type RamApi = CloudApi;

/**
 * Every item of a RAM list, following Marker/IsTruncated at the largest page RAM allows.
 * `items` picks the array out of a page (e.g. body => body.Users.User). `ram` is a client, or anything that calls
 * like one (a scan's calls go through its scheduler).
 */
export async function listAll<T>(
  ram: Pick<RamApi, 'call'>,
  action: string,
  params: Record<string, unknown>,
  items: (body: any) => T[] | undefined,
): Promise<T[]> {
  const all: T[] = [];
  let marker: string | undefined;
  do {
    const body = await ram.call(action, { ...params, MaxItems: 1000, Marker: marker });
    all.push(...(items(body) ?? []));
    marker = body.IsTruncated === true || body.IsTruncated === 'true' ? body.Marker : undefined;
  } while (marker);
  return all;
}
