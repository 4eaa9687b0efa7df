import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { crc32 } from "../../../mock/core/images/crc32.ts";
import { maxImageBytes } from "../../../mock/core/images/image.ts";
import { padPng } from "../../../mock/core/images/padded-png.ts";

const forest = readFileSync(
  new URL("../../../mock/core/images/catalogue/forest.png", import.meta.url),
);

interface Chunk {
  type: string;
  data: Buffer;
  crcMatches: boolean;
}

function chunks(png: Buffer): Chunk[] {
  const found: Chunk[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    const crc = png.readUInt32BE(offset + 8 + length);
    found.push({
      type: typeAndData.toString("latin1", 0, 4),
      data: typeAndData.subarray(4),
      crcMatches: crc32(typeAndData) === crc,
    });
    offset += 12 + length;
  }
  return found;
}

describe("padPng", () => {
  for (const size of [maxImageBytes, maxImageBytes + 1, forest.length + 20]) {
    it(`makes a PNG of exactly ${size} bytes`, () => {
      expect(padPng(forest, size).length).toBe(size);
    });
  }

  it("keeps the picture: the same chunks, plus one comment before IEND, every CRC right", () => {
    const padded = chunks(Buffer.from(padPng(forest, 100_000)));
    const original = chunks(forest);
    expect(padded.every((chunk) => chunk.crcMatches)).toBe(true);
    expect(padded.map((chunk) => chunk.type)).toEqual([
      ...original.slice(0, -1).map((chunk) => chunk.type),
      "tEXt",
      "IEND",
    ]);
    for (const [index, chunk] of original.slice(0, -1).entries()) {
      expect(padded[index]?.data.equals(chunk.data)).toBe(true);
    }
    expect(padded.at(-2)?.data.subarray(0, 8).toString("latin1")).toBe("Comment\0");
  });

  it("refuses a size smaller than the PNG and its comment", () => {
    expect(() => padPng(forest, forest.length + 19)).toThrow(/cannot be padded/);
  });

  it("refuses bytes that are not a PNG", () => {
    expect(() => padPng(Buffer.from("not a png at all, not even close"), 1000)).toThrow(
      /needs a PNG/,
    );
  });
});
