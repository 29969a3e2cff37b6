import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { loadConfig } from "../config";
import { I18nProvider, initialLocale } from "../i18n";
import "../ui/styles.css";
import "./kiosk.css";
import { KioskApp } from "./KioskApp";

const root = createRoot(document.getElementById("root")!);
loadConfig()
  .then((config) => root.render(
    <StrictMode>
      <I18nProvider initial={initialLocale(config.locale)}>
        <KioskApp config={config} />
      </I18nProvider>
    </StrictMode>,
  ))
  .catch((error: unknown) => root.render(<main><p role="alert">FacePass: {String(error)}</p></main>));
