import type { ErrorObject, ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { specDocument } from "../../openapi/spec-document.ts";

/** The parsed spec, bundled as data so that no host reads it from disk. */
// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is walked by JSON pointer, not by type.
export const spec: any = specDocument;

const specId = "https://agentphone.sandbox.test/openapi.json";

/** Creates an Ajv instance that knows the spec as a whole, so `#/components/...` refs resolve. */
function createAjv(): Ajv2020 {
  // OpenAPI 3.1 schemas are JSON Schema 2020-12, with a few OpenAPI keywords Ajv need not know.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  ajv.addSchema({ ...spec, $id: specId });
  return ajv;
}

let shared: Ajv2020 | undefined;

// biome-ignore lint/suspicious/noExplicitAny: the parsed spec is walked, not typed.
function nodeAt(pointer: string): any {
  return pointer
    .split("/")
    .slice(1)
    .reduce((parent, key) => parent?.[unescapeSegment(key)], spec);
}

function unescapeSegment(segment: string): string {
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}

/**
 * Walks a JSON pointer through the spec, following `$ref`s met on the way, and returns the
 * pointer of the node it ends at: Ajv resolves a `$ref` only when no other `$ref` stands
 * in the middle of its path (`…/responses/422` is itself a `$ref`).
 */
export function canonicalPointer(pointer: string): string {
  let at = "";
  let node = spec;
  const follow = () => {
    while (typeof node?.$ref === "string" && node.$ref.startsWith("#/")) {
      at = node.$ref.slice(1);
      node = nodeAt(at);
    }
  };
  for (const segment of pointer.split("/").slice(1)) {
    follow();
    node = node?.[unescapeSegment(segment)];
    at = `${at}/${segment}`;
    if (node === undefined) throw new Error(`The spec has nothing at ${pointer}`);
  }
  follow();
  return at;
}

/**
 * Follows a `$ref` (and any it leads to) within the spec; other nodes come back as they are.
 *
 * @example
 * resolveRef({ $ref: "#/components/responses/RateLimited" }).headers["Retry-After"];
 */
// biome-ignore lint/suspicious/noExplicitAny: the parsed spec is walked, not typed.
export function resolveRef(node: any): any {
  let at = node;
  while (typeof at?.$ref === "string" && at.$ref.startsWith("#/")) at = nodeAt(at.$ref.slice(1));
  return at;
}

/**
 * Compiles the schema at a JSON pointer into the spec.
 *
 * @example
 * const validate = compileSpecSchema("/components/schemas/SetChatBackgroundRequest");
 * validate({ image_url: "https://images.sandbox.test/forest.png" }); // true
 */
export function compileSpecSchema(pointer: string): ValidateFunction {
  shared ??= createAjv();
  const fragment = canonicalPointer(pointer).split("/").map(encodeURIComponent).join("/");
  return shared.compile({ $ref: `${specId}#${fragment}` });
}

/** Escapes one segment of a JSON pointer (`/` and `~`), e.g. for a path key. */
export function pointerSegment(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

export type { ErrorObject };
