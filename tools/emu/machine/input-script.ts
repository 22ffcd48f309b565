// Scripted UART input for tests and batch runs. The text is sent byte by byte as the guest's
// receive FIFO takes it, with three escapes for timing:
//   \p{MS}    pause MS milliseconds of virtual time before sending on
//   \w{TEXT}  wait until the guest has printed TEXT (after the previous wait point)
//   \n \r \t \\ \xHH  the usual characters
// Interactive keyboard input is appended to the same queue.
import { UserError } from '../../common/diagnostics.ts';

export type InputItem = { kind: 'byte'; value: number } | { kind: 'pause'; ns: number } | { kind: 'wait'; text: string };

export function parseInputScript(text: string, what = '--input'): InputItem[] {
  const out: InputItem[] = [];
  const bad = (i: number, msg: string): never => {
    throw new UserError(`${what}: ${msg} at character ${i + 1}`);
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '\\') {
      for (const b of Buffer.from(ch, 'utf8')) out.push({ kind: 'byte', value: b });
      continue;
    }
    const e = text[++i];
    const braced = (): string => {
      if (text[i + 1] !== '{') bad(i, `\\${e} needs {...}`);
      const end = text.indexOf('}', i + 2);
      if (end < 0) bad(i, `unterminated \\${e}{`);
      const body = text.slice(i + 2, end);
      i = end;
      return body;
    };
    switch (e) {
      case 'n': out.push({ kind: 'byte', value: 10 }); break;
      case 'r': out.push({ kind: 'byte', value: 13 }); break;
      case 't': out.push({ kind: 'byte', value: 9 }); break;
      case '\\': out.push({ kind: 'byte', value: 92 }); break;
      case 'x': {
        const hex = text.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) bad(i, '\\x needs two hex digits');
        out.push({ kind: 'byte', value: parseInt(hex, 16) });
        i += 2;
        break;
      }
      case 'p': {
        const body = braced();
        const ms = Number(body);
        if (!Number.isFinite(ms) || ms < 0) bad(i, `\\p{${body}}: not a number of milliseconds`);
        out.push({ kind: 'pause', ns: ms * 1e6 });
        break;
      }
      case 'w': out.push({ kind: 'wait', text: braced() }); break;
      case undefined: bad(i - 1, 'trailing backslash'); break;
      default: bad(i, `unknown escape \\${e} (known: \\n \\r \\t \\\\ \\xHH \\p{MS} \\w{TEXT})`);
    }
  }
  return out;
}
