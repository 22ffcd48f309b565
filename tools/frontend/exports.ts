// asc keeps only the first of two exports with the same name from different entry files and
// says nothing. Each export becomes a global symbol, so a duplicate is reported here, at the
// second declaration.
import { UserError, type SourceLocation } from '../common/diagnostics.ts';
import type { AscExport, AscRange } from './asc-host.ts';

export function findDuplicateExports(exports: AscExport[], locate: (r: AscRange) => SourceLocation): UserError[] {
  const firstSeen = new Map<string, string>();
  const errors: UserError[] = [];
  for (const e of exports) {
    const prev = firstSeen.get(e.name);
    if (prev === undefined) {
      firstSeen.set(e.name, e.file);
      continue;
    }
    if (prev === e.file) continue;
    errors.push(
      new UserError(`export '${e.name}' is also exported by ${prev}; asc would silently drop this one`, {
        loc: e.range ? locate(e.range) : { file: e.file, line: 1, col: 1 },
      }),
    );
  }
  return errors;
}
