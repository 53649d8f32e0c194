import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { I18nProvider } from "../lib/i18n";
import { FeedbackForm } from "./FeedbackForm";
import "../styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <I18nProvider>
      <FeedbackForm code={new URLSearchParams(window.location.search).get("code") ?? ""} />
    </I18nProvider>
  </StrictMode>,
);
