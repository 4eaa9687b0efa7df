import fc from "fast-check";
import { seededIds } from "./seeded-sandbox.ts";

/** Where a request goes: the background route (with an odd id, say) or somewhere else. */
export type TargetSpec =
  /** `/v1/conversations/{segment}/background{suffix}`; `upperCase` shouts the fixed parts. */
  | { kind: "route"; segment: string; suffix: string; upperCase: boolean }
  | { kind: "other"; path: string };

/** The request target as sent on the wire. */
export function targetText(target: TargetSpec): string {
  if (target.kind === "other") return target.path;
  const [v1, conversations, background] = target.upperCase
    ? ["V1", "CONVERSATIONS", "BACKGROUND"]
    : ["v1", "conversations", "background"];
  return `/${v1}/${conversations}/${target.segment}/${background}${target.suffix}`;
}

/** The conversation id the route's segment decodes to; undefined when it cannot be decoded. */
export function decodedId(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

const percentEncodeAll = (text: string) =>
  [...Buffer.from(text, "utf8")].map((b) => `%${b.toString(16).toUpperCase()}`).join("");

// Dot segments, NUL, malformed and overlong escapes, an encoded slash, sub-delimiters.
const oddSegments = [
  "..",
  ".",
  "%2e%2e",
  "%2E",
  "%00",
  "conv_imessage%00",
  "%E0%A4%A",
  "%",
  "%zz",
  "%2F",
  "conv_imessage%2Fx",
  "conv_imessage%20",
  "%20",
  "CONV_IMESSAGE",
  "conv_imessage;x=1",
  "conv_imessage.json",
  "%25",
  "~",
  "conv_imessage%",
  "%C0%AF",
  "%ED%A0%80",
  "%F0%9F%8C%B2",
  "conv_bob%2F..%2Fconv_imessage",
  "%u0063onv_imessage",
  "conv_imessage%09",
  "%EF%BB%BFconv_imessage",
];

/** A path segment for the conversation id: mostly seeded ids, often something odd. */
export const segmentArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 14, arbitrary: fc.constantFrom(...seededIds) },
  { weight: 2, arbitrary: fc.constantFrom(...seededIds).map(percentEncodeAll) },
  { weight: 3, arbitrary: fc.constantFrom(...oddSegments) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1 }).map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1 }).map(percentEncodeAll) },
  { weight: 1, arbitrary: fc.integer({ min: 256, max: 6000 }).map((n) => "c".repeat(n)) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.~!$&'()*+,;=:@-]{1,40}$/) },
);

// Paths no route claims: near misses of the real one, dot segments, the control surface.
const otherPaths = [
  "/",
  "/v1",
  "/v1/conversations",
  "/v1/conversations/",
  "/v1/conversations//background",
  "/v1/conversations/conv_imessage",
  "/v1/conversations/conv_imessage/",
  "/v1/conversations/conv_imessage/background/extra",
  "/v1/conversations/a/b/background",
  "/v1/conversations/conv_imessage/backgrounds",
  "/v1/conversations/conv_imessage//background",
  "/v1//conversations/conv_imessage/background",
  "/v2/conversations/conv_imessage/background",
  "/v1/conversations/conv_imessage/background/..",
  "/__sandbox",
  "/__sandbox/nope",
  "*",
  "/__sandbox/../v1/conversations/conv_imessage/background",
  "/favicon.ico",
  "/openapi.yml",
  "/v1/conversations/conv_imessage/background%2F",
  "/v1/conversations/conv_imessage%2Fbackground",
];

const suffixes = [
  "",
  "",
  "",
  "",
  "",
  "/",
  "?x=1",
  "?image_url=https://img.test/ocean.png",
  "#frag",
];

/** A request target: nine in ten on the background route. */
export const targetArb: fc.Arbitrary<TargetSpec> = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.record({
      kind: fc.constant("route" as const),
      segment: segmentArb,
      suffix: fc.constantFrom(...suffixes),
      upperCase: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.constantFrom(...otherPaths),
        fc.tuple(segmentArb, segmentArb).map(([a, b]) => `/v1/conversations/${a}/background/${b}`),
      )
      .map((path) => ({ kind: "other" as const, path })),
  },
);
