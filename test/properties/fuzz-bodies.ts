import fc from "fast-check";

/** A body, described rather than rendered so that a counterexample stays readable. */
export type BodySpec =
  | { kind: "none" }
  /** An object written key by key: duplicate keys and `__proto__` reach the server as sent. */
  | { kind: "object"; entries: Array<[string, unknown]> }
  | { kind: "json"; value: unknown }
  | { kind: "text"; text: string }
  | { kind: "bytes"; bytes: number[] }
  | { kind: "deep"; depth: number; shape: "array" | "object" | "in-image-url" | "beside-image-url" }
  | { kind: "huge"; length: number; at: "image_url" | "padding" | "string" | "not-json" };

/** The fuzz loader's images, at https://img.test/<name>: bytes, a refusal, or a 404. */
export const fuzzImages = {
  "forest.png": { bytes: "forest" },
  "ocean.png": { bytes: "ocean" },
  "same-as-forest.png": { bytes: "forest" },
  "too-large.png": { fails: "IMAGE_TOO_LARGE" },
  "not-an-image.png": { fails: "UNSUPPORTED_IMAGE_TYPE" },
  "missing.png": { fails: "IMAGE_FETCH_FAILED" },
} as const satisfies Record<string, { bytes: string } | { fails: string }>;

/** A URL the fuzz loader answers, by image name. */
export const imageUrl = (name: keyof typeof fuzzImages) => `https://img.test/${name}`;
const validUrls = Object.keys(fuzzImages).map((name) => imageUrl(name as keyof typeof fuzzImages));
const forest = imageUrl("forest.png");

// Near misses of a good URL: other schemes, credentials, spaces, NUL, no host, odd case.
const oddUrls = [
  "http://img.test/forest.png",
  "ftp://img.test/forest.png",
  "//img.test/forest.png",
  "https://",
  "https://user:pw@img.test/forest.png",
  "https://[::1",
  "https://img.test/forest.png\u0000",
  "HTTPS://img.test/forest.png",
  " https://img.test/forest.png",
  "javascript:alert(1)",
  "data:image/png;base64,iVBORw0KGgo=",
  "file:///etc/passwd",
  "https://169.254.169.254/",
  "https://img.test/\u{1F332}.png",
  "https://img.test/forest.png#x",
  "https://a b/forest.png",
  "https://img.test:99999/forest.png",
  "https://img.test/%E0%A4%A",
  "https:/img.test/forest.png",
];

/** A value for `image_url`: usually one the loader knows, else anything JSON can hold. */
export const imageUrlValueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...validUrls) },
  { weight: 3, arbitrary: fc.constantFrom(...oddUrls) },
  { weight: 1, arbitrary: fc.webUrl() },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme" }).map((s) => `https://${s}`) },
  { weight: 1, arbitrary: fc.string({ unit: "binary" }) },
  // Around the 2048-character limit.
  {
    weight: 1,
    arbitrary: fc.integer({ min: 2040, max: 2056 }).map((n) => `${forest}?${"a".repeat(n - 27)}`),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const oddKeys = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"];
const extraKeyArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...oddKeys, "IMAGE_URL", "imageUrl", "image_url ", "") },
  { weight: 1, arbitrary: fc.constant("image_url") },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme" }) },
);
const extraValueArb = fc.oneof(
  fc.constant({ image_url: forest }),
  fc.constant({ prototype: { image_url: forest, polluted: "yes" } }),
  fc.constant({ polluted: "yes" }),
  fc.jsonValue({ maxDepth: 3 }),
);
const extraEntriesArb = fc.array(fc.tuple(extraKeyArb, extraValueArb), { maxLength: 2 });

/** An object body: usually an `image_url`, with extra keys (pollution keys among them) around it. */
export const objectBodyArb: fc.Arbitrary<BodySpec> = fc
  .tuple(
    extraEntriesArb,
    fc.option(fc.tuple(fc.constant("image_url"), imageUrlValueArb), { freq: 6, nil: undefined }),
    extraEntriesArb,
  )
  .map(([before, url, after]) => ({
    kind: "object" as const,
    entries: [...before, ...(url ? [url] : []), ...after],
  }));

// Not JSON, JSON of the wrong shape, or JSON only in disguise (an escape, a byte order mark).
const texts = [
  "image_url=https://img.test/forest.png",
  "{",
  '{"image_url": ',
  "NaN",
  "undefined",
  "{'image_url': 'https://img.test/forest.png'}",
  '{"image_url": "https://img.test/forest.png",}',
  "",
  " ",
  '\uFEFF{"image_url":"https://img.test/forest.png"}',
  '{"image_url":"\\u0068ttps://img.test/forest.png"}',
  '{"image_url":"\\ud800"}',
  '{"image_url":"https://img.test/forest.png"}garbage',
  '{"image_url":"https://img.test/forest.png"}{"image_url":"https://img.test/ocean.png"}',
  '--x\r\nContent-Disposition: form-data; name="image_url"\r\n\r\nhttps://img.test/forest.png\r\n--x--',
];

/** Any body: objects, every JSON type, text, bytes, deep nesting, a few hundred KB. */
export const bodyArb: fc.Arbitrary<BodySpec> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 12, arbitrary: objectBodyArb },
  {
    weight: 2,
    arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: "json" as const, value })),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...texts).map((text) => ({ kind: "text" as const, text })),
  },
  {
    weight: 1,
    arbitrary: fc.string({ unit: "binary" }).map((text) => ({ kind: "text" as const, text })),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 })
      .map((bytes) => ({ kind: "bytes" as const, bytes })),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("deep" as const),
      depth: fc.integer({ min: 1, max: 6000 }),
      shape: fc.constantFrom("array", "object", "in-image-url", "beside-image-url"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("huge" as const),
      // Either side of the 16 KiB body limit, or a few hundred KB.
      length: fc.oneof(
        fc.integer({ min: 16_300, max: 16_400 }),
        fc.integer({ min: 100_000, max: 400_000 }),
      ),
      at: fc.constantFrom("image_url", "padding", "string", "not-json"),
    }),
  },
);

/** A body a client would send: `{"image_url": <a URL the loader knows>}`, sometimes with extras. */
export const goodBodyArb: fc.Arbitrary<BodySpec> = fc
  .tuple(
    // The three good images four times as often as each refused one.
    fc.constantFrom(...validUrls.flatMap((url, i) => (i < 3 ? [url, url, url, url] : [url]))),
    fc.option(extraEntriesArb, { freq: 4, nil: [] }),
  )
  .map(([url, extra]) => ({ kind: "object" as const, entries: [["image_url", url], ...extra] }));

/** The bytes a {@link BodySpec} stands for, before any Content-Encoding. */
export function renderBody(body: BodySpec): Buffer | undefined {
  switch (body.kind) {
    case "none":
      return undefined;
    case "object": {
      const members = body.entries.map(
        ([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`,
      );
      return Buffer.from(`{${members.join(",")}}`);
    }
    case "json":
      return Buffer.from(JSON.stringify(body.value));
    case "text":
      return Buffer.from(body.text);
    case "bytes":
      return Buffer.from(body.bytes);
    case "deep":
      return Buffer.from(deep(body.depth, body.shape));
    case "huge":
      return Buffer.from(huge(body.length, body.at));
  }
}

function deep(depth: number, shape: Extract<BodySpec, { kind: "deep" }>["shape"]): string {
  const arrays = "[".repeat(depth) + "]".repeat(depth);
  switch (shape) {
    case "array":
      return arrays;
    case "object":
      return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    case "in-image-url":
      return `{"image_url":${arrays}}`;
    case "beside-image-url":
      return `{"image_url":${JSON.stringify(forest)},"deep":${arrays}}`;
  }
}

function huge(length: number, at: Extract<BodySpec, { kind: "huge" }>["at"]): string {
  switch (at) {
    case "image_url":
      return JSON.stringify({ image_url: `${forest}?${"a".repeat(length)}` });
    case "padding":
      return JSON.stringify({ image_url: forest, padding: "p".repeat(length) });
    case "string":
      return JSON.stringify("s".repeat(length));
    case "not-json":
      return "x".repeat(length);
  }
}
