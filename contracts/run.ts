import { parseArgs } from "node:util";
import { readCassette } from "./cassette/cassette.ts";
import { diffCassettes } from "./cassette/diff-cassettes.ts";
import { TargetConfigError } from "./target.ts";

const usage = `Usage: agentphone-contracts [--target NAME]... [--base-url URL] [--report]
                           [--json FILE] [--junit FILE] [--record FILE] [--cassette FILE]
                           [--profile sandbox|documents] [--only NAME]...
       agentphone-contracts --diff A B
       (in this repository: npm run contracts -- …)

Runs the contract suite against a target (CONTRACT_TARGET, default fake): fake, msw,
http, prism or live, or fake:MUTATION or msw:MUTATION for one of the deliberately broken
sandboxes, or replay. Exits 1 when a contract is violated, 2 when the settings are wrong.
--base-url  the API to test, for http and live (CONTRACT_BASE_URL); live also needs
            AGENTPHONE_API_KEY, CONTRACT_CONVERSATION_ID, CONTRACT_IMAGE_URL_A and _B.
--report    prints a matrix of test × target and what each target showed about the API's
            unknowns; with no target named it runs fake, msw, http and prism side by side,
            and with http or live it runs the fake beside it for comparison.
--json      also writes the matrix and observations to FILE.
--junit     also writes JUnit XML to FILE, for CI systems to display.
--record    also writes every request and answer of the run to FILE, a cassette, with the
            API key, tokens and the account's ids replaced by placeholders.
--cassette  the cassette --target replay answers from, offline (CONTRACT_CASSETTE).
--diff      compares two cassettes: per request, a changed status, error code, body shape
            or set of headers. Exits 1 when they differ, 0 when they agree.
--profile   what a sandbox reached over http is held to: sandbox (its own profile, the
            default) or documents (the spec only) (CONTRACT_PROFILE).
--only      runs only the suite's files whose names contain NAME (statuses, images…).`;

let values: {
  target?: string[] | undefined;
  "base-url"?: string | undefined;
  report?: boolean | undefined;
  json?: string | undefined;
  junit?: string | undefined;
  record?: string | undefined;
  cassette?: string | undefined;
  diff?: string | undefined;
  profile?: string | undefined;
  only?: string[] | undefined;
  help?: boolean | undefined;
};
let positionals: string[];
try {
  ({ values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      target: { type: "string", multiple: true },
      "base-url": { type: "string" },
      report: { type: "boolean" },
      json: { type: "string" },
      junit: { type: "string" },
      record: { type: "string" },
      cassette: { type: "string" },
      diff: { type: "string" },
      profile: { type: "string" },
      only: { type: "string", multiple: true },
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
if (values.diff !== undefined ? positionals.length !== 1 : positionals.length > 0) {
  console.error(`contracts: --diff takes two cassettes, and nothing else does\n\n${usage}`);
  process.exit(2);
}

if (values.diff !== undefined) {
  const [first, second] = [values.diff, positionals[0] as string];
  try {
    const lines = diffCassettes(readCassette(first), readCassette(second));
    for (const line of lines) console.log(line);
    console.log(
      lines.length === 0
        ? `${first} and ${second} agree`
        : `${lines.length} difference${lines.length === 1 ? "" : "s"} from ${first} to ${second}`,
    );
    process.exit(lines.length === 0 ? 0 : 1);
  } catch (error) {
    if (!(error instanceof TargetConfigError)) throw error;
    console.error(`contracts: ${error.message}`);
    process.exit(2);
  }
}

function profileNamed(name: string): "sandbox" | "documents" {
  if (name === "sandbox" || name === "documents") return name;
  throw new TargetConfigError(`--profile must be sandbox or documents, not ${name}`);
}

try {
  // Loaded only now: it brings in vitest, which --diff does without.
  const { runContracts } = await import("./index.ts");
  const { ok } = await runContracts({
    ...(values.target === undefined ? {} : { targets: values.target }),
    ...(values["base-url"] === undefined ? {} : { baseUrl: values["base-url"] }),
    ...(values.report === undefined ? {} : { report: values.report }),
    ...(values.json === undefined ? {} : { json: values.json }),
    ...(values.junit === undefined ? {} : { junit: values.junit }),
    ...(values.record === undefined ? {} : { record: values.record }),
    ...(values.cassette === undefined ? {} : { cassette: values.cassette }),
    ...(values.profile === undefined ? {} : { profile: profileNamed(values.profile) }),
    ...(values.only === undefined ? {} : { only: values.only }),
  });
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  if (!(error instanceof TargetConfigError)) throw error;
  console.error(`contracts: ${error.message}`);
  process.exit(2);
}
