import { crc32 } from "./crc32.ts";

const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const iend = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
const keyword = "Comment\0";
// Length, type and CRC around a chunk's data.
const chunkOverhead = 12;

// PNG chunk types and the tEXt keyword are Latin-1: one byte a character.
function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((byte, index) => bytes[at + index] === byte);
}

/**
 * One PNG chunk: length, type and data, then the CRC of type and data.
 *
 * @example
 * pngChunk("IEND", new Uint8Array()).length; // 12
 */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(data.length + chunkOverhead);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(latin1(type), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

/**
 * A copy of the PNG `png` grown to exactly `size` bytes by a `tEXt` comment before its
 * `IEND`: still a valid PNG that shows the same picture.
 *
 * @example
 * padPng(forest, 10 * 1024 * 1024).length; // 10485760
 */
export function padPng(png: Uint8Array, size: number): Uint8Array {
  if (!startsWith(png, signature) || !startsWith(png, iend, png.length - iend.length)) {
    throw new Error("padPng needs a PNG that ends with its IEND chunk");
  }
  const fill = size - png.length - chunkOverhead - keyword.length;
  if (fill < 0) throw new Error(`a PNG of ${png.length} bytes cannot be padded to ${size}`);
  const text = new Uint8Array(keyword.length + fill).fill(0x20);
  text.set(latin1(keyword));
  const padded = new Uint8Array(size);
  const body = png.subarray(0, -iend.length);
  padded.set(body);
  padded.set(pngChunk("tEXt", text), body.length);
  padded.set(iend, size - iend.length);
  return padded;
}
