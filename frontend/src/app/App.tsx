// The staff app: sign-in (and invitation / password links), then the screens under /app/. Screens other than Today
// load on first visit (their own chunks), so Today's first load stays small.
import { lazy, Suspense, useEffect, useState } from "react";
import { BrowserRouter, NavLink, Route, Routes, useLocation } from "react-router";
import { I18nProvider, useI18n, type Locale } from "../lib/i18n";
import { Loading } from "../components/ui/Loading";
import { ErrorMessage } from "../components/ui/ErrorMessage";
import { Button } from "../components/ui/Button";
import { SignIn } from "../features/auth/SignIn";
import { SetPassword, passwordLinkInHash } from "../features/auth/SetPassword";
import { Today } from "../features/today/Today";
import { isHr, isManager, SessionProvider, useMe, useSession } from "./session-context";
import { messages } from "./messages";
import { offlineQueue } from "../lib/offline-queue";

const Progress = lazy(() => import("../features/progress/Progress"));
const Recognition = lazy(() => import("../features/recognition/Recognition"));
const Complaints = lazy(() => import("../features/complaints/Complaints"));
const Team = lazy(() => import("../features/team/Team"));
const People = lazy(() => import("../features/hr/People"));
const Settings = lazy(() => import("../features/settings/Settings"));

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <BrowserRouter basename="/app">
          <Gate />
        </BrowserRouter>
      </SessionProvider>
    </I18nProvider>
  );
}

function Gate() {
  const { me, loading, expired, error, reload } = useSession();
  const [link, setLink] = useState(passwordLinkInHash());
  // a mailed link opened in a tab where the app already runs changes only the hash
  useEffect(() => {
    const follow = () => setLink(passwordLinkInHash());
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);
  if (link) return <SetPassword link={link} onDone={() => setLink(null)} />;
  if (loading && !me) return <main id="main"><Loading /></main>;
  if (!me) {
    return error ? <main id="main"><ErrorMessage error={error} onRetry={() => void reload()} /></main> : <SignIn />;
  }
  return (
    <>
      <Shell />
      {expired && <SignIn asDialog />}
    </>
  );
}

function Shell() {
  const me = useMe();
  const { t, locale, setLocale } = useI18n();
  const { signOut } = useSession();
  const online = useOnline();
  const queued = useQueuedCount();
  const { pathname } = useLocation();
  // on a phone the menu scrolls sideways: keep the current screen's entry in view
  useEffect(() => {
    document.querySelector(".nav a.active")?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [pathname]);
  useEffect(() => {
    if (me.locale === "et" || me.locale === "en") {
      if (!localStorage.getItem("serviceloop.locale")) setLocale(me.locale as Locale);
    }
  }, [me.locale, setLocale]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">{t(messages.skip)}</a>
      <header className="topbar">
        <span className="brand" aria-hidden="true">Serviceloop</span>
        <nav aria-label={t(messages.nav)} className="nav">
          <NavLink to="/" end>{t(messages.today)}</NavLink>
          <NavLink to="/progress">{t(messages.progress)}</NavLink>
          <NavLink to="/recognition">{t(messages.recognition)}</NavLink>
          <NavLink to="/complaints">{t(messages.complaints)}</NavLink>
          {isManager(me) && <NavLink to="/team">{t(messages.team)}</NavLink>}
          {isHr(me) && <NavLink to="/people">{t(messages.people)}</NavLink>}
          <NavLink to="/settings">{t(messages.settings)}</NavLink>
        </nav>
        <div className="topbar-tools">
          <label className="language">
            <span className="visually-hidden">{t(messages.language)}</span>
            <select value={locale} onChange={(event) => setLocale(event.target.value as Locale)}>
              <option value="et">Eesti</option>
              <option value="en">English</option>
            </select>
          </label>
          <Button variant="quiet" onPress={signOut}>{t(messages.signOut)}</Button>
        </div>
      </header>
      {!online && <p className="banner banner-offline" role="status">{t(messages.offline)}</p>}
      {queued > 0 && <p className="banner" role="status">{t(messages.queued, { count: queued })}</p>}
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<Today />} />
            <Route path="/progress" element={<Progress />} />
            <Route path="/recognition" element={<Recognition />} />
            <Route path="/complaints/*" element={<Complaints />} />
            <Route path="/team/*" element={<Team />} />
            <Route path="/people/*" element={<People />} />
            <Route path="/settings" element={<Settings />} />
            <Route path="*" element={<p>{t(messages.notFound)}</p>} />
          </Routes>
        </Suspense>
      </main>
    </div>
  );
}

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return online;
}

function useQueuedCount(): number {
  const queue = offlineQueue();
  const [count, setCount] = useState(queue.pending().length);
  useEffect(() => {
    void queue.flush();
    return queue.subscribe(() => setCount(queue.pending().length));
  }, [queue]);
  return count;
}
