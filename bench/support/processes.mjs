// What the driver reads about a browser from /proc (Linux): the command line of each of its
// processes (to prove that none was started with a debugging port or pipe, so nothing could
// attach DevTools to a page) and the CPU time of its renderers' main threads (the main-thread
// busy share, measured from outside the page, without DevTools' own counters).
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux: /proc reports CPU time in 10 ms ticks.

function read(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended meanwhile, or there is no /proc
  }
}

// The fields after the command name, which is in parentheses and may itself contain spaces.
const statFields = (stat) => stat.slice(stat.lastIndexOf(')') + 2).split(' ');

/** `rootPid` and every process below it. */
function processTree(rootPid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    if (!stat) continue;
    const ppid = Number(statFields(stat)[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(name));
  }
  const tree = [];
  const visit = (pid) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(rootPid);
  return tree;
}

/** The argument vectors of `rootPid` and its descendants (empty without /proc). */
export function commandLines(rootPid) {
  return processTree(rootPid)
    .map((pid) => read(`/proc/${pid}/cmdline`)?.split('\0').filter(Boolean))
    .filter((argv) => argv?.length);
}

/** Whether some process of the browser was started with a DevTools endpoint. */
export function debuggingSwitches(rootPid) {
  return commandLines(rootPid)
    .flat()
    .filter((arg) => arg.startsWith('--remote-debugging') || arg.startsWith('--auto-open-devtools'));
}

/** CPU time (user + system, ms) used so far by the main threads of the browser's renderers. */
export function rendererMainCpuMs(rootPid) {
  let ticks = 0;
  for (const pid of processTree(rootPid)) {
    if (!read(`/proc/${pid}/cmdline`)?.includes('--type=renderer')) continue;
    // The main thread's id is the process id; the others (compositor, workers) are left out.
    const stat = read(`/proc/${pid}/task/${pid}/stat`);
    if (!stat) continue;
    const fields = statFields(stat);
    ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
  }
  return ticks * TICK_MS;
}
