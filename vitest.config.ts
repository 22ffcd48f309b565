import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Two cores on CI: oracle-heavy suites spawn llvm-mc/qemu themselves.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
