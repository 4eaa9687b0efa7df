import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { specPath } from "./spec.ts";

/** Where the generated types are committed. */
export const typesPath = fileURLToPath(new URL("./schema.ts", import.meta.url));

const header = `/**
 * Generated from openapi/openapi.yaml by openapi-typescript. Do not edit.
 * Run \`npm run generate\` after changing the spec; \`npm test\` fails while this file is stale.
 */

`;

/**
 * Generates the TypeScript types for the spec, exactly as they are committed.
 *
 * @example
 * const source = await generateTypes(); // "/** Generated from openapi/openapi.yaml …"
 */
export async function generateTypes(path = specPath): Promise<string> {
  const ast = await openapiTS(new URL(`file://${path}`), {
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
  });
  return header + astToString(ast);
}

async function main(): Promise<void> {
  const fresh = await generateTypes();
  if (process.argv.includes("--check")) {
    const committed = await readFile(typesPath, "utf8").catch(() => "");
    if (committed !== fresh) {
      console.error("openapi/schema.ts is stale: run `npm run generate` and commit the result.");
      process.exit(1);
    }
    console.log("openapi/schema.ts matches the spec.");
    return;
  }
  await writeFile(typesPath, fresh);
  console.log("wrote openapi/schema.ts");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
