import { describe, expect, it } from "vitest";
import { type ReadyFacts, readyLine } from "../../mock/ready-line.ts";

const loopback: ReadyFacts = {
  url: "http://127.0.0.1:4010",
  host: "127.0.0.1",
  pid: 42,
  adminToken: undefined,
  tokenMadeUp: false,
  allowPrivateImages: false,
};

describe("readyLine", () => {
  const table: Array<{ given: string; facts: Partial<ReadyFacts>; want: string }> = [
    {
      given: "on loopback without a token",
      facts: {},
      want: "AgentPhone sandbox ready at http://127.0.0.1:4010 (pid 42); /__sandbox needs no token (loopback only)",
    },
    {
      given: "on loopback with --admin-token",
      facts: { adminToken: "s3cret-token" },
      want: "AgentPhone sandbox ready at http://127.0.0.1:4010 (pid 42); /__sandbox needs the --admin-token in X-Sandbox-Token",
    },
    {
      given: "on every interface, with a token made up",
      facts: { host: "0.0.0.0", adminToken: "abc123", tokenMadeUp: true },
      want: "AgentPhone sandbox ready at http://127.0.0.1:4010 (pid 42, bound to 0.0.0.0); /__sandbox needs X-Sandbox-Token: abc123",
    },
    {
      given: "on every IPv6 interface",
      facts: { url: "http://[::1]:4010", host: "::", adminToken: "abc123", tokenMadeUp: true },
      want: "AgentPhone sandbox ready at http://[::1]:4010 (pid 42, bound to ::); /__sandbox needs X-Sandbox-Token: abc123",
    },
    {
      given: "with --allow-private-images",
      facts: { allowPrivateImages: true },
      want: "AgentPhone sandbox ready at http://127.0.0.1:4010 (pid 42); /__sandbox needs no token (loopback only); --allow-private-images: images may come from loopback and private addresses, over http: too",
    },
  ];
  for (const { given, facts, want } of table) {
    it(`says where to connect and what the control surface needs ${given}`, () => {
      expect(readyLine({ ...loopback, ...facts })).toBe(want);
    });
  }
});
