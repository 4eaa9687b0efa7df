import { spawn } from "node:child_process";
import { trackChild } from "./child-registry.ts";

/** How to start a server as `node …args` and know when it listens. */
export interface ServerCommand {
  /** Arguments after `node`. */
  args: string[];
  /** Matches the line it prints once it listens; group 1 is the base URL it bound. */
  ready: RegExp;
  env?: NodeJS.ProcessEnv;
}

/** A server running as a child process of the bench. */
export interface SpawnedServer {
  url: string;
  pid: number;
  /** `performance.now()` just before the process was spawned. */
  spawnedAt: number;
  /** Sends SIGTERM, then SIGKILL after 5 s, and resolves once the process has exited. */
  stop(): Promise<void>;
}

/**
 * Starts `node …command.args` and resolves once its ready line names the URL it bound.
 * Its output is read to the end (so a chatty server never blocks on a full pipe) and
 * kept, the last lines only, for the error when it fails to start.
 *
 * @example
 * const server = await spawnServer({ args: ["server.js", "--port", "0"], ready: /at (http\S+)/ });
 * await server.stop();
 */
export function spawnServer(command: ServerCommand, timeoutMs = 60_000): Promise<SpawnedServer> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, command.args, {
    env: command.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  trackChild(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const tail: string[] = [];
  let pending = "";

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    let ready = false;
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${why}: node ${command.args.join(" ")}\n${tail.join("\n")}`));
    };
    const timer = setTimeout(() => fail(`not ready within ${timeoutMs} ms`), timeoutMs);
    const onData = (chunk: Buffer) => {
      const lines = (pending + chunk.toString("utf8")).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (tail.push(line) > 40) tail.shift();
        const match = ready ? null : command.ready.exec(line);
        if (!match?.[1] || child.pid === undefined) continue;
        ready = true;
        clearTimeout(timer);
        resolve({ url: match[1], pid: child.pid, spawnedAt, stop });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", (error) => fail(`could not start (${error.message})`));
    void exited.then(() => {
      if (!ready)
        fail(`exited (${child.signalCode ?? `code ${child.exitCode}`}) before it was ready`);
    });
  });
}
