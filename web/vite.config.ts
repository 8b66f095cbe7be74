/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Served at /console/ by `privacy serve` and by the Static Web App; the API is at /api on the same origin.
export default defineConfig({
  base: "/console/",
  plugins: [react()],
  // dist/console/: the Static Web App serves dist/ at its root, so the app lives under /console/ there too.
  build: { outDir: "dist/console", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 900 },
  server: { proxy: { "/api": "http://127.0.0.1:7071", "/console/config.json": "http://127.0.0.1:7071", "/console/dev-token": "http://127.0.0.1:7071" } },
  test: { globals: true, environment: "jsdom", include: ["src/**/*.test.{ts,tsx}"], setupFiles: ["src/test-setup.ts"] },
});
