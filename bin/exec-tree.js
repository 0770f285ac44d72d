// Finds and stops every process `aliaudit exec`'s command started, for the guard (bin/exec-guard.js). Node can neither
// become a subreaper (prctl) nor hand the terminal to another process group (tcsetpgrp), so the command stays in
// aliaudit's own process group and its tree is found in the process table instead:
//   - the guard's descendants, by parent pid (while their parents live);
//   - on Linux, every process whose environment holds this session's marker, which all of them inherit beside the
//     credentials: this finds what left the tree (orphans, double forks, setsid), exactly the processes that hold the
//     credentials;
//   - the members of any process group one of those created (a shell's background jobs);
//   - what an earlier look found, while it is still the same process (same start time).
// Elsewhere the table comes from ps(1), without environments.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** The variable every process started under the guard inherits; its value is the session's random token. */
export const SESSION_VARIABLE = 'ALIAUDIT_EXEC_SESSION';

/** pid → { ppid, pgid, start, marked } for every live process (zombies left out); empty when it cannot be read. */
export function processTable(marker) {
  return existsSync('/proc/self/stat') ? procTable(marker) : psTable();
}

/** Whether the process `pid` that started at `start` still runs (a zombie does not). */
function stillRunning(pid, start) {
  if (!existsSync('/proc/self/stat')) {
    try {
      return process.kill(pid, 0);
    } catch {
      return false;
    }
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] !== 'Z' && fields[0] !== 'X' && fields[19] === start;
  } catch {
    return false;
  }
}

function procTable(marker) {
  const needle = Buffer.from(`${SESSION_VARIABLE}=${marker}\0`);
  const table = new Map();
  let names = [];
  try {
    names = readdirSync('/proc');
  } catch {
    return table;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    // Processes come and go while we look, and other users' environments are unreadable: skip those quietly.
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      // "pid (comm) state ppid pgrp session … starttime": comm may hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || fields[0] === 'X') continue;
      let marked = false;
      try {
        marked = readFileSync(`/proc/${name}/environ`).includes(needle);
      } catch {
        // not ours to read
      }
      table.set(Number(name), { ppid: Number(fields[1]), pgid: Number(fields[2]), start: fields[19], marked });
    } catch {
      // gone already
    }
  }
  return table;
}

function psTable() {
  const table = new Map();
  const ps = spawnSync('ps', ['-A', '-o', 'pid=', '-o', 'ppid=', '-o', 'pgid=', '-o', 'stat='], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 2000,
  });
  for (const line of (ps.stdout ?? '').split('\n')) {
    const [pid, ppid, pgid, state = ''] = line.trim().split(/\s+/);
    if (!pid || Number(pid) === ps.pid || state.startsWith('Z')) continue;
    table.set(Number(pid), { ppid: Number(ppid), pgid: Number(pgid), start: '', marked: false });
  }
  return table;
}

/** The processes of `table` that belong to the tree under `root` (never `root` itself). */
export function treeOf(table, root, known = new Map()) {
  const ownGroup = table.get(root)?.pgid;
  const children = new Map();
  const members = new Map();
  for (const [pid, { ppid, pgid }] of table) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
    if (!members.has(pgid)) members.set(pgid, []);
    members.get(pgid).push(pid);
  }
  const found = new Set();
  const queue = [];
  const add = (pid) => {
    if (pid === root || found.has(pid) || !table.has(pid)) return;
    found.add(pid);
    queue.push(pid);
  };
  for (const [pid, row] of table) if (row.marked) add(pid);
  for (const [pid, start] of known) if (table.get(pid)?.start === start) add(pid);
  for (const child of children.get(root) ?? []) add(child);
  const groups = new Set();
  while (queue.length > 0) {
    const pid = queue.pop();
    for (const child of children.get(pid) ?? []) add(child);
    // A group is expanded only when one of ours leads (or led) it: a group id stays reserved while the group
    // lives, so that is a group our tree created, never aliaudit's own or the user's shell's.
    const pgid = table.get(pid).pgid;
    if (pgid !== ownGroup && pgid > 1 && !groups.has(pgid) && (found.has(pgid) || known.has(pgid))) {
      groups.add(pgid);
      for (const member of members.get(pgid) ?? []) add(member);
    }
  }
  return found;
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function send(pids, signal) {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // gone, or not ours
    }
  }
}

/**
 * Stops the tree under `root`: SIGTERM (and SIGCONT, for stopped jobs) to all of it at once, as a terminal's Ctrl-C
 * reaches a whole group; what still runs after `graceMs`, the processes it started meanwhile included, gets SIGKILL.
 * Resolves at once when there is nothing to stop.
 */
export async function stopTree({ root = process.pid, marker, graceMs = 2000, pollMs = 100 }) {
  const known = new Map();
  const look = () => {
    const table = processTable(marker);
    const found = treeOf(table, root, known);
    for (const pid of found) known.set(pid, table.get(pid).start);
    return found;
  };
  let found = look();
  if (found.size === 0) return;
  send(found, 'SIGTERM');
  send(found, 'SIGCONT');
  // While what was signalled still runs, a look at those few processes is enough; the whole table only once they end.
  for (const deadline = Date.now() + graceMs; Date.now() < deadline; ) {
    await pause(pollMs);
    if ([...known].some(([pid, start]) => stillRunning(pid, start))) continue;
    if (look().size === 0) return;
  }
  // Bounded: a process that forks faster than it can be killed is not worth hanging for.
  for (let round = 0; round < 20; round++) {
    found = look();
    if (found.size === 0) return;
    send(found, 'SIGKILL');
    await pause(pollMs / 2);
  }
}
