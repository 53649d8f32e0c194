/// <reference types="vitest/config" />
// One build, two kinds of pages: the staff app (app/index.html, served at /app/ with client-side routes) and the
// customer pages (feedback/index.html and feedback/survey.html, served at /feedback/). The gateway serves dist/ on
// the same origin as /graphql (gateway/static-files.mjs), so the browser never crosses origins.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

export default defineConfig({
  base: "/",
  // copied as they are: the icons and the web app manifest (static/app/ -> dist/app/)
  publicDir: "static",
  plugins: [
    react(),
    // The staff app's service worker (src/sw/sw.ts -> dist/app/sw.js, scope /app/): the manifest and the icons are
    // our own files in static/app/, the app registers the worker itself (src/app/register-sw.ts).
    VitePWA({
      strategies: "injectManifest",
      srcDir: "src/sw",
      filename: "sw.ts",
      outDir: "dist/app",
      scope: "/app/",
      base: "/app/",
      injectRegister: false,
      manifest: false,
      injectManifest: {
        globDirectory: "dist",
        // the staff app's page, every script and style (the other screens' chunks too: they open offline), icons
        globPatterns: ["app/index.html", "assets/**/*.{js,css}", "app/icons/*.{png,svg}", "app/manifest.webmanifest"],
        globIgnores: ["assets/feedback-*.js", "assets/survey-*.js"],
        modifyURLPrefix: { "": "/" },
      },
    }),
  ],
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
