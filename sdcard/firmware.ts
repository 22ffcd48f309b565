// The Raspberry Pi 3 boot firmware: where it comes from, which files are needed, and their
// version and hashes for the manifest.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../tools/common/diagnostics.ts';

/** Debian's raspi-firmware package (component non-free-firmware) installs here. */
export const DEBIAN_FIRMWARE_DIR = '/usr/lib/raspi-firmware';

/**
 * What a Pi 3 needs on the boot partition before our kernel: bootcode.bin (the second-stage
 * loader the boot ROM runs from the SD card), start.elf (the VideoCore firmware that reads
 * config.txt and loads kernel8.img) and fixup.dat (the SDRAM partition table matching start.elf).
 * The Pi 4 files (start4*.elf, fixup4*.dat) and the camera/debug variants are not needed.
 */
export const REQUIRED_FIRMWARE = ['bootcode.bin', 'start.elf', 'fixup.dat'];

export interface FirmwareFile {
  name: string;
  path: string;
  size: number;
  sha256: string;
}

export interface Firmware {
  dir: string;
  /** "Debian raspi-firmware 1.20220830+ds-1", or "--firmware directory" */
  origin: string;
  version?: string;
  files: FirmwareFile[];
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function howToGet(): string[] {
  return [
    'on Debian: enable the non-free-firmware component and `apt-get install raspi-firmware` (tools/setup/apt-deps.sh does both)',
    `or copy ${REQUIRED_FIRMWARE.join(', ')} from the boot partition of an official Raspberry Pi OS image into a directory and pass --firmware DIR`,
  ];
}

/** Finds `name` in `dir`, also in another letter case (FAT boot partitions copied from Windows). */
function findIn(dir: string, entries: string[], name: string): string | undefined {
  const exact = entries.find((e) => e === name) ?? entries.find((e) => e.toLowerCase() === name);
  return exact === undefined ? undefined : path.join(dir, exact);
}

function debianVersion(): string | undefined {
  const r = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'raspi-firmware'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

function sameDir(a: string, b: string): boolean {
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

export function locateFirmware(opts: { dir?: string; defaultDir?: string } = {}): Firmware {
  const explicit = opts.dir !== undefined;
  const dir = path.resolve(opts.dir ?? opts.defaultDir ?? process.env.RASPVISOR_FIRMWARE_DIR ?? DEBIAN_FIRMWARE_DIR);
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (e: any) {
    throw new UserError(
      explicit
        ? `--firmware ${opts.dir}: ${e.code === 'ENOTDIR' ? 'not a directory' : 'no such directory'}`
        : `no Raspberry Pi firmware found: looked in ${dir} (Debian's raspi-firmware package) and no --firmware DIR was given`,
      { notes: howToGet() },
    );
  }
  const missing = REQUIRED_FIRMWARE.filter((n) => !findIn(dir, entries, n));
  if (missing.length > 0) {
    throw new UserError(`firmware directory ${dir} lacks ${missing.join(', ')} (a Pi 3 needs ${REQUIRED_FIRMWARE.join(', ')})`, { notes: howToGet() });
  }
  const files = REQUIRED_FIRMWARE.map((name) => {
    const p = findIn(dir, entries, name)!;
    let data: Buffer;
    try {
      data = fs.readFileSync(p);
    } catch (e: any) {
      throw new UserError(`${p}: cannot read firmware file: ${e.message}`);
    }
    if (data.length === 0) throw new UserError(`${p}: firmware file is empty`, { notes: howToGet() });
    return { name, path: p, size: data.length, sha256: sha256Hex(data) };
  });
  const version = sameDir(dir, DEBIAN_FIRMWARE_DIR) ? debianVersion() : undefined;
  const origin = version ? `Debian raspi-firmware ${version}` : explicit ? 'a --firmware directory (version unknown)' : `${dir} (version unknown)`;
  return { dir, origin, version, files };
}
