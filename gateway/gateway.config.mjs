// Hive Gateway: the one GraphQL endpoint over both subgraphs (run by `make run`, see
// services/platform/devserver.py, which hands over these variables from the Python settings):
//   SERVICELOOP_LEARNING_URL, SERVICELOOP_FEEDBACK_URL  the subgraphs' /graphql (else the supergraph's URLs)
//   SERVICELOOP_GATEWAY_SECRET  sent to the subgraphs as X-Serviceloop-Gateway-Secret (production requires it
//                               for _service and _entities)
//   SERVICELOOP_CORS_ORIGINS    JSON list of browser origins allowed to call the gateway
//   SERVICELOOP_GATEWAY_ARBITRARY_DOCUMENTS  "true": clients may send GraphQL text besides persisted documents'
//                               ids (`make run` says true outside production; unset: ids only)
//   (the subgraphs' /exports/, /badges/ and /.well-known/jwks.json are passed through: service-routes.mjs)
//   SERVICELOOP_FRONTEND_DIST  (optional) the built frontend (frontend/dist): served at /app/ and /feedback/ on
//                               this origin (static-files.mjs)
//   OPENTELEMETRY               (optional) OTLP/HTTP traces URL: the gateway traces with its built-in OpenTelemetry
//                               plugin (no extra package) and sends its own span to the subgraphs as `traceparent`
// Persisted documents: gateway/persisted-documents.json (`sha256:<hex>` -> text, generated from
// frontend/operations/ by `make schema`, see services/platform/graphql/persisted.py). A request names one by
// `documentId` (body or GET parameter) or Apollo's `extensions.persistedQuery.sha256Hash`.
import { readFileSync } from "node:fs";
import { defineConfig } from "@graphql-hive/gateway";
import { originOf, serviceRoutes } from "./service-routes.mjs";
import { staticFiles } from "./static-files.mjs";

const env = process.env;
const secret = env.SERVICELOOP_GATEWAY_SECRET;
if (!secret) {
  throw new Error("SERVICELOOP_GATEWAY_SECRET is not set: the subgraphs would refuse the gateway's entity calls");
}
const origins = JSON.parse(env.SERVICELOOP_CORS_ORIGINS ?? "[]");
const documents = JSON.parse(readFileSync(new URL("./persisted-documents.json", import.meta.url), "utf8"));
const ID_PREFIX = "sha256:";
// Without its own tracing the gateway passes the caller's W3C trace context through, so a traced client's request
// still continues in the subgraphs; with it, the OpenTelemetry plugin injects the gateway's span instead.
const forwardedTraceHeaders = env.OPENTELEMETRY ? [] : ["traceparent", "tracestate"];

const transportEntries = {};
for (const [subgraph, url] of [["learning", env.SERVICELOOP_LEARNING_URL], ["feedback", env.SERVICELOOP_FEEDBACK_URL]]) {
  if (url) transportEntries[subgraph] = { location: url };
}

export const gatewayConfig = defineConfig({
  plugins: () => [
    serviceRoutes({ learning: originOf(env.SERVICELOOP_LEARNING_URL), feedback: originOf(env.SERVICELOOP_FEEDBACK_URL) }),
    ...(env.SERVICELOOP_FRONTEND_DIST ? [staticFiles(env.SERVICELOOP_FRONTEND_DIST)] : []),
  ],
  supergraph: new URL("../schema/supergraph.graphql", import.meta.url).pathname,
  transportEntries,
  propagateHeaders: {
    // The subgraphs authenticate the caller themselves: the bearer token goes through unchanged.
    fromClientToSubgraphs({ request }) {
      const headers = { "x-serviceloop-gateway-secret": secret };
      const authorization = request.headers.get("authorization");
      if (authorization) headers.authorization = authorization;
      // One request id from the edge to every subgraph's log lines (the subgraphs accept a sane one, else make one).
      // X-Forwarded-For too: the subgraphs take the client's address from it behind trusted proxies (rate limits per address).
      for (const name of ["x-request-id", "x-forwarded-for", ...forwardedTraceHeaders]) {
        const value = request.headers.get(name);
        if (value) headers[name] = value;
      }
      return headers;
    },
  },
  persistedDocuments: {
    // An APQ hash comes bare, a documentId with its prefix: both name the same manifest entry.
    getPersistedOperation: (id) => documents[id.startsWith(ID_PREFIX) ? id : ID_PREFIX + id] ?? null,
    allowArbitraryDocuments: env.SERVICELOOP_GATEWAY_ARBITRARY_DOCUMENTS === "true",
    // The subgraphs' codes for the same refusals (services/platform/graphql/persisted.py).
    customErrors: {
      notFound: { message: "No persisted document has this id.",
                  extensions: { code: "PERSISTED_DOCUMENT_NOT_FOUND", http: { status: 400 } } },
      keyNotFound: { message: "Send a persisted document's id.",
                     extensions: { code: "PERSISTED_DOCUMENT_NOT_FOUND", http: { status: 400 } } },
      persistedQueryOnly: { message: "Send a persisted document's id, not GraphQL text.",
                            extensions: { code: "PERSISTED_DOCUMENTS_ONLY", http: { status: 400 } } },
    },
  },
  // Only the listed origins get CORS headers (a list would answer any origin with its first entry).
  cors: (request) => {
    const origin = request.headers.get("origin");
    if (!origin || !origins.includes(origin)) return false;
    return { origin: [origin], methods: ["GET", "POST"], allowedHeaders: ["authorization", "content-type"], credentials: false };
  },
});
