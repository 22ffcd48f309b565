// asc keeps only the first of two exports with the same name from different entry files and
// says nothing. Each export becomes a global symbol, so a duplicate is reported here, at the
// second declaration.
import { UserError } from '../common/diagnostics.ts';
import { locate } from './locate.ts';

const USER_ENTRY = 1; // asc SourceKind.UserEntry

export function findDuplicateExports(program: any, root: string, ascDir: string, libDir: string): UserError[] {
  const firstSeen = new Map<string, string>();
  const errors: UserError[] = [];
  for (const [, file] of program.filesByName as Map<string, any>) {
    if (file.source?.sourceKind !== USER_ENTRY || !file.exports) continue;
    for (const [name, element] of file.exports as Map<string, any>) {
      const prev = firstSeen.get(name);
      if (prev === undefined) {
        firstSeen.set(name, file.source.normalizedPath);
        continue;
      }
      const range = element.declaration?.name?.range ?? element.declaration?.range;
      const loc = range ? locate(root, ascDir, libDir, range.source.normalizedPath, range.start, range.end) : undefined;
      errors.push(
        new UserError(`export '${name}' is also exported by ${prev}; asc would silently drop this one`, {
          loc: loc ?? { file: file.source.normalizedPath, line: 1, col: 1 },
        }),
      );
    }
  }
  return errors;
}
