// config.txt for the boot partition, rendered from the commented template sdcard/config.txt.in.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONFIG_TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'config.txt.in');
export const KERNEL_FILE = 'kernel8.img';

export function renderConfigTxt(vars: { kernel?: string } = {}): string {
  const values: Record<string, string> = { kernel: vars.kernel ?? KERNEL_FILE };
  return fs.readFileSync(CONFIG_TEMPLATE, 'utf8').replace(/\{\{(\w+)\}\}/g, (m, k: string) => {
    if (!(k in values)) throw new Error(`config template ${CONFIG_TEMPLATE}: unknown variable ${m}`);
    return values[k];
  });
}
