// Shard 2 of the wasm spec tests on AArch64 (see spec.test.ts and spec-shards.ts).
import { describe, it } from 'vitest';
import { checkShard } from './spec-shards.ts';

describe('wasm spec tests on AArch64 (qemu-aarch64)', () => {
  it('shard 2: passes every assertion except those that need memory.grow', { timeout: 600_000 }, () => checkShard(1));
});
