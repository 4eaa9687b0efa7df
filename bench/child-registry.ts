import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";

/** Each running child, and whether it leads a process group of its own. */
const children = new Map<ChildProcess, boolean>();
const folders = new Set<string>();

/**
 * Remembers a child the bench started, until it exits, so it can be ended on failure. A
 * child spawned `detached` leads its own process group, which is then ended with it: what
 * it started in turn (npm's build script, its tsc) must not go on writing after it.
 */
export function trackChild(child: ChildProcess, group = false): void {
  children.set(child, group);
  child.once("exit", () => children.delete(child));
}

/**
 * Remembers a temporary folder the bench made, so that it is deleted even when the bench is
 * ended first; returns the function that deletes it now.
 *
 * @example
 * const remove = trackFolder(await mkdtemp(join(tmpdir(), "bench-")));
 */
export function trackFolder(path: string): () => void {
  folders.add(path);
  return () => {
    folders.delete(path);
    // Retries: a compiler the bench started may still be writing there as it is killed.
    rmSync(path, { recursive: true, force: true, maxRetries: 3 });
  };
}

/**
 * Kills, by pid (or process group), every child the bench started that is still running
 * (servers, the contract suite, tsc, npm), then deletes its temporary folders. Synchronous,
 * so it also works from an `exit` handler.
 */
export function cleanUpAfterBench(): void {
  for (const [child, group] of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    try {
      if (group && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      else child.kill("SIGKILL");
    } catch {
      // ESRCH: it ended between the check and the kill.
    }
  }
  children.clear();
  for (const path of folders) rmSync(path, { recursive: true, force: true, maxRetries: 3 });
  folders.clear();
}
