// The emulator's console on the user's terminal, as QEMU's `-serial stdio` with its mux:
// raw mode (every key goes to the guest, Ctrl-C included), Ctrl-A x quits, Ctrl-A h lists the
// keys, Ctrl-A Ctrl-A sends a literal Ctrl-A. The terminal mode is restored on every way out
// (normal end, error, signals).
const CTRL_A = 0x01;

export const CONSOLE_HELP = [
  'C-a h    print this help',
  'C-a x    exit emulator',
  'C-a s    print statistics (instructions, virtual time)',
  'C-a C-a  send C-a to the guest',
].join('\r\n');

export interface ConsoleOptions {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  onInput(bytes: number[]): void;
  onQuit(): void;
  onStats?(): string;
}

export class TerminalConsole {
  private escape = false;
  private raw = false;
  private readonly restoreOnSignal = (sig: NodeJS.Signals) => {
    this.close();
    process.kill(process.pid, sig);
  };
  private readonly restoreOnExit = () => this.close();
  private readonly onData = (chunk: Buffer) => this.handle(chunk);

  constructor(private readonly o: ConsoleOptions) {}

  start(): void {
    const { stdin } = this.o;
    if (stdin.isTTY) {
      stdin.setRawMode(true);
      this.raw = true;
    }
    process.on('exit', this.restoreOnExit);
    for (const s of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.once(s, this.restoreOnSignal);
    stdin.on('data', this.onData);
    stdin.resume();
  }

  private handle(chunk: Buffer): void {
    const out: number[] = [];
    for (const b of chunk) {
      if (this.escape) {
        this.escape = false;
        const k = String.fromCharCode(b).toLowerCase();
        if (k === 'x') { this.flush(out); this.o.onQuit(); return; }
        if (k === 'h') { this.o.stdout.write(`\r\n${CONSOLE_HELP}\r\n`); continue; }
        if (k === 's' && this.o.onStats) { this.o.stdout.write(`\r\n${this.o.onStats()}\r\n`); continue; }
        if (b === CTRL_A) { out.push(CTRL_A); continue; }
        continue; // unknown command key: ignored, as QEMU does
      }
      if (b === CTRL_A) { this.escape = true; continue; }
      out.push(b);
    }
    this.flush(out);
  }

  private flush(out: number[]): void {
    if (out.length) this.o.onInput(out.splice(0));
  }

  close(): void {
    const { stdin } = this.o;
    stdin.off('data', this.onData);
    process.off('exit', this.restoreOnExit);
    for (const s of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.off(s, this.restoreOnSignal);
    if (this.raw && stdin.isTTY) stdin.setRawMode(false);
    this.raw = false;
    stdin.pause();
  }
}
