// Regenerates src/api/schema.d.ts from the API's OpenAPI document (dumped by Python, no server).
// `--check` writes nothing and exits 1 when the committed file differs: the types must follow the API.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const here = dirname(fileURLToPath(import.meta.url));
const target = resolve(here, "../src/api/schema.d.ts");
const venvPython = resolve(here, "../../.venv/bin/python");
const python = process.env.FACEPASS_PYTHON ?? (existsSync(venvPython) ? venvPython : "python3");

const document = JSON.parse(execFileSync(python, [resolve(here, "dump_openapi.py")], { encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024 }));
const header = "// Generated from the API's OpenAPI document by `npm run gen:api`. Do not edit.\n";
const generated = header + astToString(await openapiTS(document));

if (process.argv.includes("--check")) {
  const current = existsSync(target) ? readFileSync(target, "utf8") : "";
  if (current !== generated) {
    console.error(`${target} is out of date with the API: run \`npm run gen:api\` in web/ and commit it.`);
    process.exit(1);
  }
  console.log("schema.d.ts matches the API's OpenAPI document");
} else {
  writeFileSync(target, generated);
  console.log(`wrote ${target}`);
}
