import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Two apps, two builds (`vite build --mode console|kiosk`): each is self-contained under its own
// path (/console/, /kiosk/), assets included, so the server can host them side by side.
const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig(({ mode }) => {
  const app = mode === "kiosk" ? "kiosk" : "console";
  return {
    root: resolve(here, app),
    base: `/${app}/`,
    plugins: [react()],
    build: {
      outDir: resolve(here, "dist", app),
      emptyOutDir: true,
      sourcemap: false,
      chunkSizeWarningLimit: 800,
    },
  };
});
