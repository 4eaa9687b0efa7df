/**
 * A real `redis-server` for the tests and the bench: found on the machine (never downloaded),
 * started on a free loopback port with a folder of its own, stopped by whoever started it.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const installHint = "install it with `sudo apt-get install -y redis-server`";

/**
 * The `redis-server` executable (`REDIS_SERVER_PATH` first, then `PATH`), or why the Redis
 * tests are skipped. Under `CI=true` a missing one throws instead, so that CI fails rather
 * than passing without its Redis tests.
 */
export function redisServerOrSkip(
  env: NodeJS.ProcessEnv = process.env,
): { path: string } | { skip: string } {
  const path = env.REDIS_SERVER_PATH || "redis-server";
  const probe = spawnSync(path, ["--version"], { encoding: "utf8" });
  if (probe.status === 0 && /Redis server v=/.test(probe.stdout)) return { path };
  const reason = env.REDIS_SERVER_PATH
    ? `REDIS_SERVER_PATH=${env.REDIS_SERVER_PATH} is not a redis-server; unset it and ${installHint}`
    : `redis-server not found: ${installHint}, or set REDIS_SERVER_PATH to one`;
  if (env.CI === "true") throw new Error(reason);
  return { skip: reason };
}

/** A Redis server the tests started, on a loopback port, with a data folder of its own. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>/0`. */
  url: string;
  port: number;
  /** Its folder: the append-only file that makes a restart keep its data lives here. */
  dir: string;
  /** Stops it with SIGTERM (it writes its data first) and resolves once it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder, with the data it had. */
  start(): Promise<void>;
  /**
   * Freezes it (SIGSTOP): connections stay open and nothing is answered, as a Redis that
   * hangs does; `resume` (SIGCONT) lets it go on.
   */
  pause(): void;
  resume(): void;
  /** Everything it logged. */
  output(): string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Starts `redis-server` on a free loopback port, with its own folder, an append-only file
 * written on every change (so a stop and start keeps every write), and no other listener.
 */
export async function startRedisServer(
  path: string,
  onStart?: (child: ChildProcess) => void,
): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "agentphone-redis-"));
  let child: ChildProcess | undefined;
  let log = "";
  let port = 0;

  async function launch(): Promise<void> {
    const args = [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--appendonly",
      "yes",
      "--appendfsync",
      "always",
      "--save",
      "",
      "--unixsocket",
      "",
      "--daemonize",
      "no",
      "--protected-mode",
      "yes",
    ];
    const started = spawn(path, args, { stdio: ["ignore", "pipe", "pipe"] });
    child = started;
    onStart?.(started);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        started.kill("SIGKILL");
        reject(new Error(`redis-server did not start within 10 s:\n${log}`));
      }, 10_000);
      const seen = (chunk: Buffer) => {
        log += chunk.toString();
        if (/Ready to accept connections/.test(log.slice(-2000))) {
          clearTimeout(timer);
          resolve();
        }
      };
      started.stdout?.on("data", seen);
      started.stderr?.on("data", seen);
      started.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code} before it was ready:\n${log}`));
      });
    });
  }

  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (error) {
      // Another process took the port between the probe and the start: try another.
      if (attempt >= 3 || !/Address already in use/.test(log)) throw error;
    }
  }

  async function stop(): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
    running.kill("SIGTERM");
    await exited;
  }

  return {
    get url() {
      return `redis://127.0.0.1:${port}/0`;
    },
    get port() {
      return port;
    },
    dir,
    stop,
    async start() {
      if (child) return;
      await launch();
    },
    pause: () => child?.kill("SIGSTOP"),
    resume: () => child?.kill("SIGCONT"),
    output: () => log,
  };
}
