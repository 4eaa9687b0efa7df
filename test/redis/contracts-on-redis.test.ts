import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { spawnSandbox } from "../../contracts/spawn-sandbox.ts";
import { failuresOf, runContracts } from "../contracts/run-contracts.ts";
import { useRedisServer } from "../support/redis-server.ts";

const redis = useRedisServer();

describe("the contract suite on a sandbox whose state is in Redis", () => {
  it("passes every file on the http target, held to the sandbox's own promises", async (ctx) => {
    const { url } = redis(ctx);
    const prefix = `contracts-${randomBytes(5).toString("hex")}`;
    const sandbox = await spawnSandbox(
      ["--port", "0", "--log-level", "silent", "--store", url, "--store-prefix", prefix],
      30_000,
    );
    try {
      const run = await runContracts(["--target", "http", "--base-url", sandbox.url]);
      expect(failuresOf(run.report), run.output.slice(-4000)).toEqual([]);
      expect(run.code, run.output.slice(-4000)).toBe(0);
      // The whole suite ran: every file's tests, not a filtered few.
      const passed = Object.values(run.report?.tests ?? {}).filter(
        (cells) => cells.http?.state === "pass",
      );
      expect(passed.length).toBeGreaterThan(50);
    } finally {
      await sandbox.stop();
    }
  }, 240_000);
});
