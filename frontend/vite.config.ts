/// <reference types="vitest/config" />
// One build, two kinds of pages: the staff app (app/index.html, served at /app/ with client-side routes) and the
// customer pages (feedback/index.html and feedback/survey.html, served at /feedback/). The gateway serves dist/ on
// the same origin as /graphql (gateway/static-files.mjs), so the browser never crosses origins.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  base: "/",
  // copied as they are: the icons and the web app manifest (static/app/ -> dist/app/)
  publicDir: "static",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      input: {
        app: "app/index.html",
        feedback: "feedback/index.html",
        survey: "feedback/survey.html",
      },
    },
  },
  server: { proxy: { "/graphql": "http://127.0.0.1:4000" } },
  test: { environment: "node", include: ["tests/unit/**/*.test.ts"] },
});
