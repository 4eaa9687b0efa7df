import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { type BodySpec, bodyArb, goodBodyArb, renderBody } from "./fuzz-bodies.ts";
import {
  type AuthHeader,
  authArb,
  type ContentType,
  contentTypeArb,
  type Encoding,
  encodingArb,
  extraHeadersArb,
  keyedAuthArb,
} from "./fuzz-headers.ts";
import { type TargetSpec, targetArb, targetText } from "./fuzz-targets.ts";
import type { RawRequest } from "./raw-request.ts";
import { seededIds } from "./seeded-sandbox.ts";

/** One generated request, every part labelled with what it should mean. */
export interface FuzzRequest {
  method: string;
  target: TargetSpec;
  auth: AuthHeader[];
  contentType: ContentType[];
  encoding: Encoding | undefined;
  extraHeaders: Array<[string, string]>;
  body: BodySpec;
}

const methodArb = fc.oneof(
  { weight: 12, arbitrary: fc.constant("POST") },
  { weight: 6, arbitrary: fc.constant("DELETE") },
  { weight: 1, arbitrary: fc.constantFrom("GET", "PUT", "PATCH", "OPTIONS", "HEAD") },
);

/** Anything: valid and broken requests of every kind, on the route and beside it. */
export const fuzzRequestArb: fc.Arbitrary<FuzzRequest> = fc.record({
  method: methodArb,
  target: targetArb,
  auth: authArb,
  contentType: contentTypeArb,
  encoding: encodingArb,
  extraHeaders: extraHeadersArb,
  body: bodyArb,
});

// Most calls on one conversation, so that sessions reach second and third versions.
const sessionIds = [...seededIds, ...Array(5).fill("conv_imessage"), "conv_bob"];

/** What a client mostly sends: a seeded key, a seeded conversation, a good body. */
export const clientRequestArb: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.constantFrom("POST", "POST", "DELETE"),
  target: fc.record({
    kind: fc.constant("route" as const),
    segment: fc.constantFrom(...sessionIds),
    suffix: fc.constant(""),
    upperCase: fc.constant(false),
  }),
  auth: keyedAuthArb.map((auth) => [auth]),
  contentType: fc.constant([{ value: "application/json", json: true }]),
  encoding: fc.constant(undefined),
  extraHeaders: fc.constant([]),
  body: goodBodyArb,
});

/** A session: mostly client requests, with fuzz mixed in. */
export const sessionArb = fc.array(
  fc.oneof({ weight: 3, arbitrary: clientRequestArb }, { weight: 1, arbitrary: fuzzRequestArb }),
  { minLength: 1, maxLength: 12 },
);

const encoders = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };

/** The request as it goes on the wire. */
export function toRaw(request: FuzzRequest): RawRequest {
  const headers: Array<[string, string]> = [
    ...request.auth.map(({ value }): [string, string] => ["authorization", value]),
    ...request.contentType.map(({ value }): [string, string] => ["content-type", value]),
    ...request.extraHeaders,
  ];
  let body = renderBody(request.body);
  const { encoding } = request;
  if (encoding !== undefined) {
    headers.push(["content-encoding", encoding.name]);
    if (encoding.encoded && body !== undefined && encoding.name in encoders) {
      body = encoders[encoding.name as keyof typeof encoders](body);
    }
  }
  return { method: request.method, target: targetText(request.target), headers, body };
}
