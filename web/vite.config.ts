import { defineConfig } from "vitest/config";

// Relative asset paths: the app is served by `leefkaart serve` from any address.
export default defineConfig({
  base: "./",
  build: { outDir: "dist", chunkSizeWarningLimit: 4000 },
  test: { include: ["src/**/*.test.ts"] },
});
