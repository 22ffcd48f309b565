import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '../../tools/cli/raspvisor.mjs');

describe('raspvisor CLI', () => {
  it('prints its version from package.json', async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default;
    const r = await execa('node', [CLI, '--version']);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
  it('rejects an unknown command with exit 1 and no stack trace', async () => {
    const r = await execa('node', [CLI, 'no-such-command'], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("unknown command 'no-such-command'");
    expect(r.stderr).not.toMatch(/\n\s+at .*\.(ts|js|mjs):\d+/);
  });
});
