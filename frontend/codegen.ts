// GraphQL Code Generator: TypeScript types for every operation in operations/<app>/*.graphql, checked against the
// composed graph (../schema/supergraph.graphql). `make schema` runs it; tests/test_frontend_build.py fails when
// src/graphql/types.ts is stale. The ids the app sends (src/graphql/documents.ts) come from the same files, written
// by `python -m services.learning.cli persist-documents`.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../schema/supergraph.graphql",
  documents: ["operations/**/*.graphql"],
  generates: {
    "src/graphql/types.ts": {
      plugins: ["typescript-operations"],
      config: {
        onlyOperationTypes: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: { DateTime: "string", Date: "string", JSON: "unknown", Upload: "File" },
        useTypeImports: true,
      },
    },
  },
  hooks: { afterOneFileWrite: [] },
};
export default config;
