/**
 * Whether a process of this machine is still running: `kill(pid, 0)` tests without signalling. EPERM means it runs
 * as someone else; only ESRCH (no such process) says it is gone. profiles/lock.ts has the same test for its locks.
 */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
