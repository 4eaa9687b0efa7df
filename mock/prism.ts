import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { specPath } from "../openapi/spec.ts";
import { listenFailure } from "./listen-failure.ts";

/** Options for {@link startPrism}. */
export interface PrismOptions {
  /** Port to listen on; 0 picks a free one. Default 4011. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** The spec to serve. Default the kit's own. */
  spec?: string;
  /** Receives every line Prism prints (its request log). Default: dropped. */
  onLine?: (line: string) => void;
  /** How long to wait for Prism to listen, in ms. Default 30 000. */
  startTimeoutMs?: number;
}

/** A running Prism mock. */
export interface RunningPrism {
  /** Base URL, from the address Prism actually bound, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Stops Prism and waits for its process to exit. */
  stop(): Promise<void>;
}

/** The line Prism prints once it listens; group 1 is the URL it bound. */
export const prismListening = /Prism is listening on (http:\/\/\S+)/;

/** The line Prism prints when it cannot listen; group 1 is the system's error code. */
const listenRefused = /listen (E[A-Z]+)\b/;

/**
 * The arguments after `node` and the environment that run Prism's mock on the spec: what
 * {@link startPrism} spawns, and what the benchmark spawns to read Prism's own pid.
 */
export function prismCommand(options: Pick<PrismOptions, "host" | "port" | "spec"> = {}): {
  args: string[];
  env: NodeJS.ProcessEnv;
} {
  const manifest = createRequire(import.meta.url).resolve("@stoplight/prism-cli/package.json");
  const entry = join(dirname(manifest), "dist", "index.js");
  const host = options.host ?? "127.0.0.1";
  const port = String(options.port ?? 4011);
  // NODE_ENV=production would make Prism fork its server off the process we started.
  const { NODE_ENV: _, ...env } = process.env;
  return {
    args: [entry, "mock", "--host", host, "--port", port, options.spec ?? specPath],
    // Prism colours its log only on a terminal; NO_COLOR keeps the lines parseable.
    env: { ...env, NO_COLOR: "1", FORCE_COLOR: "0" },
  };
}

/**
 * Starts the Prism mock on the spec, as a child process, and resolves once it listens.
 * Rejects with one line when the address is taken or not allowed, else with Prism's output.
 *
 * @example
 * const prism = await startPrism({ port: 0 });
 * await fetch(`${prism.url}/v1/conversations/conv_imessage/background`, { method: "DELETE" });
 * await prism.stop();
 */
export function startPrism(options: PrismOptions = {}): Promise<RunningPrism> {
  const { args, env } = prismCommand(options);
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const output: string[] = [];

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      fail(`Prism did not start within ${options.startTimeoutMs ?? 30_000} ms`);
    }, options.startTimeoutMs ?? 30_000);

    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${why}.\n${output.join("\n")}`));
    };

    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim() === "") continue;
        options.onLine?.(line);
        if (output.length < 200) output.push(line);
        const match = prismListening.exec(line);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve({ url: match[1], stop: () => stopChild(child, exited) });
        }
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (error) => fail(`Prism could not be started: ${error.message}`));
    child.once("exit", (code, signal) => {
      // Prism prints its whole help before the reason it could not listen: say the reason alone.
      const refused = output.map((line) => listenRefused.exec(line)).find(Boolean);
      const why = listenFailure(refused?.[1], options.host ?? "127.0.0.1", options.port ?? 4011);
      if (why !== undefined) {
        clearTimeout(timer);
        reject(new Error(why));
        return;
      }
      fail(`Prism exited (${signal ?? `code ${code}`})`);
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
