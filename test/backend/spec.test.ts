// The WebAssembly spec tests compiled by our backend and run under qemu-aarch64 (oracle: the
// expected values and traps written in the .wast scripts). Prints pass/fail/skip per file.
// The main run is split in three (spec-shards.ts; shards 2 and 3 in spec-2/spec-3.test.ts).
// Failures are allowed only where they follow from the documented design: memory is fixed
// (memory.grow returns -1, so assertions that observe growth fail), and assertions that depend
// on state a refused (unsupported-feature) function would have set up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSpecFile, specFiles } from './spec-runner.ts';
import { BY_DESIGN, checkShard } from './spec-shards.ts';
import { levelsFor } from '../compiler-diff/levels.ts';

describe('wasm spec tests on AArch64 (qemu-aarch64)', () => {
  it('shard 1: passes every assertion except those that need memory.grow', { timeout: 600_000 }, () => checkShard(0));

  it('memory tests pass with explicit bounds checks (boundsChecks: true, no guard page right after memory)', { timeout: 300_000 }, () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-spec-bc-'));
    const files = specFiles().filter((f) => ['address', 'memory_trap', 'load', 'store', 'endianness'].includes(path.basename(f, '.wast')));
    const results = files.map((f) => runSpecFile(f, work, { boundsChecks: true }));
    const unexpected = results.flatMap((r) => r.failures.filter((f) => !BY_DESIGN(r.file, f)).map((f) => `${r.file}: ${f}`));
    expect(unexpected).toEqual([]);
    expect(results.reduce((a, r) => a + r.passed, 0)).toBeGreaterThan(500);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('call_indirect through the one shared table (per-signature tables over their size limit)', { timeout: 300_000 }, () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-spec-tbl-'));
    const files = specFiles().filter((f) => path.basename(f, '.wast') === 'call_indirect');
    const results = files.map((f) => runSpecFile(f, work, { sigTableLimit: 0 }));
    const unexpected = results.flatMap((r) => r.failures.filter((f) => !BY_DESIGN(r.file, f)).map((f) => `${r.file}: ${f}`));
    expect(unexpected).toEqual([]);
    expect(results.reduce((a, r) => a + r.passed, 0)).toBeGreaterThan(100);
    fs.rmSync(work, { recursive: true, force: true });
  });

  // The control-flow and memory scripts with each module put through binaryen at asc's other
  // levels first (the shapes asc's -O1/-Os/... give programs): one level per day in CI, a
  // different one each day; all of them with RASPVISOR_LONG=1.
  const AT_LEVELS = ['address', 'block', 'br', 'br_if', 'br_table', 'call', 'if', 'local_tee', 'loop', 'memory_trap', 'return', 'traps'];
  for (const level of levelsFor(Math.floor(Date.now() / 86_400_000), 1)) {
    it(`control flow and memory through binaryen at ${level.name}`, { timeout: 300_000 }, () => {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-spec-lv-'));
      const files = specFiles().filter((f) => AT_LEVELS.includes(path.basename(f, '.wast')));
      const results = files.map((f) => runSpecFile(f, work, { level }));
      const unexpected = results.flatMap((r) => r.failures.filter((f) => !BY_DESIGN(r.file, f)).map((f) => `${r.file}: ${f}`));
      expect(unexpected).toEqual([]);
      expect(results.reduce((a, r) => a + r.passed, 0)).toBeGreaterThan(900);
      fs.rmSync(work, { recursive: true, force: true });
    });
  }
});
