import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { parse } from "yaml";

/** Path of the spec every generated file derives from. */
const specPath = fileURLToPath(new URL("./openapi.yaml", import.meta.url));

/** Where the generated types are committed. */
export const typesPath = fileURLToPath(new URL("./schema.ts", import.meta.url));

const header = `/**
 * Generated from openapi/openapi.yaml by openapi-typescript. Do not edit.
 * Run \`npm run generate\` after changing the spec; \`npm test\` fails while this file is stale.
 */

`;

/** Where the spec is committed as data, for hosts that cannot read files (a browser). */
export const documentPath = fileURLToPath(new URL("./spec-document.ts", import.meta.url));

const documentHeader = `/**
 * Generated from openapi/openapi.yaml by \`npm run generate\`. Do not edit.
 * The parsed spec as data, so the sandbox's core validates requests without reading files;
 * \`npm test\` fails while this file is stale.
 */
`;

/**
 * Generates the module that holds the parsed spec, exactly as it is committed.
 *
 * @example
 * const source = await generateDocument(); // "/** Generated from openapi/openapi.yaml …"
 */
export async function generateDocument(path = specPath): Promise<string> {
  const document = parse(await readFile(path, "utf8"));
  return `${documentHeader}export const specDocument = ${JSON.stringify(document, null, 2)} as const;\n`;
}

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
  const outputs = [
    { path: typesPath, name: "openapi/schema.ts", fresh: await generateTypes() },
    { path: documentPath, name: "openapi/spec-document.ts", fresh: await generateDocument() },
  ];
  for (const { path, name, fresh } of outputs) {
    if (process.argv.includes("--check")) {
      const committed = await readFile(path, "utf8").catch(() => "");
      if (committed !== fresh) {
        console.error(`${name} is stale: run \`npm run generate\` and commit the result.`);
        process.exit(1);
      }
      console.log(`${name} matches the spec.`);
    } else {
      await writeFile(path, fresh);
      console.log(`wrote ${name}`);
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
