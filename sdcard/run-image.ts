// The card `raspvisor run` boots when nothing is named: build/sdcard.img with the build's
// kernel8.img, guests, vms.txt and config.txt (and the Pi firmware when it is installed; the
// emulator does not need it). Rewritten only when one of those files changed: a stamp beside
// the image records the SHA-256 of each.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chooseVmsFile, collectBootFiles } from './boot-files.ts';
import { locateFirmware } from './firmware.ts';
import { defaultImageSize, writeImageFile } from './image.ts';

export const RUN_IMAGE = 'sdcard.img';

export interface RunImage {
  path: string;
  /** False when the image on disk already held these files. */
  written: boolean;
}

export function prepareRunImage(opts: { buildDir: string; images: string[]; root: string; warn: (message: string) => void }): RunImage {
  let withFirmware = true;
  try {
    locateFirmware({});
  } catch {
    withFirmware = false;
  }
  const vmsFile = chooseVmsFile({ root: opts.root, buildDir: opts.buildDir });
  const boot = collectBootFiles({ buildDir: opts.buildDir, images: opts.images, withFirmware, vmsFile, warnMissing: opts.warn });
  const out = path.join(opts.buildDir, RUN_IMAGE);
  const stampFile = out + '.inputs';
  const stamp = JSON.stringify({ version: 1, files: boot.files.map((f) => [f.name, f.size, f.sha256]) }) + '\n';
  let old: string | undefined;
  try {
    old = fs.readFileSync(stampFile, 'utf8');
  } catch {
    // no stamp: write the image
  }
  if (old === stamp && fs.existsSync(out)) return { path: out, written: false };
  fs.rmSync(stampFile, { force: true });
  writeImageFile(out, { sizeBytes: defaultImageSize(boot.files), files: boot.files.map((f) => ({ path: f.name, source: f.source })) });
  fs.writeFileSync(stampFile, stamp);
  return { path: out, written: true };
}
