import { describe, expect, it } from "vitest";
import { mswTarget } from "../../contracts/targets/msw-target.ts";

const options = (file: string) => ({ label: "msw", file, imageTimeoutMs: 300 });

describe("mswTarget", () => {
  it("answers the API at its real base URL through the worker's fetch", async () => {
    const target = mswTarget(options("a.test.ts"));
    try {
      expect(target.baseUrl).toBe("https://api.agentphone.ai");
      const health = await fetch(`${target.baseUrl}/__sandbox/health`);
      expect(await health.json()).toMatchObject({ status: "ok" });
    } finally {
      await target.close();
    }
  });

  it("refuses to open while another file's server listens, naming that file", async () => {
    const first = mswTarget(options("a.test.ts"));
    try {
      expect(() => mswTarget(options("b.test.ts"))).toThrow(/^a\.test\.ts left its MSW server/);
    } finally {
      await first.close();
    }
    const second = mswTarget(options("b.test.ts"));
    await second.close();
  });
});
