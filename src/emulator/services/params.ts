/**
 * Request parameters and paging as the RPC products (ECS, VPC, RDS, ActionTrail, Security Center) take them: each
 * reader answers the value in the request's terms or throws the refusal the gateway answers (MissingParameter,
 * InvalidParameter); lists page by NextToken/MaxResults or PageNumber/PageSize with the bounds each action documents.
 */
import { createHash } from 'node:crypto';
import { faults, serviceFaults } from '../api-error.js';
import type { ApiCall } from './service.js';

export type Params = Record<string, string>;

/** Absent and empty are the same to the API. */
export function optional(params: Params, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value === '' ? undefined : value;
}

export function required(params: Params, name: string): string {
  const value = optional(params, name);
  if (value === undefined) throw faults.missingParameter(name);
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Paging

export interface Bounds {
  min: number;
  max: number;
  default: number;
}

/** How an action pages: NextToken/MaxResults always; PageNumber/PageSize (deprecated by the API) where it has them. */
export interface PagingRules {
  maxResults: Bounds;
  pageSize?: Bounds;
}

export function integerParam(params: Params, name: string, bounds: { min: number; max: number }): number | undefined {
  const text = optional(params, name);
  if (text === undefined) return undefined;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(value >= bounds.min && value <= bounds.max)) {
    const range = bounds.max === Number.MAX_SAFE_INTEGER ? `at least ${bounds.min}` : `from ${bounds.min} to ${bounds.max}`;
    throw serviceFaults.invalidValue(name, `It must be an integer ${range}; "${text}" is not.`);
  }
  return value;
}

/**
 * The page of `all` a request asks for. NextToken (or MaxResults) selects token paging, else PageNumber/PageSize
 * do, with their defaults; either way the answer carries NextToken ("" on the last page), PageNumber, PageSize and
 * TotalCount. A NextToken names the listing it came from (action, account, region, filters) and the last item
 * returned, so a token from another listing, or one the emulator never issued, is refused.
 */
export function pageOf<T>(params: Params, all: T[], idOf: (item: T) => string, rules: PagingRules, listing: string) {
  const maxResults = integerParam(params, 'MaxResults', rules.maxResults);
  const pageSize = rules.pageSize ? integerParam(params, 'PageSize', rules.pageSize) : undefined;
  const pageNumber = rules.pageSize ? integerParam(params, 'PageNumber', { min: 1, max: Number.MAX_SAFE_INTEGER }) : undefined;
  const token = optional(params, 'NextToken');
  const digest = createHash('sha256').update(listing).digest('hex').slice(0, 16);

  let start: number;
  let size: number;
  if (token !== undefined || maxResults !== undefined || !rules.pageSize) {
    size = maxResults ?? rules.maxResults.default;
    start = token === undefined ? 0 : afterToken(token, digest, all, idOf);
  } else {
    size = pageSize ?? rules.pageSize.default;
    start = ((pageNumber ?? 1) - 1) * size;
  }
  const items = all.slice(start, start + size);
  const more = start + size < all.length && items.length > 0;
  const next = more ? Buffer.from(`${digest}:${idOf(items[items.length - 1])}`, 'utf8').toString('base64url') : '';
  return {
    items,
    answer: { NextToken: next, PageNumber: Math.floor(start / size) + 1, PageSize: size, TotalCount: all.length },
  };
}

export function afterToken<T>(token: string, digest: string, all: T[], idOf: (item: T) => string): number {
  const text = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const match = /^([0-9a-f]{16}):(.+)$/s.exec(text);
  const index = match && match[1] === digest ? all.findIndex((item) => idOf(item) === match[2]) : -1;
  if (index < 0) {
    throw serviceFaults.invalidValue('NextToken', 'Use the NextToken of the previous answer to the same request (same action, region and filters).');
  }
  return index + 1;
}

// Filters

/** A JSON array of ids (InstanceIds, SecurityGroupIds, DiskIds), as the API takes them: at most 100. */
export function idListParam(params: Params, name: string, example: string): Set<string> | undefined {
  const text = optional(params, name);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || value.length > 100 || value.some((id) => typeof id !== 'string')) {
    throw serviceFaults.invalidValue(name, `It must be a JSON array of at most 100 ids, such as ["${example}"].`);
  }
  return new Set(value as string[]);
}

export function choiceParam(params: Params, name: string, allowed: string[], fallback: string): string {
  const value = optional(params, name) ?? fallback;
  if (!allowed.includes(value)) throw serviceFaults.invalidValue(name, `It must be ${allowed.join(', ')}.`);
  return value;
}

export function booleanParam(params: Params, name: string): boolean | undefined {
  const value = optional(params, name);
  if (value === undefined) return undefined;
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw serviceFaults.invalidValue(name, 'It must be true or false.');
}

/** InstanceName and SecurityGroupName filters take `*` wildcards. */
export function nameMatches(pattern: string, name: string): boolean {
  const body = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`, 's').test(name);
}

/** Keeps the items every given filter accepts; `filters` maps a request parameter to a test of an item. */
export function filtered<T>(params: Params, items: T[], filters: Record<string, (item: T, value: string) => boolean>): T[] {
  const given = Object.entries(filters).flatMap(([name, test]) => {
    const value = optional(params, name);
    return value === undefined ? [] : [(item: T) => test(item, value)];
  });
  return items.filter((item) => given.every((accept) => accept(item)));
}

/** What identifies a listing for its NextToken: who, where and the filters that shaped it. */
export function listingKey(call: ApiCall, regionId: string, filterNames: string[]): string {
  const filters = filterNames.map((name) => [name, optional(call.params, name) ?? '']);
  return JSON.stringify([call.action, call.caller!.principal.account.AccountId, regionId, filters]);
}

/** The request's RegionId, which must be a region of the world (InvalidRegionId.NotFound otherwise). */
export function regionParam(call: ApiCall, name = 'RegionId'): string {
  const regionId = required(call.params, name);
  if (!call.state.Regions.some((region) => region.RegionId === regionId)) throw serviceFaults.regionNotFound(regionId);
  return regionId;
}
