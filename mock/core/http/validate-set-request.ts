import type { ErrorDetail } from "../../../openapi/schema.ts";
import { ApiError } from "../errors/api-error.ts";
import { compileSpecSchema, type ErrorObject } from "../spec.ts";

// Compiled on first use: Ajv's compile is a noticeable part of the sandbox's start-up.
let validate: ReturnType<typeof compileSpecSchema> | undefined;

/** Keywords that mean `image_url` is a string but not an acceptable URL. */
const urlKeywords = new Set(["pattern", "format", "maxLength"]);

function detail(error: ErrorObject, allowsHttp: boolean): ErrorDetail {
  if (error.keyword === "required") {
    const field = String(error.params.missingProperty);
    return { field, message: "Field required.", type: "missing" };
  }
  const field = error.instancePath.replace(/^\//, "").replaceAll("/", ".") || "body";
  switch (error.keyword) {
    case "type":
      return field === "body"
        ? {
            field,
            message: "must be a JSON object, sent with Content-Type: application/json.",
            type: "object_type",
          }
        : { field, message: `must be a ${error.params.type}.`, type: `${error.params.type}_type` };
    case "pattern":
      return {
        field,
        message: `must be an absolute ${allowsHttp ? "http or https" : "https"} URL.`,
        type: "url_scheme",
      };
    case "format":
      return { field, message: "must be an absolute URL.", type: "url_parsing" };
    case "maxLength":
      return {
        field,
        message: `must be at most ${error.params.limit} characters.`,
        type: "string_too_long",
      };
    default:
      return { field, message: `${error.message ?? "is not valid"}.`, type: error.keyword };
  }
}

/** Whether an error is only the spec's `https:` pattern refusing an `http:` URL. */
function isHttpScheme(error: ErrorObject, body: unknown): boolean {
  const url = (body as { image_url?: unknown }).image_url;
  return (
    error.keyword === "pattern" &&
    error.instancePath === "/image_url" &&
    typeof url === "string" &&
    url.startsWith("http://")
  );
}

/**
 * Validates the set request's body against the spec's own schema (not a copy of it) and
 * answers 422 with one detail per fault. With `allowHttp` (a sandbox that fetches from a
 * developer's own server), an `http:` URL passes too.
 */
export function validateSetRequest(body: unknown, options: { allowHttp?: boolean } = {}): void {
  validate ??= compileSpecSchema(
    "/paths/~1v1~1conversations~1{conversation_id}~1background/post/requestBody/content/application~1json/schema",
  );
  if (validate(body)) return;
  const errors = (validate.errors ?? []).filter(
    (error) => !(options.allowHttp && isHttpScheme(error, body)),
  );
  if (errors.length === 0) return;
  const details = errors.map((error) => detail(error, options.allowHttp ?? false));
  const aboutUrl = errors.every(
    (e) => e.instancePath === "/image_url" && urlKeywords.has(e.keyword),
  );
  const message = details.map((d) => `${d.field}: ${d.message}`).join(" ");
  throw new ApiError(aboutUrl ? "INVALID_IMAGE_URL" : "VALIDATION_ERROR", message, details);
}
