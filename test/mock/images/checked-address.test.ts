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
