// Runs in every host (a browser has no zlib), and Node's zlib.crc32 arrived only in 22.2.
const table = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/**
 * The CRC-32 (ISO 3309, as PNG and zip use it) of `bytes`; pass the previous result to
 * continue over several buffers.
 *
 * @example
 * crc32(new TextEncoder().encode("IEND")); // 0xae426082
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let crc = ~previous >>> 0;
  for (const byte of bytes) crc = (table[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return ~crc >>> 0;
}
