import { describe, expect, it } from "vitest";
import { maxImageBytes } from "../../../mock/core/images/image.ts";
import { padPng, pngChunk } from "../../../mock/core/images/padded-png.ts";
import {
  maxFtypBytes,
  sniffImage,
  sniffWindowBytes,
} from "../../../mock/core/images/sniff-image.ts";
import { catalogueFile, rejectionOf } from "./support.ts";

/**
 * A file of `fileSize` bytes that starts with an `ftyp` box declaring `declaredSize`,
 * major brand `major`, then `fill` repeated as compatible brands, with `last` as the final
 * brand the file holds (or the box would hold, when it fits).
 */
function ftyp(options: {
  major: string;
  declaredSize: number;
  fileSize: number;
  fill?: string;
  last?: string;
}): Buffer {
  const { major, declaredSize, fileSize, fill = "mif1", last = "heic" } = options;
  const bytes = Buffer.alloc(fileSize);
  bytes.writeUInt32BE(declaredSize, 0);
  bytes.write(`ftyp${major}`, 4, "latin1");
  const end = declaredSize >= 16 ? Math.min(declaredSize, fileSize) : fileSize;
  for (let offset = 16; offset + 4 <= end; offset += 4) bytes.write(fill, offset, "latin1");
  bytes.write(last, end - 4, "latin1");
  return bytes;
}

const forest = catalogueFile("forest.png");

describe("sniffImage given a hostile ftyp box", () => {
  const refused = [
    {
      given: "a 10 MiB file whose ftyp declares 0xFFFFFFFF bytes of mif1 and ends in heic",
      bytes: ftyp({ major: "mif1", declaredSize: 0xffffffff, fileSize: maxImageBytes }),
      found: "image/heif with a malformed ftyp box",
    },
    {
      given: "the same header with the major brand heic",
      bytes: ftyp({ major: "heic", declaredSize: 0xffffffff, fileSize: maxImageBytes }),
      found: "image/heic with a malformed ftyp box",
    },
    {
      given: "an ftyp box larger than the file",
      bytes: ftyp({ major: "mif1", declaredSize: 64, fileSize: 40 }),
      found: "image/heif with a malformed ftyp box",
    },
    {
      given: `an ftyp box of ${maxFtypBytes + 4} bytes, over the cap`,
      bytes: ftyp({ major: "mif1", declaredSize: maxFtypBytes + 4, fileSize: 2 * maxFtypBytes }),
      found: "image/heif with a malformed ftyp box",
    },
    {
      given: "an ftyp box whose size is not a multiple of 4",
      bytes: ftyp({ major: "mif1", declaredSize: 30, fileSize: 64 }),
      found: "image/heif with a malformed ftyp box",
    },
    {
      given: "an ftyp box that declares 0 bytes (to the end of the file)",
      bytes: ftyp({ major: "heic", declaredSize: 0, fileSize: 64 }),
      found: "image/heic with a malformed ftyp box",
    },
  ];
  for (const { given, bytes, found } of refused) {
    it(`refuses ${given}`, async () => {
      expect(await rejectionOf(sniffImage(bytes))).toMatchObject({
        code: "UNSUPPORTED_IMAGE_TYPE",
        message: `the file is not a JPEG, PNG, GIF, WebP or HEIC image (found ${found})`,
      });
    });
  }

  it(`still takes a HEIC whose ftyp box is exactly ${maxFtypBytes} bytes`, async () => {
    const bytes = ftyp({ major: "mif1", declaredSize: maxFtypBytes, fileSize: 2 * maxFtypBytes });
    expect(await sniffImage(bytes)).toEqual({ contentType: "image/heic", extension: "heic" });
  });

  it("still takes the catalogue's photo.heic", async () => {
    expect(await sniffImage(catalogueFile("photo.heic"))).toEqual({
      contentType: "image/heic",
      extension: "heic",
    });
  });
});

describe("sniffImage given an image whose first bytes say one thing and the rest another", () => {
  // Hostile content past the window: an ID3 tag, a zip header, an ftyp box, a PNG signature.
  const junk = Buffer.concat([
    Buffer.from("ID3\x04\x00\x00\x7f\x7f\x7f\x7f", "latin1"),
    Buffer.from("504b0304", "hex"),
    ftyp({ major: "mif1", declaredSize: 0xffffffff, fileSize: 64 }),
    forest.subarray(0, 8),
  ]);
  const beyondWindow = (head: Buffer) =>
    Buffer.concat([head, Buffer.alloc(sniffWindowBytes), junk, Buffer.alloc(1024, 0xff)]);

  const kept = [
    { given: "a 10 MiB PNG", bytes: padPng(forest, maxImageBytes), want: "image/png" },
    { given: "a PNG followed by junk", bytes: beyondWindow(forest), want: "image/png" },
    {
      given: "an animated PNG whose acTL comes after a chunk longer than the window",
      // Signature and IHDR, a comment longer than the window, then acTL (one frame, looping).
      bytes: Buffer.concat([
        forest.subarray(0, 33),
        pngChunk("tEXt", Buffer.alloc(sniffWindowBytes, " ")),
        pngChunk("acTL", Buffer.from("0000000100000000", "hex")),
        forest.subarray(33),
      ]),
      want: "image/png",
    },
    {
      given: "a JPEG followed by junk",
      bytes: beyondWindow(catalogueFile("photo.jpg")),
      want: "image/jpeg",
    },
    {
      given: "a GIF followed by junk",
      bytes: beyondWindow(catalogueFile("anim.gif")),
      want: "image/gif",
    },
    {
      given: "a WebP followed by junk",
      bytes: beyondWindow(catalogueFile("photo.webp")),
      want: "image/webp",
    },
    {
      given: "a HEIC followed by junk",
      bytes: beyondWindow(catalogueFile("photo.heic")),
      want: "image/heic",
    },
  ];
  for (const { given, bytes, want } of kept) {
    it(`takes ${given} as ${want}`, async () => {
      expect((await sniffImage(bytes)).contentType).toBe(want);
    });
  }

  const refused = [
    {
      given: "a BMP followed by junk",
      bytes: beyondWindow(catalogueFile("bitmap.bmp")),
      found: "image/bmp",
    },
    {
      given: "text followed by junk",
      bytes: beyondWindow(catalogueFile("not-an-image.png")),
      found: "no known image type",
    },
    {
      given: "a PNG behind an ID3 tag",
      bytes: Buffer.concat([
        Buffer.from("ID3\x04\x00\x00\x00\x00\x00\x14", "latin1"),
        junk.subarray(0, 20),
        forest,
      ]),
      found: "image/png, but not at the start of the file",
    },
  ];
  for (const { given, bytes, found } of refused) {
    it(`refuses ${given}`, async () => {
      expect(await rejectionOf(sniffImage(bytes))).toMatchObject({
        code: "UNSUPPORTED_IMAGE_TYPE",
        message: `the file is not a JPEG, PNG, GIF, WebP or HEIC image (found ${found})`,
      });
    });
  }
});
