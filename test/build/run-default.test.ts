// `raspvisor run` with nothing named builds the project, writes it onto a card image and boots
// that: the hypervisor reads its first guest from the card's FAT32 partition.
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve(import.meta.dirname, '../../tools/cli/raspvisor.mjs');

describe('raspvisor run (no image, no --kernel)', () => {
  it('builds the project, writes DIR/sdcard.img and boots it to the first VM loaded from the card', async () => {
    const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-run-default-'));
    const r = await execa('node', [CLI, 'run', '--build-dir', buildDir, '--until', 'INFO[1]: loaded', '--timeout', '200'], { reject: false, timeout: 480_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('INFO[1]: loading mini-os.bin...');
    expect(r.stderr).toContain(`booting ${path.join(buildDir, 'sdcard.img')} (written)`);
    expect(fs.existsSync(path.join(buildDir, 'mini-os.bin'))).toBe(true);
  }, 500_000);
});
