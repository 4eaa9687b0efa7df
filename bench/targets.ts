import { fileURLToPath } from "node:url";
import { sandboxBin } from "../contracts/spawn-sandbox.ts";
import { prismCommand, prismListening } from "../mock/prism.ts";
import { httpCall } from "./http-call.ts";
import type { ServerCommand } from "./spawn-server.ts";

/** The servers the bench puts under load, side by side. */
export type TargetName = "sandbox" | "sandbox+redis" | "node:http" | "express" | "prism";

/** A server under test: how to start it, and how to ready it for a scenario. */
export interface Target {
  name: TargetName;
  command: ServerCommand;
  /** A request it answers with 2xx, timed by the start-up measurement. */
  firstRequest: { path: string; method: string; headers: Record<string, string> };
  /** Ids of `count` iMessage conversations it will take requests for; the sandbox makes them. */
  conversations(url: string, count: number): Promise<string[]>;
}

/** The key every request sends: the sandbox's Alice; Prism and the baselines take any. */
export const apiKey = "sk_sandbox_alice";
const auth = { authorization: `Bearer ${apiKey}` };

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/** The ids the bench gives the conversations it loads, one per connection. */
export const benchIds = (count: number) =>
  Array.from({ length: count }, (_, i) => `conv_bench_${i + 1}`);

/** The sandbox's CLI, as `npm start` runs it, with its request log off. */
export function sandboxCommand(entry = sandboxBin, env?: NodeJS.ProcessEnv): ServerCommand {
  return {
    args: [entry, "--port", "0", "--log-level", "silent"],
    ready: /sandbox ready at (http:\/\/\S+)/,
    ...(env === undefined ? {} : { env }),
  };
}

/** A baseline server from `bench/servers/`, its TypeScript loaded by tsx as the sandbox's is. */
export function baselineCommand(file: string): ServerCommand {
  return {
    args: ["--import", "tsx/esm", here(`./servers/${file}`), "--port", "0"],
    ready: /listening at (http:\/\/\S+)/,
  };
}

// What mock/prism.ts runs, spawned here so the bench has the pid whose memory it reads.
function prismServer(): ServerCommand {
  return { ...prismCommand({ port: 0 }), ready: prismListening };
}

const background = "/v1/conversations/conv_imessage/background";
const anyIds = async (_url: string, count: number) => benchIds(count);

/** The sandbox, the two baselines and Prism, in the order the table lists them. */
export const targets: readonly Target[] = [
  {
    name: "sandbox",
    command: sandboxCommand(),
    firstRequest: { path: "/__sandbox/health", method: "GET", headers: {} },
    async conversations(url, count) {
      const ids = benchIds(count);
      for (const id of ids) {
        const made = await httpCall(`${url}/__sandbox/conversations`, {
          method: "POST",
          json: { apiKey, id, channel: "imessage", recipientIosVersion: 18 },
        });
        if (made.status !== 201) throw new Error(`could not create ${id}: ${made.body}`);
      }
      return ids;
    },
  },
  {
    name: "node:http",
    command: baselineCommand("bare-http.ts"),
    firstRequest: { path: background, method: "DELETE", headers: auth },
    conversations: anyIds,
  },
  {
    name: "express",
    command: baselineCommand("bare-express.ts"),
    firstRequest: { path: background, method: "DELETE", headers: auth },
    conversations: anyIds,
  },
  {
    name: "prism",
    command: prismServer(),
    firstRequest: { path: background, method: "DELETE", headers: auth },
    conversations: anyIds,
  },
];

/**
 * The sandbox's CLI with its state in the Redis at `url`, under a prefix of the bench's own.
 * Each start finds what the one before left there (the store outlives it), so each is reset
 * to its seed before it makes its conversations.
 */
export function redisSandboxTarget(url: string): Target {
  const sandbox = targets.find((target) => target.name === "sandbox");
  if (!sandbox) throw new Error("no sandbox target");
  return {
    ...sandbox,
    name: "sandbox+redis",
    command: {
      ...sandboxCommand(),
      args: [...sandboxCommand().args, "--store", url, "--store-prefix", "agentphone-bench"],
    },
    async conversations(base, count) {
      const reset = await httpCall(`${base}/__sandbox/reset`, { method: "POST", json: {} });
      if (reset.status !== 204) throw new Error(`could not reset: ${reset.body}`);
      return sandbox.conversations(base, count);
    },
  };
}
