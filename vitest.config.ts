import { defineConfig } from "vitest/config";

// Separate from vite.config.ts so the Remix plugin does not run under Vitest.
// "#app/*" etc. resolve through package.json "imports".
export default defineConfig({
  test: {
    environment: "node",
    include: ["tests/**/*.test.ts"],
    globalSetup: ["./tests/setup/global-setup.ts"],
    setupFiles: ["./tests/setup/per-file.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
