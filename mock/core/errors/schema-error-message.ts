import type { ErrorObject } from "ajv";

/** What the sandbox's own id and key patterns mean, in words. */
const patterns: Record<string, string> = {
  "^[A-Za-z0-9_-]{1,128}$": "must be 1 to 128 letters, digits, _ or -",
  "^\\S{8,256}$": "must be 8 to 256 characters with no spaces",
};

/**
 * One line a person can act on for the first error Ajv found, naming the field.
 *
 * @example
 * schemaErrorMessage(validate.errors?.[0]); // "channel: must be one of imessage, sms, mms"
 */
export function schemaErrorMessage(error: ErrorObject | undefined): string {
  if (!error) return "body: is not valid";
  const where = error.instancePath.slice(1).replaceAll("/", ".") || "body";
  switch (error.keyword) {
    case "enum":
      return `${where}: must be one of ${(error.params.allowedValues as unknown[]).join(", ")}`;
    case "additionalProperties":
      return `${where}: has an unknown field ${String(error.params.additionalProperty)}`;
    case "pattern":
      return `${where}: ${patterns[String(error.params.pattern)] ?? error.message}`;
    default:
      return `${where}: ${error.message ?? "is not valid"}`;
  }
}
