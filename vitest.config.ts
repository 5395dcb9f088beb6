import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    clearMocks: true,
    restoreMocks: true,
    // Integration tests start the real claude/codex binaries (0.4–1.3 s each on 2 cores).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
