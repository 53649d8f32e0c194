// The few plain HTTP routes of the subgraphs that browsers open, passed through on the gateway's origin (as the
// production Ingress routes them, see k8s/base/ingress.yaml), so a download link or a badge's issuer page works
// from the same address as the app:
//   /exports/<id>/download          -> learning (a signed training-export download)
//   /badges/...  /.well-known/jwks.json -> feedback (Open Badges issuer, achievements, the verification keys)
// Only GET/HEAD; the request's query and Range/If-* headers go along, the answer comes back as it is (streamed).
const FORWARDED_REQUEST_HEADERS = ["range", "if-none-match", "if-modified-since", "accept", "accept-encoding", "x-request-id"];

export function serviceRoutes({ learning, feedback }) {
  const routes = [
    { prefix: "/exports/", origin: learning },
    { prefix: "/badges/", origin: feedback },
    { prefix: "/.well-known/jwks.json", origin: feedback },
  ].filter((route) => route.origin);
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== "GET" && request.method !== "HEAD") return;
      const route = routes.find((candidate) => url.pathname.startsWith(candidate.prefix));
      if (!route) return;
      const headers = {};
      for (const name of FORWARDED_REQUEST_HEADERS) {
        const value = request.headers.get(name);
        if (value) headers[name] = value;
      }
      try {
        const answer = await fetchAPI.fetch(new URL(url.pathname + url.search, route.origin), { method: request.method, headers });
        endResponse(new fetchAPI.Response(answer.body, { status: answer.status, headers: answer.headers }));
      } catch {
        endResponse(new fetchAPI.Response("The service behind this address is not reachable.", { status: 502 }));
      }
    },
  };
}

/** The origin (scheme://host:port) of a subgraph's /graphql URL. */
export const originOf = (graphqlUrl) => (graphqlUrl ? new URL(graphqlUrl).origin : null);
