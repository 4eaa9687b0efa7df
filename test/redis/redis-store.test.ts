import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";
import type { Store } from "../../mock/core/store/store.ts";
import { createRedisStore } from "../../mock/redis/redis-store.ts";
import { type RedisServer, redisServerOrSkip, startRedisServer } from "../support/redis-server.ts";
import { describeStoreBehaviour } from "../support/store-behaviour.ts";

// One Redis for the file; each store gets a prefix of its own, as sandboxes sharing one would.
let server: RedisServer | undefined;
const found = redisServerOrSkip();
const opened: Store[] = [];

beforeAll(async () => {
  if ("path" in found) server = await startRedisServer(found.path);
});
afterAll(async () => {
  for (const store of opened) await store.close?.();
  await server?.stop();
  if (server) rmSync(server.dir, { recursive: true, force: true });
});

function storeOn(prefix: string, maxKeptImageBytes?: number): Store {
  if (!server) throw new Error("no Redis server");
  const store = createRedisStore({
    url: server.url,
    prefix,
    ...(maxKeptImageBytes === undefined ? {} : { maxKeptImageBytes }),
  });
  opened.push(store);
  return store;
}

describeStoreBehaviour(
  "redis",
  async (maxKeptImageBytes) => storeOn(`test-${randomBytes(6).toString("hex")}`, maxKeptImageBytes),
  "skip" in found ? found.skip : undefined,
);
