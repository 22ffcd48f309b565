// User-facing errors. A UserError is the user's mistake (bad source, bad image, bad flag):
// the CLI prints it as `file:line:col: error: message` plus the source line and a caret,
// and exits 1. Anything else that escapes is our bug: exit 2 with the stack.

export interface SourceLocation {
  file: string;
  line: number; // 1-based
  col: number; // 1-based
  /** The text of the source line, for the caret display. */
  lineText?: string;
  /** Length of the underlined span (default 1). */
  length?: number;
}

export class UserError extends Error {
  readonly loc?: SourceLocation;
  /** For binary inputs: the file and byte offset at fault. */
  readonly offset?: { file: string; offset: number };
  readonly notes: string[];

  constructor(message: string, opts: { loc?: SourceLocation; offset?: { file: string; offset: number }; notes?: string[] } = {}) {
    super(message);
    this.name = 'UserError';
    this.loc = opts.loc;
    this.offset = opts.offset;
    this.notes = opts.notes ?? [];
  }
}

/** Several located errors from one input (the assembler reports all it finds, not just the first). */
export class UserErrors extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((e) => formatUserError(e)).join('\n'));
    this.name = 'UserErrors';
  }
}

export function formatUserError(e: UserError): string {
  const lines: string[] = [];
  if (e.loc) {
    lines.push(`${e.loc.file}:${e.loc.line}:${e.loc.col}: error: ${e.message}`);
    if (e.loc.lineText !== undefined) {
      const text = e.loc.lineText.replace(/\t/g, ' ');
      lines.push(text);
      lines.push(' '.repeat(Math.max(0, e.loc.col - 1)) + '^' + '~'.repeat(Math.max(0, (e.loc.length ?? 1) - 1)));
    }
  } else if (e.offset) {
    lines.push(`${e.offset.file}: offset 0x${e.offset.offset.toString(16)}: error: ${e.message}`);
  } else {
    lines.push(`error: ${e.message}`);
  }
  for (const n of e.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}

export function isUserError(e: unknown): e is UserError | UserErrors {
  return e instanceof UserError || e instanceof UserErrors;
}
