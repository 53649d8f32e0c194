import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { I18nProvider } from "../lib/i18n";
import { Survey } from "./Survey";
import "../styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <I18nProvider>
      <Survey token={new URLSearchParams(window.location.search).get("token") ?? ""} />
    </I18nProvider>
  </StrictMode>,
);
