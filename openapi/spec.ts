import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Path of the spec every part of the kit derives from. */
export const specPath = fileURLToPath(new URL("./openapi.yaml", import.meta.url));

/** The spec's text, as served at `/openapi.yaml`. */
export const specText = readFileSync(specPath, "utf8");

// The parsed spec and its validators live in the core, which every host shares: the
// document is bundled there as data (openapi/spec-document.ts, generated from the YAML).
export {
  canonicalPointer,
  compileSpecSchema,
  type ErrorObject,
  pointerSegment,
  resolveRef,
  spec,
} from "../mock/core/spec.ts";
