// `raspvisor run` with nothing named builds the project and boots its hypervisor: the same
// transcript the hypervisor test checks under qemu-system-aarch64 -M raspi3b.
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve(import.meta.dirname, '../../tools/cli/raspvisor.mjs');

describe('raspvisor run (no image, no --kernel)', () => {
  it('builds the project and boots build/kernel8.img to the guest HVC', async () => {
    const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-run-default-'));
    const r = await execa('node', [CLI, 'run', '--build-dir', buildDir, '--until', 'ESR_EL2 = 0x5a000000', '--timeout', '200'], { reject: false, timeout: 280_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('HVC #0 from guest: x8 = 777, ESR_EL2 = 0x5a000000');
    expect(r.stderr).toContain(`booting ${path.join(buildDir, 'kernel8.img')}`);
    expect(fs.existsSync(path.join(buildDir, 'test_binary.bin'))).toBe(true);
  }, 300_000);
});
