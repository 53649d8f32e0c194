// The service worker (src/sw/sw.ts): registered once the page has loaded, so it never competes with Today's first
// load; it caches the app shell for the next visit. Without support (or over plain http off localhost) the app
// simply works online.
export function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register("/app/sw.js", { scope: "/app/" }).catch(() => {
      // no worker: the app still works, only not offline from a cold start
    });
  };
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}
