/**
 * The tools every part of the world loader uses, the core's and each service's: JSON paths, fields read with their
 * types and refusals, dates absolute or relative to the load, and the shapes ids and addresses must have.
 */
import { InputError } from '../core/errors.js';

/** A world file that cannot be served; `path` is the JSON path of the bad field (or the file that cannot be read). */
export class WorldError extends InputError {
  constructor(
    readonly path: string,
    readonly problem: string,
    hint = 'Fix that part of the world file and load it again.',
  ) {
    super(`${path}: ${problem}`, hint);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Field readers

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

const RELATIVE_DATE = /^([+-])(\d+)([smhd])$/;
const ABSOLUTE_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** An absolute ISO date (with a zone, or a bare day in UTC) or a relative one such as `-120d`; undefined if neither. */
export function parseDate(text: string, now: Date): Date | undefined {
  const relative = RELATIVE_DATE.exec(text);
  if (relative) {
    const sign = relative[1] === '-' ? -1 : 1;
    return new Date(now.getTime() + sign * Number(relative[2]) * UNIT_MS[relative[3]]);
  }
  const m = ABSOLUTE_DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((v) => (v === undefined ? undefined : Number(v)));
  const utc = Date.UTC(year!, month! - 1, day!, hour, minute, second, m[7] ? Math.round(Number(m[7]) * 1000) : 0);
  const check = new Date(utc);
  if (check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8] && m[8] !== 'Z') {
    const zone = /^([+-])(\d{2}):?(\d{2})$/.exec(m[8])!;
    offsetMinutes = (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3]));
  }
  return new Date(utc - offsetMinutes * 60_000);
}

export const DATE_HINT = 'must be a date such as "2025-01-31T08:00:00Z" or a relative one such as "-120d", "-3h", "+1d"';

/** Reads the fields of one JSON object, refusing fields it does not know. */
export class Fields {
  private constructor(
    private readonly value: Json,
    readonly path: string,
    private readonly now: Date,
  ) {}

  static of(value: unknown, path: string, allowed: readonly string[], now: Date): Fields {
    if (!isObject(value)) throw new WorldError(path || '(world)', 'must be a JSON object');
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) throw new WorldError(at(path, key), 'unknown field');
    }
    return new Fields(value, path, now);
  }

  at(key: string): string {
    return at(this.path, key);
  }

  has(key: string): boolean {
    return this.value[key] !== undefined;
  }

  raw(key: string): unknown {
    return this.value[key];
  }

  string(key: string): string | undefined {
    const value = this.value[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new WorldError(this.at(key), 'must be a string');
    return value;
  }

  requiredString(key: string, shape?: { pattern: RegExp; text: string }): string {
    const value = this.string(key);
    if (value === undefined || value === '') throw new WorldError(this.at(key), 'is required');
    if (shape && !shape.pattern.test(value)) throw new WorldError(this.at(key), `must be ${shape.text}`);
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.value[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') throw new WorldError(this.at(key), 'must be true or false');
    return value;
  }

  integer(key: string, fallback: number, min: number, max: number): number {
    const value = this.value[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new WorldError(this.at(key), `must be an integer from ${min} to ${max}`);
    }
    return value;
  }

  date(key: string): Date | undefined {
    const value = this.value[key];
    if (value === undefined) return undefined;
    const date = typeof value === 'string' ? parseDate(value, this.now) : undefined;
    if (!date) throw new WorldError(this.at(key), DATE_HINT);
    return date;
  }

  /** An array field; absent means empty. */
  array(key: string): unknown[] {
    const value = this.value[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw new WorldError(this.at(key), 'must be an array');
    return value;
  }

  strings(key: string): string[] {
    return this.array(key).map((item, i) => {
      if (typeof item !== 'string' || item === '') throw new WorldError(at(this.at(key), i), 'must be a non-empty string');
      return item;
    });
  }

  /** A field that takes one of a few values (strings or numbers), or `fallback` when left out. */
  oneOf<T extends string | number>(key: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (!allowed.includes(value as T)) throw new WorldError(this.at(key), `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`);
    return value as T;
  }

  /** The array at `key`, each item loaded by `load`, whose `idKey` must be unique in it (a duplicate names both places). */
  uniqueList<T extends object>(key: string, idKey: keyof T & string, load: (item: unknown, path: string) => T): T[] {
    const unique = new UniqueNames(idKey);
    return this.array(key).map((item, i) => {
      const itemPath = at(this.at(key), i);
      const loaded = load(item, itemPath);
      unique.add(String(loaded[idKey]), itemPath);
      return loaded;
    });
  }
}

/** Remembers where each name was first seen, to report duplicates with both places. */
export class UniqueNames {
  private readonly seen = new Map<string, string>();
  constructor(private readonly what: string) {}

  add(name: string, path: string): void {
    const first = this.seen.get(name);
    if (first !== undefined) throw new WorldError(path, `duplicate ${this.what} "${name}" (also at ${first})`);
    this.seen.set(name, path);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Shapes

export const ACCOUNT_ID = { pattern: /^\d{16}$/, text: '16 digits' };
export const ENTITY_NAME = { pattern: /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, text: 'letters, digits, ".", "_", "@" or "-" (at most 64)' };
export const POLICY_NAME = { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, text: 'letters, digits, ".", "_" or "-" (at most 128)' };
export const REGION_ID = { pattern: /^[a-z]{2}-[a-z0-9-]+$/, text: 'a region id such as "cn-hangzhou"' };
export const QUOTA_KEY = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

export const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
export const IPV4_ADDRESS = { pattern: IPV4, text: 'an IPv4 address such as "47.96.1.2"' };
export const IPV4_CIDR = { pattern: /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/(3[0-2]|[12]?\d))?$/, text: 'an IPv4 address or CIDR block such as "0.0.0.0/0"' };
export const IPV6_CIDR = { pattern: /^(?=.*:)[0-9A-Fa-f:.]+(\/(12[0-8]|1[01]\d|[1-9]?\d))?$/, text: 'an IPv6 address or CIDR block such as "::/0"' };
export const PORT_RANGE_TEXT = '"<from>/<to>" with 1 <= from <= to <= 65535 (such as "22/22"), or "-1/-1" for all ports';

/** A PortRange as ECS takes it: `22/22`, `1/65535` or `-1/-1`. */
export function isPortRange(value: string): boolean {
  if (value === '-1/-1') return true;
  const m = /^(\d{1,5})\/(\d{1,5})$/.exec(value);
  return m !== null && Number(m[1]) >= 1 && Number(m[1]) <= Number(m[2]) && Number(m[2]) <= 65535;
}
