import { readdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** The built-in catalogue's files: the truth the generated module is made from. */
export const catalogueFolder = fileURLToPath(new URL("../core/images/catalogue/", import.meta.url));

/** Where the catalogue's files are committed as data, for hosts that cannot read files. */
export const catalogueDataPath = fileURLToPath(
  new URL("../core/images/catalogue-data.ts", import.meta.url),
);

const header = `/**
 * Generated from mock/core/images/catalogue/ by \`npm run generate\`. Do not edit.
 * The built-in catalogue's files as base64, so every host (a browser tab included) serves
 * them without reading files; \`npm test\` fails while this file is stale.
 */
`;

/**
 * The module that holds every file of the catalogue folder (but its README), by name.
 *
 * @example
 * const source = await generateCatalogueData(); // "/** Generated from mock/core/images/catalogue/ …"
 */
export async function generateCatalogueData(folder = catalogueFolder): Promise<string> {
  const names = (await readdir(folder)).filter((name) => name !== "README.md").sort();
  const lines = await Promise.all(
    names.map(async (name) => {
      const base64 = (await readFile(`${folder}/${name}`)).toString("base64");
      return `  ${JSON.stringify(name)}: ${JSON.stringify(base64)},`;
    }),
  );
  return `${header}export const catalogueFiles: Readonly<Record<string, string>> = {\n${lines.join("\n")}\n};\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(catalogueDataPath, await generateCatalogueData());
  console.log("wrote mock/core/images/catalogue-data.ts");
}
