import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "../../mock/server.ts";
import { startDocumentedVariant } from "../support/documented-variant.ts";
import { type ContractReport, failuresOf, runContracts } from "./run-contracts.ts";

const documentsOnly = { CONTRACT_PROFILE: "documents" };

const failures = (report: ContractReport | undefined) => failuresOf(report);

describe("the contract suite, held to the documents only", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ port: 0, logLevel: "silent" });
  });
  afterAll(() => sandbox.close());

  it("passes a server that answers as the documents allow but unlike the sandbox, naming each difference", async () => {
    const variant = await startDocumentedVariant(sandbox.url);
    try {
      const run = await runContracts(
        ["--target", "http", "--base-url", variant.url],
        documentsOnly,
      );
      expect(failures(run.report), run.output.slice(-4000)).toEqual([]);
      expect(run.code, run.output.slice(-4000)).toBe(0);
      const seen = (run.report?.differences?.http ?? []).join("\n");
      expect(seen).toMatch(/403 where the sandbox answers 401/);
      expect(seen).toMatch(/502: code "CARRIER_ERROR" is none of the sandbox's/);
      expect(seen).toMatch(
        /404 answered in fastapi-string shape where the sandbox sends CONVERSATION_NOT_FOUND/,
      );
      expect(seen).toMatch(/422: the body is not the documented envelope/);
      expect(seen).toMatch(/200: channel "imessage", not "iMessage"/);
      expect(seen).toMatch(/429: Retry-After ".* GMT" is not whole seconds/);
      expect(run.report?.codes?.http).toContain("CARRIER_ERROR");
      expect(run.output).toContain("CARRIER_ERROR (documented)");
    } finally {
      await variant.close();
    }
  }, 120_000);

  it("fails the same server once it breaks documented promises: a 401 without WWW-Authenticate, an unlisted status", async () => {
    const variant = await startDocumentedVariant(sandbox.url, [
      "401 without WWW-Authenticate",
      "an unlisted status for SMS",
    ]);
    try {
      const run = await runContracts(
        [
          "--target",
          "http",
          "--base-url",
          variant.url,
          // The files that meet the broken promises: failing them fails the suite.
          "--only",
          "contracts/authentication.test",
          "--only",
          "contracts/conversations.test",
        ],
        documentsOnly,
      );
      expect(run.code, run.output.slice(-4000)).toBe(1);
      const failed = failures(run.report).join("\n");
      expect(failed).toMatch(/refuses a (set|remove) with an unknown key/);
      expect(run.output).toContain("header WWW-Authenticate is required on 401");
      expect(failed).toMatch(/refuses an SMS conversation/);
      expect(run.output).toContain("status 418 is not listed");
    } finally {
      await variant.close();
    }
  }, 120_000);
});
