// The built frontend (frontend/dist) on the gateway's own origin, so the browser talks to /graphql without CORS:
//   /app/...       the staff app; any path that is not a file answers app/index.html (client-side routes)
//   /feedback/     the customer form (index.html), /feedback/survey.html the survey
//   /assets/...    hashed bundles: cached for a year (their name changes with their content)
//   /              redirects to /app/
// Text files are sent gzip-compressed when the browser accepts it (compressed once, kept in memory).
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { gzipSync } from "node:zlib";

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".json": "application/json", ".webmanifest": "application/manifest+json", ".svg": "image/svg+xml",
  ".png": "image/png", ".ico": "image/x-icon", ".txt": "text/plain; charset=utf-8", ".woff2": "font/woff2",
};
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".webmanifest", ".svg", ".txt"]);

export function staticFiles(dist) {
  const root = normalize(dist);
  const cache = new Map();

  function file(relative) {
    const path = normalize(join(root, relative));
    if (!path.startsWith(root + sep)) return null;
    if (!existsSync(path) || !statSync(path).isFile()) return null;
    let entry = cache.get(path);
    if (!entry) {
      const body = readFileSync(path);
      const type = extname(path);
      entry = { body, gzip: COMPRESSIBLE.has(type) ? gzipSync(body) : null, type: TYPES[type] ?? "application/octet-stream" };
      cache.set(path, entry);
    }
    return entry;
  }

  function respond(fetchAPI, request, entry, cacheControl) {
    const headers = { "content-type": entry.type, "cache-control": cacheControl, "x-content-type-options": "nosniff", vary: "accept-encoding" };
    if (entry.type.startsWith("text/html")) {
      headers["content-security-policy"] = "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
      headers["referrer-policy"] = "same-origin";
    }
    let body = entry.body;
    if (entry.gzip && /\bgzip\b/.test(request.headers.get("accept-encoding") ?? "")) {
      body = entry.gzip;
      headers["content-encoding"] = "gzip";
    }
    return new fetchAPI.Response(request.method === "HEAD" ? null : body, { status: 200, headers });
  }

  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== "GET" && request.method !== "HEAD") return;
      const path = decodeURIComponent(url.pathname);
      if (path === "/" || path === "/app") {
        endResponse(new fetchAPI.Response(null, { status: 302, headers: { location: "/app/" } }));
        return;
      }
      if (path === "/feedback") {
        endResponse(new fetchAPI.Response(null, { status: 302, headers: { location: "/feedback/" + url.search } }));
        return;
      }
      if (path.startsWith("/assets/")) {
        const entry = file(path.slice(1));
        if (entry) endResponse(respond(fetchAPI, request, entry, "public, max-age=31536000, immutable"));
        return;
      }
      if (path.startsWith("/app/") || path.startsWith("/feedback/")) {
        const relative = path.endsWith("/") ? path.slice(1) + "index.html" : path.slice(1);
        // the service worker and the manifest must never be cached stale; the pages are small
        const entry = file(relative) ?? (path.startsWith("/app/") && !extname(path) ? file("app/index.html") : null);
        if (entry) endResponse(respond(fetchAPI, request, entry, "no-cache"));
      }
    },
  };
}
