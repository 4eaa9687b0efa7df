import fc from "fast-check";
import { apiKeys, type Caller } from "./seeded-sandbox.ts";

/** An Authorization value and whom it should authenticate: null for nobody, undefined when no document says. */
export interface AuthHeader {
  value: string;
  caller: Caller | null | undefined;
}

/** A Content-Type value and whether the body is then read as JSON (undefined: unclear). */
export interface ContentType {
  value: string;
  json: boolean | undefined;
}

/** A Content-Encoding and whether the body really is encoded that way. */
export interface Encoding {
  name: "identity" | "gzip" | "deflate" | "br" | "x-unknown";
  encoded: boolean;
}

const keyed = (caller: Caller) =>
  fc.constantFrom<AuthHeader>(
    // RFC 7235: the scheme is case-insensitive.
    { value: `Bearer ${apiKeys[caller]}`, caller },
    { value: `bearer ${apiKeys[caller]}`, caller },
    { value: `BEARER ${apiKeys[caller]}`, caller },
    // RFC 7235 allows one space only; the documents say nothing of tabs or more spaces.
    { value: `Bearer\t${apiKeys[caller]}`, caller: undefined },
    { value: `Bearer   ${apiKeys[caller]}`, caller: undefined },
    { value: `Bearer ${apiKeys[caller]}\t`, caller: undefined },
  );

const refused: AuthHeader[] = [
  "",
  "Bearer",
  "Bearer sk_sandbox_alice extra",
  "Bearer sk_sandbox_ALICE",
  'Bearer "sk_sandbox_alice"',
  "Bearer sk_sandbox_alice,sk_sandbox_bob",
  "Basic c2tfc2FuZGJveF9hbGljZTo=",
  "sk_sandbox_alice",
  "Token sk_sandbox_alice",
  "Bearer sk_sandbox_alice\u00e9",
  "Bearer sk_live_0000000000000000",
  "Bearersk_sandbox_alice",
].map((value) => ({ value, caller: null }));

const printable = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
  minLength: 1,
});

/** One Authorization value: the seeded keys in every spelling, and many that are refused. */
export const authValueArb: fc.Arbitrary<AuthHeader> = fc.oneof(
  { weight: 6, arbitrary: keyed("alice") },
  { weight: 3, arbitrary: keyed("bob") },
  { weight: 3, arbitrary: fc.constantFrom(...refused) },
  { weight: 1, arbitrary: printable.map((key) => ({ value: `Bearer ${key}`, caller: null })) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 512, max: 6000 })
      .map((n) => ({ value: `Bearer ${"k".repeat(n)}`, caller: null })),
  },
);

/** No Authorization, one, or the header twice (Node keeps the first). */
export const authArb: fc.Arbitrary<AuthHeader[]> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<never[]>([]) },
  { weight: 8, arbitrary: fc.tuple(authValueArb) },
  { weight: 1, arbitrary: fc.tuple(authValueArb, authValueArb) },
);

const json = ["application/json", "application/json; charset=utf-8"];
const oddJson = [
  "application/json;charset=UTF-8",
  "Application/JSON",
  'application/json; charset="utf-8"',
];
const notJson = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/xml",
  "application/vnd.api+json",
  "application/json; charset=latin1",
  "application/json; charset=utf-16",
  "",
  ";;;",
  "json",
  "*/*",
  "application/jsonx",
];
const unclear = [
  'application/json; charset="utf-8',
  "application/json, text/plain",
  "application/json; charset=utf-8; charset=latin1",
];

/** The value of one Content-Type header, labelled with whether JSON parsing applies. */
export const contentTypeValueArb: fc.Arbitrary<ContentType> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...json).map((value) => ({ value, json: true })) },
  { weight: 2, arbitrary: fc.constantFrom(...oddJson).map((value) => ({ value, json: true })) },
  { weight: 3, arbitrary: fc.constantFrom(...notJson).map((value) => ({ value, json: false })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...unclear).map((value) => ({ value, json: undefined })),
  },
);

/** No Content-Type, one, or the header twice (Node keeps the first). */
export const contentTypeArb: fc.Arbitrary<ContentType[]> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<never[]>([]) },
  { weight: 8, arbitrary: fc.tuple(contentTypeValueArb) },
  { weight: 1, arbitrary: fc.tuple(contentTypeValueArb, contentTypeValueArb) },
);

/** Mostly none; sometimes a real encoding, sometimes one the body does not match. */
export const encodingArb: fc.Arbitrary<Encoding | undefined> = fc.oneof(
  { weight: 20, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc.record({
      name: fc.constantFrom("identity", "gzip", "deflate", "br", "x-unknown"),
      encoded: fc.boolean(),
    }),
  },
);

/** Headers that should change nothing: CORS, proxies, method overrides, cookies. */
export const extraHeadersArb: fc.Arbitrary<Array<[string, string]>> = fc.subarray([
  ["origin", "https://app.example"],
  ["x-forwarded-proto", "http"],
  ["x-http-method-override", "DELETE"],
  ["accept", "text/html"],
  ["cookie", "session=1"],
  ["x-sandbox-token", "nope"],
  ["idempotency-key", "k1"],
] as Array<[string, string]>);

/** A seeded key in a spelling every reader agrees on. */
export const keyedAuthArb: fc.Arbitrary<AuthHeader> = fc.constantFrom<AuthHeader>(
  { value: `Bearer ${apiKeys.alice}`, caller: "alice" },
  { value: `Bearer ${apiKeys.alice}`, caller: "alice" },
  { value: `Bearer ${apiKeys.alice}`, caller: "alice" },
  { value: `Bearer ${apiKeys.bob}`, caller: "bob" },
);
