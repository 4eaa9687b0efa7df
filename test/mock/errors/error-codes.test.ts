import { describe, expect, it } from "vitest";
import { documentedErrorCodes } from "../../../contracts/documented.ts";
import { type ApiErrorCode, errorCodes } from "../../../mock/core/errors/error-codes.ts";
import { resolveRef, spec } from "../../../openapi/spec.ts";

const errorCode = spec.components.schemas.ErrorCode as {
  type: string;
  enum?: unknown;
  description: string;
  examples: string[];
};

// The codes the sandbox sends on /v1: every code of the table but the control surface's.
const apiCodes = Object.keys(errorCodes).filter(
  (code) => !["NOT_FOUND", "METHOD_NOT_ALLOWED"].includes(code) && !code.startsWith("SANDBOX_"),
) as ApiErrorCode[];

const background = spec.paths["/v1/conversations/{conversation_id}/background"];

describe("the spec's error codes and the sandbox's table", () => {
  it("keeps ErrorCode an open string, so the live API's other codes are no violation", () => {
    expect(errorCode.type).toBe("string");
    expect(errorCode.enum).toBeUndefined();
  });

  it("lists every documented code and every code the sandbox sends, in its examples and words", () => {
    for (const code of [...documentedErrorCodes, ...apiCodes]) {
      expect(errorCode.examples, code).toContain(code);
      expect(errorCode.description, code).toContain(`\`${code}\``);
    }
    expect(new Set(errorCode.examples).size).toBe(errorCode.examples.length);
  });

  it("lists, for both operations, the status of every code the sandbox sends", () => {
    for (const operation of [background.post, background.delete]) {
      const statuses = Object.keys(operation.responses);
      for (const code of apiCodes) {
        expect(statuses, `${operation.operationId} ${code}`).toContain(
          String(errorCodes[code].status),
        );
      }
    }
  });

  it("names the status the sandbox sends each code with in the description", () => {
    const words = errorCode.description.replace(/\s+/g, " ");
    for (const code of apiCodes) {
      const { status } = errorCodes[code];
      // In the sandbox's list, after the documented one: the next "(status)" after the code.
      const after = words.slice(words.lastIndexOf(`\`${code}\``));
      expect(after.match(/\((\d{3})\)/)?.[1], code).toBe(String(status));
    }
  });

  it("admits the documented envelope and FastAPI's shapes on every error status", () => {
    for (const operation of [background.post, background.delete]) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const schema = resolveRef(response).content["application/json"].schema;
        const refs = JSON.stringify(schema.$ref ? resolveRef(schema) : schema);
        expect(refs, `${operation.operationId} ${status}`).toContain("ErrorEnvelope");
        expect(refs, `${operation.operationId} ${status}`).toContain("FastAPIError");
      }
    }
  });
});
