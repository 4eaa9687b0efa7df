import { describe, expect, it } from "vitest";
import {
  blockedRange,
  isPublicAddress,
  parseHostAsIp,
} from "../../../mock/images/address-guard.ts";

const blocked = [
  { given: "127.0.0.1", want: "loopback" },
  { given: "127.255.255.254", want: "loopback" },
  { given: "10.0.0.5", want: "private" },
  { given: "172.16.0.1", want: "private" },
  { given: "172.31.255.255", want: "private" },
  { given: "192.168.1.1", want: "private" },
  { given: "169.254.169.254", want: "cloud metadata" },
  { given: "169.254.0.1", want: "link-local" },
  { given: "100.64.0.1", want: "carrier-grade NAT" },
  { given: "100.100.100.200", want: "carrier-grade NAT" },
  { given: "192.0.0.192", want: "IETF protocol assignments" },
  { given: "0.0.0.0", want: "unspecified" },
  { given: "0.1.2.3", want: "unspecified" },
  { given: "224.0.0.1", want: "multicast" },
  { given: "239.255.255.250", want: "multicast" },
  { given: "255.255.255.255", want: "broadcast" },
  { given: "240.0.0.1", want: "reserved" },
  { given: "198.18.0.1", want: "benchmarking" },
  { given: "198.19.255.255", want: "benchmarking" },
  { given: "192.0.2.1", want: "documentation" },
  { given: "198.51.100.7", want: "documentation" },
  { given: "203.0.113.9", want: "documentation" },
  { given: "192.88.99.1", want: "6to4 relay anycast" },
  { given: "::1", want: "loopback" },
  { given: "::", want: "unspecified" },
  { given: "fe80::1", want: "link-local" },
  { given: "febf::1", want: "link-local" },
  { given: "fec0::1", want: "site-local" },
  { given: "fc00::1", want: "unique local" },
  { given: "fd12:3456::1", want: "unique local" },
  { given: "fd00:ec2::254", want: "cloud metadata" },
  { given: "ff02::1", want: "multicast" },
  { given: "2001:db8::1", want: "documentation" },
  { given: "3fff::1", want: "documentation" },
  { given: "100::1", want: "discard-only" },
  { given: "2001:2::1", want: "IETF protocol assignments" },
  { given: "64:ff9b:1::a00:5", want: "local-use NAT64" },
  { given: "4000::1", want: "reserved" },
  { given: "::ffff:127.0.0.1", want: "IPv4-mapped 127.0.0.1, loopback" },
  { given: "::ffff:7f00:1", want: "IPv4-mapped 127.0.0.1, loopback" },
  { given: "0:0:0:0:0:ffff:a9fe:a9fe", want: "IPv4-mapped 169.254.169.254, cloud metadata" },
  { given: "::ffff:10.0.0.5", want: "IPv4-mapped 10.0.0.5, private" },
  { given: "::ffff:8.8.8.8", want: "IPv4-mapped 8.8.8.8" },
  { given: "::808:808", want: "IPv4-compatible 8.8.8.8" },
  { given: "::ffff:0:10.0.0.5", want: "IPv4-translated 10.0.0.5, private" },
  { given: "::7f00:1", want: "IPv4-compatible 127.0.0.1, loopback" },
  { given: "::c0a8:101", want: "IPv4-compatible 192.168.1.1, private" },
  { given: "64:ff9b::a00:5", want: "NAT64 10.0.0.5, private" },
  { given: "64:ff9b::127.0.0.1", want: "NAT64 127.0.0.1, loopback" },
  { given: "2002:a00:5::1", want: "6to4 10.0.0.5, private" },
  { given: "2002:7f00:1::", want: "6to4 127.0.0.1, loopback" },
  { given: "2002:a9fe:a9fe::1", want: "6to4 169.254.169.254, cloud metadata" },
  // Teredo: server 10.0.0.5; then client 127.0.0.1 stored with its bits flipped.
  { given: "2001:0:a00:5::", want: "Teredo server 10.0.0.5, private" },
  { given: "2001:0:808:808::80ff:fffe", want: "Teredo client 127.0.0.1, loopback" },
  { given: "fe80::1%eth0", want: "scoped to an interface" },
  { given: "", want: "not an IP address" },
  { given: "localhost", want: "not an IP address" },
  { given: "images.sandbox.test", want: "not an IP address" },
  { given: "0x7f.1", want: "not an IP address" },
  { given: "2130706433", want: "not an IP address" },
  { given: "127.1", want: "not an IP address" },
  { given: "1.2.3.4.5", want: "not an IP address" },
  { given: "[::1]", want: "not an IP address" },
];

const open = [
  "8.8.8.8",
  "1.1.1.1",
  "93.184.215.14",
  "100.63.255.255",
  "100.128.0.0",
  "172.15.255.255",
  "172.32.0.0",
  "192.167.255.255",
  "198.17.255.255",
  "198.20.0.0",
  "223.255.255.254",
  "2606:4700::1111",
  "2001:4860:4860::8888",
  "2a00:1450:4001:80b::200e",
  "64:ff9b::808:808",
  "2002:808:808::1",
  "2001:0:808:808::f7f7:f7f7",
];

describe("blockedRange", () => {
  for (const { given, want } of blocked) {
    it(`refuses ${given || "an empty string"} as ${want}`, () => {
      expect(blockedRange(given)).toBe(want);
      expect(isPublicAddress(given)).toBe(false);
    });
  }

  for (const address of open) {
    it(`lets the public address ${address} through`, () => {
      expect(blockedRange(address)).toBeNull();
      expect(isPublicAddress(address)).toBe(true);
    });
  }
});

describe("parseHostAsIp", () => {
  // What a URL's hostname holds after the WHATWG parser, for the spellings people try.
  const spellings = [
    { given: "https://0x7f.1/", want: { address: "127.0.0.1", family: 4 } },
    { given: "https://2130706433/", want: { address: "127.0.0.1", family: 4 } },
    { given: "https://0177.0.0.1/", want: { address: "127.0.0.1", family: 4 } },
    { given: "https://127.1/", want: { address: "127.0.0.1", family: 4 } },
    { given: "https://0x0a.0.0.5/", want: { address: "10.0.0.5", family: 4 } },
    { given: "https://0251.0376.0251.0376/", want: { address: "169.254.169.254", family: 4 } },
    { given: "https://[::1]:8443/", want: { address: "::1", family: 6 } },
    { given: "https://[0:0:0:0:0:0:0:1]/", want: { address: "::1", family: 6 } },
    { given: "https://[::ffff:127.0.0.1]/", want: { address: "::ffff:7f00:1", family: 6 } },
    { given: "https://[2606:4700:0::1111]/", want: { address: "2606:4700::1111", family: 6 } },
    { given: "https://8.8.8.8/", want: { address: "8.8.8.8", family: 4 } },
  ];
  for (const { given, want } of spellings) {
    it(`reads the host of ${given} as ${want.address}`, () => {
      expect(parseHostAsIp(new URL(given).hostname)).toEqual(want);
    });
  }

  const raw = [
    { given: "0x7f.1", want: "127.0.0.1" },
    { given: "017700000001", want: "127.0.0.1" },
    { given: "::1", want: "::1" },
  ];
  for (const { given, want } of raw) {
    it(`reads the bare host ${given} as ${want}, as a URL would`, () => {
      expect(parseHostAsIp(given)?.address).toBe(want);
    });
  }

  for (const name of [
    "images.sandbox.test",
    "localhost",
    "example.com",
    "1.2.3.4.example",
    "[nope]",
  ]) {
    it(`says ${name} is a name, not an address`, () => {
      expect(parseHostAsIp(name)).toBeNull();
    });
  }
});
