/**
 * RAM's Marker paging: MaxItems 1..1000 (default 100), IsTruncated, and an opaque Marker only when more follow.
 * Items are ordered by a sort key (the entity's name), and the Marker names the last key returned, so creating or
 * deleting entities between pages neither repeats nor skips the others.
 */
import { invalidParameter } from './faults.js';
import { optional, type Params } from './params.js';

const DEFAULT_MAX_ITEMS = 100;
const MAX_MAX_ITEMS = 1000;

export interface Page<T> {
  items: T[];
  /** Spread into the response: `{IsTruncated}` or `{IsTruncated, Marker}`. */
  truncation: { IsTruncated: boolean; Marker?: string };
}

const MARKER_PREFIX = 'ram1:';

function encodeMarker(key: string): string {
  return Buffer.from(MARKER_PREFIX + key, 'utf8').toString('base64url');
}

function decodeMarker(marker: string): string {
  const text = /^[A-Za-z0-9_-]+$/.test(marker) ? Buffer.from(marker, 'base64url').toString('utf8') : '';
  if (!text.startsWith(MARKER_PREFIX)) throw invalidParameter('Marker', 'The parameter - "Marker" is invalid.');
  return text.slice(MARKER_PREFIX.length);
}

function maxItemsOf(params: Params): number {
  const value = optional(params, 'MaxItems');
  if (value === undefined) return DEFAULT_MAX_ITEMS;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_MAX_ITEMS) {
    throw invalidParameter('MaxItems', `The parameter - "MaxItems" MUST be in the range of 1 and ${MAX_MAX_ITEMS}.`);
  }
  return Number(value);
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function pageOf<T>(all: Iterable<T>, params: Params, keyOf: (item: T) => string): Page<T> {
  const maxItems = maxItemsOf(params);
  const marker = optional(params, 'Marker');
  const after = marker === undefined ? undefined : decodeMarker(marker);
  const keyed = [...all].map((item) => ({ key: keyOf(item), item })).sort((a, b) => byKey(a.key, b.key));
  const rest = after === undefined ? keyed : keyed.filter((entry) => entry.key > after);
  const taken = rest.slice(0, maxItems);
  const truncated = rest.length > maxItems;
  return {
    items: taken.map((entry) => entry.item),
    truncation: truncated ? { IsTruncated: true, Marker: encodeMarker(taken[taken.length - 1].key) } : { IsTruncated: false },
  };
}
