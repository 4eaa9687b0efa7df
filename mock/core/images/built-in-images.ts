import { catalogueFiles } from "./catalogue-data.ts";
import { fromBase64 } from "./from-base64.ts";
import { bytesResponse, type HostResponse, redirectResponse } from "./host-response.ts";
import { maxImageBytes } from "./image.ts";
import { padPng } from "./padded-png.ts";

/** One name on the built-in image host, with what the API does when it is sent. */
export interface BuiltInImage {
  /** The file name: `https://images.sandbox.test/<name>`. */
  name: string;
  /** One line for the README and `/__sandbox`. */
  description: string;
  /** `accepted (image/png)`, or the error code the API answers with. */
  outcome: string;
  /** Answers a request for it; `signal` ends a response that would never finish. */
  answer(signal: AbortSignal): HostResponse;
}

const files = new Map<string, Uint8Array>();
const generated = new Map<number, Uint8Array>();

/**
 * A file of the catalogue folder, decoded on first use (so starting the sandbox decodes
 * nothing no one asks for) and the same array every time after, so the loader recognises
 * it without sniffing or hashing it again.
 *
 * @example
 * catalogueFile("forest.png").length; // 407
 */
export function catalogueFile(name: string): Uint8Array {
  let bytes = files.get(name);
  if (!bytes) {
    const base64 = catalogueFiles[name];
    if (base64 === undefined) throw new Error(`the catalogue has no file ${name}`);
    bytes = fromBase64(base64);
    files.set(name, bytes);
  }
  return bytes;
}

// Ten MiB is too much to ship twice; the two boundary files are made on first use.
function forestOfSize(size: number): Uint8Array {
  let bytes = generated.get(size);
  if (!bytes) {
    bytes = padPng(catalogueFile("forest.png"), size);
    generated.set(size, bytes);
  }
  return bytes;
}

async function* stalled(first: Uint8Array, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  yield first;
  await new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

const served = (type: string, name: string) => () => bytesResponse(200, type, catalogueFile(name));

/** Every name the built-in image host answers, in the order the README lists them. */
export const builtInImages: readonly BuiltInImage[] = [
  {
    name: "forest.png",
    description: "A green PNG.",
    outcome: "accepted (image/png)",
    answer: served("image/png", "forest.png"),
  },
  {
    name: "ocean.png",
    description: "A blue PNG: different bytes from forest.png, so a new background.",
    outcome: "accepted (image/png)",
    answer: served("image/png", "ocean.png"),
  },
  {
    name: "same-as-forest.png",
    description: "The bytes of forest.png under another name: the same background.",
    outcome: "accepted (image/png)",
    answer: served("image/png", "forest.png"),
  },
  {
    name: "photo.jpg",
    description: "A JPEG.",
    outcome: "accepted (image/jpeg)",
    answer: served("image/jpeg", "photo.jpg"),
  },
  {
    name: "anim.gif",
    description: "An animated GIF of three frames.",
    outcome: "accepted (image/gif)",
    answer: served("image/gif", "anim.gif"),
  },
  {
    name: "photo.webp",
    description: "A lossy WebP.",
    outcome: "accepted (image/webp)",
    answer: served("image/webp", "photo.webp"),
  },
  {
    name: "photo.heic",
    description: "A HEIC (HEVC still image), as an iPhone takes.",
    outcome: "accepted (image/heic)",
    answer: served("image/heic", "photo.heic"),
  },
  {
    name: "wrong-content-type.png",
    description: "The bytes of ocean.png served as text/plain: the type comes from the bytes.",
    outcome: "accepted (image/png)",
    answer: served("text/plain", "ocean.png"),
  },
  {
    name: "exactly-10mib.png",
    description: "A valid PNG of exactly 10 485 760 bytes, the most allowed.",
    outcome: "accepted (image/png)",
    answer: () => bytesResponse(200, "image/png", forestOfSize(maxImageBytes)),
  },
  {
    name: "too-large.png",
    description: "A valid PNG of 10 485 761 bytes, one too many.",
    outcome: "IMAGE_TOO_LARGE",
    answer: () => bytesResponse(200, "image/png", forestOfSize(maxImageBytes + 1)),
  },
  {
    name: "bitmap.bmp",
    description: "A BMP: a real image of a type iMessage does not take.",
    outcome: "UNSUPPORTED_IMAGE_TYPE",
    answer: served("image/bmp", "bitmap.bmp"),
  },
  {
    name: "not-an-image.png",
    description: "A text file named .png and served as image/png.",
    outcome: "UNSUPPORTED_IMAGE_TYPE",
    answer: served("image/png", "not-an-image.png"),
  },
  {
    name: "missing.png",
    description: "Answers HTTP 404, as does any name not listed here.",
    outcome: "IMAGE_FETCH_FAILED",
    answer: () => bytesResponse(404, "text/plain", new TextEncoder().encode("not found\n")),
  },
  {
    name: "slow.png",
    description: "Sends the first bytes of a PNG, then nothing until the deadline passes.",
    outcome: "IMAGE_FETCH_TIMEOUT",
    answer: (signal) => ({
      status: 200,
      headers: { "content-type": "image/png" },
      body: stalled(catalogueFile("forest.png").subarray(0, 64), signal),
      close: () => {},
    }),
  },
  {
    name: "redirect-forest.png",
    description: "A 302 to forest.png (a relative Location).",
    outcome: "accepted (image/png)",
    answer: () => redirectResponse(302, "forest.png"),
  },
  {
    name: "redirect-private.png",
    description: "A 302 to https://10.0.0.5/x.png, a private address.",
    outcome: "IMAGE_ADDRESS_BLOCKED",
    answer: () => redirectResponse(302, "https://10.0.0.5/x.png"),
  },
  {
    name: "redirect-metadata.png",
    description: "A 307 to the cloud metadata service, https://169.254.169.254/.",
    outcome: "IMAGE_ADDRESS_BLOCKED",
    answer: () => redirectResponse(307, "https://169.254.169.254/latest/meta-data/"),
  },
  {
    name: "redirect-loop.png",
    description: "A 302 to itself, for ever: refused after 3 redirects.",
    outcome: "IMAGE_FETCH_FAILED",
    answer: () => redirectResponse(302, "/redirect-loop.png"),
  },
];
