import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { crc32 } from "../../../mock/core/images/crc32.ts";
import { ImageError } from "../../../mock/core/images/image.ts";
import { sniffImage } from "../../../mock/core/images/sniff-image.ts";

const catalogue = new URL("../../../mock/core/images/catalogue/", import.meta.url);
const file = (name: string) => readFileSync(new URL(name, catalogue));

// An ISO-BMFF file type box: major brand, minor version 0, compatible brands.
function ftyp(major: string, compatible: string[]): Buffer {
  const size = 16 + 4 * compatible.length;
  const head = Buffer.alloc(16);
  head.writeUInt32BE(size, 0);
  head.write(`ftyp${major}`, 4, "latin1");
  return Buffer.concat([head, Buffer.from(compatible.join(""), "latin1"), Buffer.alloc(32)]);
}

describe("sniffImage", () => {
  const accepted = [
    { given: "forest.png", want: { contentType: "image/png", extension: "png" } },
    { given: "ocean.png", want: { contentType: "image/png", extension: "png" } },
    { given: "photo.jpg", want: { contentType: "image/jpeg", extension: "jpg" } },
    { given: "anim.gif", want: { contentType: "image/gif", extension: "gif" } },
    { given: "photo.webp", want: { contentType: "image/webp", extension: "webp" } },
    { given: "photo.heic", want: { contentType: "image/heic", extension: "heic" } },
  ];
  for (const { given, want } of accepted) {
    it(`recognises the catalogue's ${given} as ${want.contentType}`, async () => {
      expect(await sniffImage(file(given))).toEqual(want);
    });
  }

  const heif = [
    { given: "a HEIF branded mif1 that holds HEVC", bytes: ftyp("mif1", ["mif1", "heic"]) },
    { given: "a HEIC branded heix (10-bit)", bytes: ftyp("heix", ["mif1", "heix"]) },
  ];
  for (const { given, bytes } of heif) {
    it(`takes ${given} as image/heic`, async () => {
      expect((await sniffImage(bytes)).contentType).toBe("image/heic");
    });
  }

  it("takes an animated PNG as image/png", async () => {
    const png = file("forest.png");
    // An acTL chunk (one frame, looping for ever) right after IHDR makes a PNG animated.
    const body = Buffer.from("6163544c0000000100000000", "hex");
    const actl = Buffer.concat([Buffer.from([0, 0, 0, 8]), body, Buffer.alloc(4)]);
    actl.writeUInt32BE(crc32(body), 16);
    const apng = Buffer.concat([png.subarray(0, 33), actl, png.subarray(33)]);
    expect(await sniffImage(apng)).toEqual({ contentType: "image/png", extension: "png" });
  });

  const refused = [
    { given: "the catalogue's bitmap.bmp", bytes: file("bitmap.bmp"), found: "image/bmp" },
    {
      given: "the catalogue's not-an-image.png",
      bytes: file("not-an-image.png"),
      found: "no known image type",
    },
    { given: "no bytes at all", bytes: Buffer.alloc(0), found: "no known image type" },
    {
      given: "a PDF",
      bytes: Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"),
      found: "application/pdf",
    },
    { given: "an AVIF", bytes: ftyp("avif", ["avif", "mif1", "miaf"]), found: "image/avif" },
    {
      given: "an AV1 image branded mif1",
      bytes: ftyp("mif1", ["mif1", "avif", "miaf"]),
      found: "image/heif",
    },
    {
      given: "a HEIF of JPEG tiles branded mif1",
      bytes: ftyp("mif1", ["mif1", "jpeg"]),
      found: "image/heif",
    },
    {
      given: "a HEIC image sequence",
      bytes: ftyp("hevc", ["msf1", "hevc"]),
      found: "image/heic-sequence",
    },
    { given: "an MP4 video", bytes: ftyp("isom", ["isom", "mp41"]), found: "video/mp4" },
  ];
  for (const { given, bytes, found } of refused) {
    it(`refuses ${given}, naming what it found`, async () => {
      const error = await sniffImage(bytes).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImageError);
      expect(error).toMatchObject({
        code: "UNSUPPORTED_IMAGE_TYPE",
        detailType: "unsupported_type",
        message: `the file is not a JPEG, PNG, GIF, WebP or HEIC image (found ${found})`,
      });
    });
  }
});
