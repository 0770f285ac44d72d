import { ApiError, AliauditError, ExitCode } from '../../core/errors.js';
import type { CloudApi } from '../../cloud/clients.js';
import type { Product } from '../../cloud/products.js';
import type { Fact, Missing, SubjectKind } from '../checks/check.js';
import type { Scheduler } from '../scheduler.js';

/** A subject whose own listing failed: every check of its kind gets a MANUAL finding naming what is missing. */
export interface Unreadable {
  unreadable: Missing;
  /** What could not be listed, for the finding's resource: `users`, `security groups`. */
  what: string;
  region: string;
}

/** What a collector needs: where to call, and where to hand each subject the moment its data is complete. */
export interface Collecting {
  accountUid: string;
  /** One product's API in one region (`global` for the home region), for this account: through `caller`, never direct. */
  api(product: Product, region: string): Promise<CloudApi>;
  scheduler: Scheduler;
  signal?: AbortSignal;
  feed(kind: SubjectKind, subject: unknown): void;
  /** A region's work went from unknown to known (`known` grows as lists arrive, `done` as subjects are fed). */
  progress(region: string, known: number): void;
}

/** An API refused for lack of permission (NoPermission, Forbidden.RAM …). */
export function isDenied(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'NoPermission' || error.code.startsWith('Forbidden') || error.statusCode === 403);
}

/** Why data is missing, from what the call threw; an interruption is not missing data and goes on up. */
export function missingFrom(error: unknown, action: string, region: string): Missing {
  if (error instanceof AliauditError && error.exitCode === ExitCode.Interrupted) throw error;
  if (isDenied(error)) return { action, region, reason: 'denied', detail: (error as ApiError).code };
  const message = error instanceof Error ? error.message : String(error);
  if (/did not answer in time|timed out/i.test(message)) return { action, region, reason: 'timed out' };
  return { action, region, reason: 'failed', detail: error instanceof ApiError ? error.code : message };
}

/** The answer of a call, or why there is none (a refused or failed call is never an empty answer). */
export async function attempt<T>(call: () => Promise<T>, action: string, region: string): Promise<Fact<T>> {
  try {
    return { value: await call() };
  } catch (error) {
    return { missing: missingFrom(error, action, region) };
  }
}

/** Calls one API action of one product in one region through the scheduler. */
export function caller(collecting: Collecting, api: CloudApi, region: string) {
  return <T = any>(action: string, params: Record<string, unknown> = {}) =>
    collecting.scheduler.call<T>(api, action, params, region, collecting.signal);
}

/** Every item of an ECS list that pages with NextToken/MaxResults, handing each page over as it comes. */
export async function tokenPages<T>(
  call: (action: string, params: Record<string, unknown>) => Promise<any>,
  action: string,
  params: Record<string, unknown>,
  size: number,
  items: (body: any) => T[] | undefined,
  onPage: (page: T[]) => void,
): Promise<void> {
  let token: string | undefined;
  do {
    const body = await call(action, { ...params, MaxResults: size, NextToken: token });
    onPage(items(body) ?? []);
    token = typeof body.NextToken === 'string' && body.NextToken !== '' ? body.NextToken : undefined;
  } while (token);
}

/**
 * Every item of an ECS list that pages with PageNumber/PageSize: the first page says how many there are, and the
 * rest are asked for at once, so a long list costs one round trip more than a short one, not one per page.
 */
export async function numberedPages<T>(
  call: (action: string, params: Record<string, unknown>) => Promise<any>,
  action: string,
  params: Record<string, unknown>,
  size: number,
  items: (body: any) => T[] | undefined,
  onPage: (page: T[], total: number) => void,
): Promise<void> {
  const first = await call(action, { ...params, PageNumber: 1, PageSize: size });
  const total = Number(first.TotalCount ?? 0);
  onPage(items(first) ?? [], total);
  const pages = Math.ceil(total / size);
  await Promise.all(
    Array.from({ length: Math.max(0, pages - 1) }, async (_, i) => {
      const body = await call(action, { ...params, PageNumber: i + 2, PageSize: size });
      onPage(items(body) ?? [], total);
    }),
  );
}
