import { crc32 } from "./crc32.ts";

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const iend = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
const keyword = Buffer.from("Comment\0", "latin1");
// Length, type and CRC around a chunk's data.
const chunkOverhead = 12;

/** One PNG chunk: length, type, data and CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A copy of the PNG `png` grown to exactly `size` bytes by a `tEXt` comment before its
 * `IEND`: still a valid PNG that shows the same picture.
 *
 * @example
 * padPng(forest, 10 * 1024 * 1024).length; // 10485760
 */
export function padPng(png: Buffer, size: number): Buffer {
  if (!png.subarray(0, 8).equals(signature) || !png.subarray(-12).equals(iend)) {
    throw new Error("padPng needs a PNG that ends with its IEND chunk");
  }
  const fill = size - png.length - chunkOverhead - keyword.length;
  if (fill < 0) throw new Error(`a PNG of ${png.length} bytes cannot be padded to ${size}`);
  const text = Buffer.concat([keyword, Buffer.alloc(fill, " ")]);
  return Buffer.concat([png.subarray(0, -12), pngChunk("tEXt", text), iend]);
}
