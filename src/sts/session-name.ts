import { userInfo } from 'node:os';
import type { Runtime } from '../core/env.js';

const MAX_LENGTH = 64;

/**
 * A role session name that shows up traceably in ActionTrail: `aliaudit-<os user>-<unix seconds>`,
 * reduced to the 2–64 characters of [A-Za-z0-9.@_-] STS accepts.
 */
export function defaultSessionName(runtime: Runtime): string {
  const seconds = String(Math.floor(runtime.now().getTime() / 1000));
  const user = sanitise(osUser(runtime));
  const room = MAX_LENGTH - 'aliaudit-'.length - 1 - seconds.length;
  return user ? `aliaudit-${user.slice(0, room)}-${seconds}` : `aliaudit-${seconds}`;
}

function osUser(runtime: Runtime): string {
  const fromEnv = runtime.env.USER || runtime.env.USERNAME || runtime.env.LOGNAME;
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

function sanitise(name: string): string {
  return name
    .replace(/[^A-Za-z0-9.@_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');
}
