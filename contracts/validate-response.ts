import type { ValidateFunction } from "ajv";
import { compileSpecSchema, pointerSegment, resolveRef as resolve, spec } from "../openapi/spec.ts";

/** The operations the suite checks, by the spec's operationId. */
export type OperationId = "setChatBackground" | "removeChatBackground";

const specPath = "/v1/conversations/{conversation_id}/background";
const methods: Record<OperationId, "post" | "delete"> = {
  setChatBackground: "post",
  removeChatBackground: "delete",
};

/** A response as the suite saw it. */
export interface SeenResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body, `undefined` when there was none, the raw text when it was not JSON. */
  body: unknown;
  text: string;
}

const cache = new Map<string, ValidateFunction | null>();

function bodyValidator(operation: OperationId, status: string): ValidateFunction | null {
  const key = `${operation} ${status}`;
  if (!cache.has(key)) {
    const pointer = `/paths/${pointerSegment(specPath)}/${methods[operation]}/responses/${status}`;
    const response = resolve(spec.paths[specPath][methods[operation]].responses[status]);
    cache.set(
      key,
      response.content ? compileSpecSchema(`${pointer}/content/application~1json/schema`) : null,
    );
  }
  return cache.get(key) ?? null;
}

/** The statuses the spec lists for an operation. */
export function documentedStatuses(operation: OperationId): string[] {
  return Object.keys(spec.paths[specPath][methods[operation]].responses);
}

/**
 * Every way a response departs from the spec: an unlisted status, a body that does not
 * match the status's schema, a body where none belongs, a missing required header.
 * Empty when the response conforms.
 *
 * @example
 * expect(specViolations("setChatBackground", response)).toEqual([]);
 */
export function specViolations(operation: OperationId, response: SeenResponse): string[] {
  const status = String(response.status);
  if (!documentedStatuses(operation).includes(status)) {
    return [
      `status ${status} is not listed for ${operation} (lists ${documentedStatuses(operation).join(", ")})`,
    ];
  }
  const violations: string[] = [];
  const validate = bodyValidator(operation, status);
  if (validate === null) {
    if (response.text !== "")
      violations.push(
        `status ${status} has no body in the spec, got ${response.text.slice(0, 80)}`,
      );
  } else if (response.body === undefined || typeof response.body === "string") {
    violations.push(
      `status ${status} needs a JSON body, got ${JSON.stringify(response.text.slice(0, 80))}`,
    );
  } else if (!validate(response.body)) {
    for (const error of validate.errors ?? []) {
      violations.push(
        `body${error.instancePath} ${error.message ?? "is not valid"} (status ${status})`,
      );
    }
  }
  const responsePointer = `/paths/${pointerSegment(specPath)}/${methods[operation]}/responses/${status}`;
  const headers = resolve(spec.paths[specPath][methods[operation]].responses[status]).headers ?? {};
  for (const [name, header] of Object.entries(headers)) {
    const definition = resolve(header);
    const value = response.headers.get(name);
    if (value === null) {
      if (definition.required) violations.push(`header ${name} is required on ${status}`);
      continue;
    }
    const validate = headerValidator(`${responsePointer}/headers/${pointerSegment(name)}/schema`);
    // A header is text; a schema that admits an integer means one written in digits.
    if (!validate(/^\d+$/.test(value) ? Number(value) : value)) {
      violations.push(
        `header ${name} ${JSON.stringify(value)} is not what the spec allows (${definition.description?.split("\n")[0] ?? "see the spec"})`,
      );
    }
  }
  return violations;
}

function headerValidator(pointer: string): ValidateFunction {
  let validate = cache.get(pointer);
  if (!validate) {
    validate = compileSpecSchema(pointer);
    cache.set(pointer, validate);
  }
  return validate;
}
