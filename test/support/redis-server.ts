import { rmSync } from "node:fs";
import { afterAll, beforeAll, type TestContext } from "vitest";
import { type RedisServer, redisServerOrSkip, startRedisServer } from "./redis-process.ts";

export { type RedisServer, redisServerOrSkip, startRedisServer } from "./redis-process.ts";

/**
 * Starts one Redis server for the calling test file and stops it (and removes its folder)
 * after the file; each test gets the server from the returned function, or is skipped with
 * how to install Redis (fails under `CI=true`).
 *
 * @example
 * const redis = useRedisServer();
 * it("…", async (ctx) => { const { url } = redis(ctx); … });
 */
export function useRedisServer(): (ctx: TestContext) => RedisServer {
  let server: RedisServer | undefined;
  let skip = "";
  let missing: unknown;
  beforeAll(async () => {
    let found: ReturnType<typeof redisServerOrSkip>;
    try {
      found = redisServerOrSkip();
    } catch (error) {
      // Thrown again by each test, so that CI counts failed tests, not tests skipped by a hook.
      missing = error;
      return;
    }
    if ("skip" in found) skip = found.skip;
    else server = await startRedisServer(found.path);
  });
  afterAll(async () => {
    await server?.stop();
    if (server) rmSync(server.dir, { recursive: true, force: true });
  });
  return (ctx) => {
    if (missing) throw missing;
    return server ?? ctx.skip(skip);
  };
}
