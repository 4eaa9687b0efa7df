import { describe, expect, it } from "vitest";
import { crc32 } from "../../../mock/core/images/crc32.ts";

describe("crc32", () => {
  const known = [
    { given: "", want: 0 },
    // The check value every CRC-32 (ISO 3309) implementation publishes.
    { given: "123456789", want: 0xcbf43926 },
    // The CRC every PNG's last chunk carries.
    { given: "IEND", want: 0xae426082 },
    { given: "The quick brown fox jumps over the lazy dog", want: 0x414fa339 },
  ];
  for (const { given, want } of known) {
    it(`gives ${want.toString(16)} for "${given}"`, () => {
      expect(crc32(Buffer.from(given, "latin1"))).toBe(want);
    });
  }

  it("continues over several buffers as over their concatenation", () => {
    const whole = crc32(Buffer.from("123456789"));
    expect(crc32(Buffer.from("6789"), crc32(Buffer.from("12345")))).toBe(whole);
  });
});
