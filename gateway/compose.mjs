// Composes the subgraphs' SDL (schema/<name>.graphql, exported from the Python code) into the supergraph the
// gateway serves. Usage: node compose.mjs [schemaDir] [outFile]; exits 1 with every composition error.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "graphql";
import { composeServices, compositionHasErrors } from "@theguild/federation-composition";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const schemaDir = resolve(process.argv[2] ?? join(root, "schema"));
const outFile = resolve(process.argv[3] ?? join(schemaDir, "supergraph.graphql"));

// The URLs written into the supergraph are the development ports (make run); the gateway's config replaces
// them from the settings (gateway.config.mjs), so a deployment never depends on these.
const SUBGRAPHS = [
  { name: "learning", url: "http://127.0.0.1:8001/graphql" },
  { name: "feedback", url: "http://127.0.0.1:8002/graphql" },
];

const services = SUBGRAPHS.map(({ name, url }) => {
  const file = join(schemaDir, `${name}.graphql`);
  return { name, url, typeDefs: parse(readFileSync(file, "utf-8"), { noLocation: false }) };
});

const result = composeServices(services);
if (compositionHasErrors(result)) {
  console.error(`composition failed (${result.errors.length} error(s)):`);
  for (const error of result.errors) {
    const code = error.extensions?.code ? `[${error.extensions.code}] ` : "";
    console.error(`  ${code}${error.message}`);
  }
  process.exit(1);
}
writeFileSync(outFile, result.supergraphSdl.trimEnd() + "\n", "utf-8");
console.log(`wrote ${outFile}`);
