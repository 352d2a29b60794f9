/** `npm run docs:cli`: writes docs/cli.md from the command tree. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cliReference } from "./docs.js";

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../docs/cli.md");
writeFileSync(file, cliReference());
console.log(`wrote ${file}`);
