/**
 * Which processes are still there: for asserting that `burrow` left no tor behind. Reads
 * /proc (Linux), as the suite's tors are Linux processes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** Whether process `pid` exists and has not exited (a zombie has). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // proc(5): "pid (comm) state …"; comm may contain ") ", so look after the last one.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** The pids of running `tor` processes with an argument inside `dir` (their torrc or data directory). */
export function torsUnder(dir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited while we looked
    }
    if (basename(argv[0] ?? '') === 'tor' && argv.some((arg) => arg.startsWith(dir + '/')) && isAlive(Number(entry)))
      found.push(Number(entry));
  }
  return found;
}
