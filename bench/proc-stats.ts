import { readdirSync, readFileSync, writeFileSync } from "node:fs";

function statusField(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  if (!match?.[1]) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]) * 1024;
}

/** A process's resident set size in bytes (`VmRSS`), read from `/proc` (Linux only). */
export function readRss(pid: number): number {
  return statusField(pid, "VmRSS");
}

/** The most a process has had resident since it started or its peak was reset (`VmHWM`). */
export function readPeakRss(pid: number): number {
  return statusField(pid, "VmHWM");
}

/**
 * Resets a process's peak RSS to its current RSS, so the next {@link readPeakRss} covers
 * only what happens from now on; false where the kernel refuses (`/proc/<pid>/clear_refs`).
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/** How many file descriptors a process has open: sockets, files, pipes. */
export function countFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/**
 * CPU time a process has used so far, user and system, all threads, in ms. Unlike wall
 * time it barely moves when other work shares the machine. Assumes the kernel's usual
 * 100 clock ticks per second (`getconf CLK_TCK`).
 */
export function readCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Bytes in MB (10^6 bytes, one decimal): the unit of every memory figure the bench prints. */
export function megabytes(bytes: number): number {
  return Math.round(bytes / 1e5) / 10;
}
