// The staff app's service worker (scope /app/, built by vite-plugin-pwa (injectManifest) into dist/app/sw.js):
// precaches the app shell (the page, its scripts and styles, the icons) so the app opens offline, answers every
// /app/ navigation with the cached page (client-side routes), and shows Web Push reminders. GraphQL requests are
// not touched: the app keeps its own offline copy of Today and its outbox (src/lib/offline-queue.ts).
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL("/app/index.html"), { allowlist: [/^\/app\//] }));

self.addEventListener("install", () => void self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

/** A push's payload: {title, body, url} as JSON (the reminder job sends it encrypted; the browser decrypts). */
type Reminder = { title?: string; body?: string; url?: string };

self.addEventListener("push", (event) => {
  let payload: Reminder = {};
  try {
    payload = (event.data?.json() ?? {}) as Reminder;
  } catch {
    payload = { body: event.data?.text() };
  }
  const url = new URL(payload.url ?? "/app/", self.location.origin);
  event.waitUntil(
    self.registration.showNotification(payload.title ?? "Serviceloop", {
      body: payload.body ?? "",
      icon: "/app/icons/icon-192.png",
      badge: "/app/icons/icon-192.png",
      tag: "serviceloop-reminder",
      data: { url: url.origin === self.location.origin ? url.href : new URL("/app/", self.location.origin).href },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | null)?.url ?? new URL("/app/", self.location.origin).href;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const open = windows.find((client) => client.url.startsWith(new URL("/app/", self.location.origin).href));
    if (open) {
      await open.focus();
      if (open.url !== url) await open.navigate(url);
      return;
    }
    await self.clients.openWindow(url);
  })());
});
