/**
 * Fault and latency injection: what the emulator does to an OpenAPI request before (and instead of) answering it, so
 * clients meet the failures of a real network and a real gateway (`aliaudit emulator --faults 0.03 --latency 40:20`).
 *
 * Faults, in a fixed mix (FAULT_MIX):
 * - `unavailable`: 503 ServiceUnavailable in the API's error JSON, as the gateway answers an overloaded backend;
 * - `internal`: 500 InternalError in the API's error JSON;
 * - `reset`: the connection is reset (TCP RST) with no answer at all;
 * - `stall`: nothing is ever answered; the socket is held until the client gives up (or the emulator closes).
 * A faulted request never reaches its handler (a faulted CreateUser created nothing) nor the world's Quotas. The
 * ECS metadata service, the credentials URIs and the /_emulator controls are never faulted nor delayed.
 *
 * Determinism. Every draw is a hash, never a shared random sequence: SHA-256 of the seed, the request's own identity
 * (action, version and its business parameters, without what changes on every send: signature, nonce, timestamp,
 * access key, token) and how many times that same identity was drawn before on this emulator. So the decision for a
 * request does not depend on timing nor on the order of concurrent requests: a scan run twice against the same seed
 * meets the same faults on the same calls (its 1st ListUsers page fails, the retry of it succeeds, …) however its
 * calls interleave. Only identical requests sent concurrently may swap which of them gets the n-th draw. The same draw
 * also gives the latency jitter. A higher rate with the same seed faults a superset of the requests a lower one does.
 */
import { createHash } from 'node:crypto';
import { ApiFault, faults } from './api-error.js';

export type FaultKind = 'unavailable' | 'internal' | 'reset' | 'stall';

/** The share of each fault among the faulted requests. */
export const FAULT_MIX: Readonly<Record<FaultKind, number>> = Object.freeze({ unavailable: 0.4, internal: 0.3, reset: 0.2, stall: 0.1 });

/** The seed when none is given: a fixed number, so two runs without --fault-seed see the same faults. */
export const DEFAULT_FAULT_SEED = 1;

export interface ChaosOptions {
  /** Share of OpenAPI requests (0..1) answered by a fault instead; default 0. */
  faultRate?: number;
  /** Seeds the fault draws and the latency jitter; default DEFAULT_FAULT_SEED. */
  seed?: number;
  /** Milliseconds every OpenAPI answer waits; default 0. */
  latencyMs?: number;
  /** The wait varies uniformly within ± this many milliseconds (never below 0 in all); default 0. */
  jitterMs?: number;
}

/** What to do with one request. */
export interface Draw {
  /** Absent: answer normally. */
  fault?: FaultKind;
  /** How long to wait before answering (or resetting). */
  delayMs: number;
}

/** The identity of a request for the draws: what its sender chose, not what signing adds on every send. */
const VOLATILE_PARAMS = new Set([
  'Signature', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'SignatureType', 'Timestamp', 'AccessKeyId',
  'SecurityToken', 'BearerToken', 'Format', 'Action', 'Version',
]);

/** Past this many distinct requests the occurrence counts start over, so a long-running emulator stays small. */
const MAX_REMEMBERED = 100_000;

export class Chaos {
  readonly faultRate: number;
  readonly seed: number;
  readonly latencyMs: number;
  readonly jitterMs: number;
  private readonly seen = new Map<string, number>();

  constructor(options: ChaosOptions = {}) {
    this.faultRate = Math.min(1, Math.max(0, options.faultRate ?? 0));
    this.seed = options.seed ?? DEFAULT_FAULT_SEED;
    this.latencyMs = Math.max(0, options.latencyMs ?? 0);
    this.jitterMs = Math.max(0, options.jitterMs ?? 0);
  }

  /** Whether any request may be delayed or faulted at all. */
  get active(): boolean {
    return this.faultRate > 0 || this.latencyMs > 0 || this.jitterMs > 0;
  }

  /** The draw for a request, counting it as one more occurrence of its identity. */
  draw(action: string | undefined, version: string | undefined, params: Record<string, string>): Draw {
    if (!this.active) return { delayMs: 0 };
    const key = requestIdentity(action, version, params);
    const occurrence = this.seen.get(key) ?? 0;
    if (this.seen.size >= MAX_REMEMBERED && occurrence === 0) this.seen.clear();
    this.seen.set(key, occurrence + 1);
    const [faultUnit, kindUnit, jitterUnit] = units(`${this.seed}\u0000${key}\u0000${occurrence}`);
    const delayMs = Math.max(0, Math.round(this.latencyMs + (2 * jitterUnit - 1) * this.jitterMs));
    // `<` with a unit in [0,1): rate 0 never faults, rate 1 always does.
    if (!(faultUnit < this.faultRate)) return { delayMs };
    return { fault: pick(kindUnit), delayMs };
  }
}

/** The API error an answered fault carries. */
export function faultAnswer(kind: 'unavailable' | 'internal'): ApiFault {
  if (kind === 'internal') return faults.internalError();
  return new ApiFault('ServiceUnavailable', 503, 'The request has failed due to a temporary failure of the server.');
}

function requestIdentity(action: string | undefined, version: string | undefined, params: Record<string, string>): string {
  const own = Object.keys(params)
    .filter((name) => !VOLATILE_PARAMS.has(name))
    .sort()
    .map((name) => [name, params[name]]);
  return JSON.stringify([action ?? '', version ?? '', own]);
}

/** Three independent numbers in [0,1) from a hash of `text`. */
function units(text: string): [number, number, number] {
  const digest = createHash('sha256').update(text).digest();
  const unit = (offset: number) => digest.readUInt32BE(offset) / 2 ** 32;
  return [unit(0), unit(4), unit(8)];
}

function pick(unit: number): FaultKind {
  let total = 0;
  const kinds = Object.keys(FAULT_MIX) as FaultKind[];
  for (const kind of kinds) {
    total += FAULT_MIX[kind];
    if (unit < total) return kind;
  }
  return kinds[kinds.length - 1];
}
