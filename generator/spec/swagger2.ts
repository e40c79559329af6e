/**
 * Swagger 2.0 input: converted to OpenAPI 3.0 by swagger2openapi before the pipeline, so that every
 * later stage only knows OpenAPI 3. The converted root replaces the original in the loaded spec;
 * positions in later errors refer to the converted document (the notice says so).
 */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { UserError } from "../errors.ts";
import { locate, type SourceFile } from "./load.ts";
import { parseSourceFile, yamlPackage } from "./parse.ts";

/**
 * swagger2openapi only converts asynchronously, and loading is synchronous for every caller (lint,
 * diff, watch): the conversion runs in a short child process. No refs are resolved (so no file or
 * network access beyond the document given) and minor defects are patched, as its CLI does.
 */
const CONVERT_SCRIPT = `
const converter = require(process.argv[1]);
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  converter
    .convertObj(JSON.parse(input), { patch: true, warnOnly: true, resolve: false, direct: true })
    .then((openapi) => process.stdout.write(JSON.stringify(openapi)))
    .catch((err) => {
      process.stderr.write(String(err && err.message ? err.message : err).split("\\n")[0]);
      process.exit(1);
    });
});
`;

export function convertSwagger2(file: SourceFile): SourceFile {
  const converter = createRequire(import.meta.url).resolve("swagger2openapi");
  let output: string;
  try {
    output = execFileSync(process.execPath, ["-e", CONVERT_SCRIPT, converter], {
      input: JSON.stringify(file.data),
      encoding: "utf8",
      maxBuffer: 1024 * 1024 * 1024,
      stdio: ["pipe", "pipe", "pipe"],
    });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? "").trim();
    throw new UserError({
      kind: "spec",
      message: `cannot convert Swagger 2.0 to OpenAPI 3.0: ${stderr || (err as Error).message}`,
      position: locate(file, ""),
      pointer: "",
      hint: "fix the Swagger 2.0 document, or convert it yourself (npx swagger2openapi) and give contractgen the OpenAPI 3 file",
    });
  }
  // Written out as YAML so that later errors can name a line of the converted document.
  return parseSourceFile(file.path, yamlPackage().stringify(JSON.parse(output), { aliasDuplicateObjects: false, lineWidth: 0 }));
}
