import { parseArgs } from "node:util";
import { runContracts } from "./index.ts";
import { TargetConfigError } from "./target.ts";

const usage = `Usage: agentphone-contracts [--target NAME]... [--base-url URL] [--report]
                           [--json FILE] [--junit FILE]
       (in this repository: npm run contracts -- …)

Runs the contract suite against a target (CONTRACT_TARGET, default fake): fake, msw,
http, prism or live, or fake:MUTATION or msw:MUTATION for one of the deliberately broken
sandboxes. Exits 1 when a contract is violated, 2 when the settings are wrong.
--base-url  the API to test, for http and live (CONTRACT_BASE_URL); live also needs
            AGENTPHONE_API_KEY, CONTRACT_CONVERSATION_ID, CONTRACT_IMAGE_URL_A and _B.
--report    prints a matrix of test × target and what each target showed about the API's
            unknowns; with no target named it runs fake, msw, http and prism side by side,
            and with http or live it runs the fake beside it for comparison.
--json      also writes the matrix and observations to FILE.
--junit     also writes JUnit XML to FILE, for CI systems to display.`;

let values: {
  target?: string[] | undefined;
  "base-url"?: string | undefined;
  report?: boolean | undefined;
  json?: string | undefined;
  junit?: string | undefined;
  help?: boolean | undefined;
};
try {
  ({ values } = parseArgs({
    options: {
      target: { type: "string", multiple: true },
      "base-url": { type: "string" },
      report: { type: "boolean" },
      json: { type: "string" },
      junit: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (error) {
  console.error(`contracts: ${(error as Error).message}\n\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}

try {
  const { ok } = await runContracts({
    ...(values.target === undefined ? {} : { targets: values.target }),
    ...(values["base-url"] === undefined ? {} : { baseUrl: values["base-url"] }),
    ...(values.report === undefined ? {} : { report: values.report }),
    ...(values.json === undefined ? {} : { json: values.json }),
    ...(values.junit === undefined ? {} : { junit: values.junit }),
  });
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  if (!(error instanceof TargetConfigError)) throw error;
  console.error(`contracts: ${error.message}`);
  process.exit(2);
}
