// Where the bytes of a built image go: its objects linked again (as the build links them, with
// --gc-sections) and each linked input section counted by object and kind; what the image holds
// beyond them is alignment padding (2 KiB vector tables, 4 KiB page tables).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { link } from '../../../tools/elf/linker.ts';

export interface ImagePart { object: string; text: number; rodata: number; data: number }

function objectsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...objectsUnder(p));
    else if (e.name.endsWith('.o')) out.push(p);
  }
  return out.sort();
}

/** Bytes per object of a program built into `objDir` (the build's `<name>/obj`), its image size,
 *  and the padding between sections. */
export function imageParts(objDir: string, base: bigint, entry = '_start'): { parts: ImagePart[]; image: number; padding: number } {
  const files = objectsUnder(objDir);
  const r = link(files.map((f) => ({ name: path.relative(objDir, f), bytes: fs.readFileSync(f) })), {
    base, entry, textFirst: ['.text.boot', '.text.rv_boot'], gcSections: true,
  });
  const parts = new Map<string, ImagePart>();
  for (const o of r.sections) {
    if (o.kind === 'bss') continue;
    for (const p of o.inputs) {
      const part = parts.get(p.obj.file) ?? { object: p.obj.file, text: 0, rodata: 0, data: 0 };
      part[o.kind] += p.sec.size;
      parts.set(p.obj.file, part);
    }
  }
  const list = [...parts.values()].sort((a, b) => b.text + b.rodata + b.data - (a.text + a.rodata + a.data));
  const used = list.reduce((n, p) => n + p.text + p.rodata + p.data, 0);
  return { parts: list, image: r.binary.length, padding: r.binary.length - used };
}
