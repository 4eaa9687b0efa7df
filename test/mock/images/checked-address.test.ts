import { describe, expect, it } from "vitest";
import { checkedAddress, systemResolver } from "../../../mock/images/checked-address.ts";
import { publicAddress, rejectionOf, tableResolver } from "./support.ts";

const open = () => new AbortController().signal;
const v4 = (address: string) => ({ address, family: 4 as const });
const v6 = (address: string) => ({ address, family: 6 as const });

describe("checkedAddress", () => {
  it("takes the first address when every address is public", async () => {
    const resolve = tableResolver({ "a.example.com": [v6("2606:4700::1111"), v4(publicAddress)] });
    expect(await checkedAddress("a.example.com", resolve, open())).toEqual(v6("2606:4700::1111"));
  });

  const refused = [
    { given: [v4(publicAddress), v4("10.0.0.5")], named: "10.0.0.5: private" },
    { given: [v4("127.0.0.1")], named: "127.0.0.1: loopback" },
    {
      given: [v6("2606:4700::1111"), v6("fe80::1")],
      named: "fe80::1: link-local",
    },
    { given: [v4("garbage")], named: "garbage: not an IP address" },
  ];
  for (const { given, named } of refused) {
    it(`refuses a name that resolves to ${given.map((a) => a.address).join(" and ")}`, async () => {
      const resolve = tableResolver({ "a.example.com": given });
      expect(await rejectionOf(checkedAddress("a.example.com", resolve, open()))).toMatchObject({
        code: "IMAGE_ADDRESS_BLOCKED",
        message: `the host resolves to a non-public address (${named})`,
      });
    });
  }

  it("checks a literal without asking the resolver", async () => {
    const resolve = tableResolver({});
    expect(await checkedAddress("[2606:4700::1111]", resolve, open())).toEqual(
      v6("2606:4700::1111"),
    );
    expect(await rejectionOf(checkedAddress("[::1]", resolve, open()))).toMatchObject({
      message: "the host is a non-public address (::1: loopback)",
    });
    expect(resolve.asked).toEqual([]);
  });

  it("stops waiting for a resolver that never answers once the signal aborts", async () => {
    const controller = new AbortController();
    const checking = checkedAddress(
      "a.example.com",
      () => new Promise(() => {}),
      controller.signal,
    );
    const reason = new Error("deadline");
    controller.abort(reason);
    expect(await rejectionOf(checking)).toBe(reason);
  });

  it("uses the system resolver by default, which reads localhost from the hosts file", async () => {
    const found = await systemResolver("localhost");
    expect(found.length).toBeGreaterThan(0);
    for (const { address } of found) expect(["127.0.0.1", "::1"]).toContain(address);
  });
});

describe("checkedAddress with private addresses allowed", () => {
  const allowed = ["127.0.0.1", "10.0.0.5", "192.168.1.20", "172.16.0.9", "::1", "fd12:3456::1"];
  for (const address of allowed) {
    it(`takes ${address}, loopback or private, as a developer's own host`, async () => {
      const literal = address.includes(":") ? `[${address}]` : address;
      expect((await checkedAddress(literal, tableResolver({}), open(), true)).address).toBe(
        address,
      );
      const resolve = tableResolver({
        "dev.local": [address.includes(":") ? v6(address) : v4(address)],
      });
      expect((await checkedAddress("dev.local", resolve, open(), true)).address).toBe(address);
    });
  }

  const stillRefused = [
    { given: "169.254.169.254", named: "cloud metadata" },
    { given: "169.254.10.1", named: "link-local" },
    { given: "0.0.0.0", named: "unspecified" },
    { given: "[::ffff:127.0.0.1]", named: "IPv4-mapped 127.0.0.1, loopback" },
    { given: "100.64.0.1", named: "carrier-grade NAT" },
    { given: "224.0.0.1", named: "multicast" },
  ];
  for (const { given, named } of stillRefused) {
    it(`still refuses ${given} (${named})`, async () => {
      const error = await rejectionOf(checkedAddress(given, tableResolver({}), open(), true));
      expect(error).toMatchObject({
        code: "IMAGE_ADDRESS_BLOCKED",
        message: expect.stringContaining(named),
      });
    });
  }
});
