import type { ChildProcess } from "node:child_process";

const children = new Set<ChildProcess>();

/** Remembers a child the bench started, until it exits, so it can be ended on failure. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once("exit", () => children.delete(child));
}

/**
 * Kills, by pid, every child the bench started that is still running: servers, the
 * contract suite, tsc. Synchronous, so it also works from an `exit` handler.
 */
export function killTrackedChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  children.clear();
}
