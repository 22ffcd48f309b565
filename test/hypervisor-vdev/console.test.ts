// The console multiplexer (hypervisor/console/ with drivers/mini-uart.ts, compiled by asc and
// run in V8) driving our emulator's mini-UART and GPIO models (tools/emu/devices/) as the real
// hardware: typed bytes go in through the model's RX FIFO and interrupt line, and what the
// console prints comes out of its TX. VMs are test VMs whose only device is a virtual UART.
import { beforeAll, describe, expect, test } from 'vitest';
import { compileDriver, instantiate } from './wasm.ts';
import { AuxMiniUart, AUX_REG } from '../../tools/emu/devices/aux-uart.ts';
import { Gpio } from '../../tools/emu/devices/gpio.ts';

const AUX = 0x3f215000;
const GPIO = 0x3f200000;
const CLO = 0x3f003004;

let module: WebAssembly.Module;
beforeAll(async () => {
  module = await compileDriver('console-driver.ts');
}, 120_000);

function machine(vms = 3) {
  let out = '';
  let irq = false;
  let wireBusy = false;
  let clo = 0;
  let accesses = 0;
  const uart = new AuxMiniUart((b) => { out += String.fromCharCode(b); }, (l) => { irq = l; });
  const gpio = new Gpio();
  const { ex } = instantiate(module, {
    read(a) {
      accesses++;
      if (a >= AUX && a < AUX + 0x100) {
        const v = uart.read(a - AUX);
        return a - AUX === AUX_REG.MU_LSR && wireBusy ? v & ~0x60 : v;
      }
      if (a >= GPIO && a < GPIO + 0x100) return gpio.read(a - GPIO);
      if (a === CLO) return clo;
      throw new Error(`read of ${a.toString(16)}`);
    },
    write(a, _s, v) {
      accesses++;
      if (a >= AUX && a < AUX + 0x100) return uart.write(a - AUX, 4, v);
      if (a >= GPIO && a < GPIO + 0x100) return gpio.write(a - GPIO, 4, v);
      throw new Error(`write of ${a.toString(16)}`);
    },
  });
  ex.consoleInit();
  for (let id = 1; id <= vms; id++) ex.addVm(id);
  const m = {
    ex, uart, gpio,
    /** What the console printed since the last call. */
    output() { const o = out; out = ''; return o; },
    irq: () => irq,
    /** Device accesses (the real UART, GPIO, timer) so far. */
    accesses: () => accesses,
    setWireBusy(b: boolean) { wireBusy = b; },
    advance(us: number) { clo = (clo + us) >>> 0; },
    /** The person types `s`: each byte enters the RX FIFO when it has room (the sender
     *  waits, it never overruns it); the AUX interrupt is taken while it is raised; every
     *  `pumpEvery` bytes the hypervisor takes an exit (consolePump). */
    type(s: string, pumpEvery = 8, onPump: () => void = () => {}) {
      let n = 0;
      for (const ch of Buffer.from(s, 'latin1')) {
        for (let spins = 0; !uart.canReceive(); spins++) {
          if (spins > 100) throw new Error('the console stopped taking input');
          if (irq) ex.consoleRxInterrupt();
          else { ex.consolePump(); onPump(); }
        }
        uart.receive(ch);
        if (irq) ex.consoleRxInterrupt();
        if (++n % pumpEvery === 0) { ex.consolePump(); onPump(); }
      }
      ex.consolePump();
      onPump();
    },
    /** The guest of VM `id` reads up to `max` bytes (as its LSR allows). */
    guestRead(id: number, max = 1 << 30) {
      let s = '';
      for (let b = ex.guestGet(id); b >= 0; b = s.length < max - 1 ? ex.guestGet(id) : -1) s += String.fromCharCode(b);
      return s;
    },
    guestWrite(id: number, s: string) {
      for (const ch of Buffer.from(s, 'latin1')) ex.guestPut(id, ch);
    },
  };
  return m;
}

const PASTE = Array.from({ length: 200 }, (_, i) => 'The quick brown fox jumps over the lazy dog 0123456789.,;:'[i % 58]).join('');

describe('the real mini-UART', () => {
  test('consoleInit: pins 14/15 ALT5, pulls off, 8 bits, 115200 baud, RX interrupt on (as the emulator model reads them)', () => {
    const m = machine(0);
    expect(m.gpio.functionOf(14)).toBe(2);
    expect(m.gpio.functionOf(15)).toBe(2);
    expect([m.gpio.pull[14], m.gpio.pull[15]]).toEqual([0, 0]);
    expect(m.uart.read(AUX_REG.ENABLES)).toBe(1);
    expect(m.uart.read(AUX_REG.MU_LCR)).toBe(3);
    expect(m.uart.read(AUX_REG.MU_BAUD)).toBe(270);
    expect(m.uart.read(AUX_REG.MU_CNTL)).toBe(3);
    expect(m.uart.read(AUX_REG.MU_IER)).toBe(1);
  });
});

describe('input', () => {
  test('200 pasted characters reach the foreground guest whole, in order, while it reads slowly', () => {
    const m = machine();
    let got = '';
    m.type(PASTE, 8, () => { got += m.guestRead(1, 3); });
    for (let i = 0; i < 200 && got.length < PASTE.length; i++) {
      m.ex.consolePump();
      got += m.guestRead(1, 3);
    }
    expect(got).toBe(PASTE);
    expect(m.guestRead(2) + m.guestRead(3)).toBe('');
    expect(m.output()).toBe('');
  });

  test('a guest that does not read yet: the console holds 3,000 typed bytes and it gets them all later', () => {
    const m = machine();
    const text = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(0x41 + (i % 26))).join('');
    m.type(text, 16);
    let got = '';
    for (let i = 0; i < 2000 && got.length < text.length; i++) {
      got += m.guestRead(1);
      m.ex.consolePump();
    }
    expect(got).toBe(text);
  });

  test('a full input ring turns the RX interrupt off (bytes wait in the FIFO) and the pump turns it back on', () => {
    const m = machine();
    const text = Array.from({ length: 1100 }, (_, i) => String.fromCharCode(0x61 + (i % 26))).join('');
    let fed = 0;
    // The hypervisor takes only interrupts, no exits, until the ring (1,024 bytes) is full.
    while (fed < text.length && (m.uart.canReceive() || m.irq())) {
      if (m.uart.canReceive()) m.uart.receive(text.charCodeAt(fed++));
      if (m.irq()) m.ex.consoleRxInterrupt();
    }
    expect(fed).toBe(1024 + 8);
    expect(m.uart.read(AUX_REG.MU_IER)).toBe(0);
    m.ex.consolePump();
    expect(m.uart.read(AUX_REG.MU_IER)).toBe(1);
    m.type(text.slice(fed));
    let got = '';
    for (let i = 0; i < 500 && got.length < text.length; i++) {
      got += m.guestRead(1);
      m.ex.consolePump();
    }
    expect(got).toBe(text);
  });
});

describe('commands', () => {
  test('?l: the VM table, * on the foreground VM', () => {
    const m = machine();
    m.type('?l');
    expect(m.output()).toBe(
      ' id  name        state    pages  saved-pc  wfx  hvc  sysreg  pf  mmio  irq  in-held  out-dropped\r\n' +
      '  1* mini-os     running  row-of-mini-os        0            0\r\n' +
      '  2  echo        running  row-of-echo        0            0\r\n' +
      '  3  mini-os     running  row-of-mini-os        0            0\r\n',
    );
  });

  test('?5 with 3 VMs: a clear line, the foreground stays; ?0 too', () => {
    const m = machine();
    m.type('?5?0');
    expect(m.output()).toBe('console: no VM 5 (VMs 1-3)\r\nconsole: no VM 0 (VMs 1-3)\r\n');
    expect(m.ex.foregroundVm()).toBe(1);
  });

  test('?? types a literal ?, split across exits too; ?h help; ? + anything else: a clear line', () => {
    const m = machine();
    m.type('a??b?', 1);
    m.type('?c');
    expect(m.guestRead(1)).toBe('a?b?c');
    m.type('?x?\r?h');
    expect(m.output()).toBe(
      'console: unknown command ?x (?h for help)\r\n' +
      'console: unknown command ?<0x0d> (?h for help)\r\n' +
      "console commands:\r\n  ?l      list the VMs\r\n  ?1-?9   put VM 1-9 on the console\r\n  ?kN     stop VM N (1-9)\r\n  ?rN     restart VM N from its image, with fresh memory\r\n  ??      type a '?'\r\n  ?h      this help\r\n",
    );
    expect(m.guestRead(1)).toBe('');
  });

  test('?k2 stops VM 2 (one line; ?l shows it stopped), split across exits too; a bad number: a clear line', () => {
    const m = machine();
    m.type('?k', 1);
    m.type('2?l');
    expect(m.output()).toBe(
      'INFO: VM 2 stopped from the console\r\n' +
      ' id  name        state    pages  saved-pc  wfx  hvc  sysreg  pf  mmio  irq  in-held  out-dropped\r\n' +
      '  1* mini-os     running  row-of-mini-os        0            0\r\n' +
      '  2  echo        stopped  row-of-echo        0            0\r\n' +
      '  3  mini-os     running  row-of-mini-os        0            0\r\n',
    );
    m.type('?k0?k4?kx?k\r');
    expect(m.output()).toBe(
      'console: ?k needs a VM number 1-3, not 0\r\n' +
      'console: ?k needs a VM number 1-3, not 4\r\n' +
      'console: ?k needs a VM number 1-3, not x\r\n' +
      'console: ?k needs a VM number 1-3, not <0x0d>\r\n',
    );
    expect(m.guestRead(1)).toBe('');
  });

  test('?r2 restarts VM 2: one line; its unshown output and unread input are gone; ?l counts it; a bad number: a clear line', () => {
    const m = machine();
    m.type('?2');
    m.type('0123456789abcdef'); // 8 in its RX FIFO, 8 held for it
    m.type('?l');
    expect(m.output()).toContain('  2* echo        running  row-of-echo        8            0\r\n');
    m.type('?1');
    m.guestWrite(2, 'before the restart\r\n'); // in the background: buffered
    m.type('?r2?l');
    expect(m.output()).toBe(
      'console: switched to VM 1 (mini-os)\r\n' +
      'INFO: VM 2 restarting from the console\r\n' +
      ' id  name        state    pages  saved-pc  wfx  hvc  sysreg  pf  mmio  irq  in-held  out-dropped\r\n' +
      '  1* mini-os     running  row-of-mini-os        0            0\r\n' +
      '  2  echo        running  row-of-echo-r1        0            0\r\n' +
      '  3  mini-os     running  row-of-mini-os        0            0\r\n',
    );
    m.type('?2');
    expect(m.output()).toBe('console: switched to VM 2 (echo)\r\n');
    m.guestWrite(2, 'after\r\n');
    m.ex.consolePump();
    expect(m.output()).toBe('after\r\n');
    m.type('?r0?r4?rx');
    expect(m.output()).toBe(
      'console: ?r needs a VM number 1-3, not 0\r\n' +
      'console: ?r needs a VM number 1-3, not 4\r\n' +
      'console: ?r needs a VM number 1-3, not x\r\n',
    );
  });

  test('more VMs than ?1-?9 reach, or out of order: a line, not a crash', () => {
    const m = machine(9);
    m.ex.addVm(10);
    expect(m.output()).toBe('console: VM 10 not on the console (ids go 1, 2, ... up to 9)\r\n');
    m.type('?9');
    expect(m.output()).toBe('console: switched to VM 9 (d)\r\n');
  });
});

describe('output', () => {
  test('the foreground VM prints at once; a background VM never waits, its output is shown on ?2 with what was dropped', () => {
    const m = machine();
    m.guestWrite(1, 'hello\r\n');
    m.ex.consolePump();
    expect(m.output()).toBe('hello\r\n');
    const bg = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(0x61 + (i % 26))).join('');
    for (const ch of bg) {
      expect(m.ex.guestLsr(2) & 0x20).toBe(0x20); // never "TX full" for a VM in the background
      m.ex.guestPut(2, ch.charCodeAt(0));
    }
    m.ex.consolePump();
    expect(m.output()).toBe('');
    m.type('?2');
    expect(m.output()).toBe('console: switched to VM 2 (echo)\r\nconsole: 904 earlier bytes of its output were dropped (it printed more than the buffer holds)\r\n' + bg.slice(904));
    m.guestWrite(2, 'now\r\n');
    m.guestWrite(1, 'one is in the background\r\n');
    m.ex.consolePump();
    expect(m.output()).toBe('now\r\n');
    m.type('?1');
    expect(m.output()).toBe('console: switched to VM 1 (mini-os)\r\none is in the background\r\n');
  });

  test('a busy wire: the pump never waits, the foreground guest sees TX full instead and nothing is dropped', () => {
    const m = machine();
    m.setWireBusy(true);
    const text = Array.from({ length: 4200 }, (_, i) => String.fromCharCode(0x30 + (i % 40))).join('');
    let i = 0;
    for (; i < text.length && (m.ex.guestLsr(1) & 0x20) !== 0; i++) m.ex.guestPut(1, text.charCodeAt(i));
    expect(i).toBe(4096);
    m.ex.consolePump();
    expect(m.output()).toBe('');
    m.setWireBusy(false);
    m.ex.consolePump();
    expect(m.output()).toBe(text.slice(0, 256)); // one pump's budget
    for (; i < text.length; i++) m.ex.guestPut(1, text.charCodeAt(i));
    let rest = '';
    for (let n = 0; n < 20; n++) { m.ex.consolePump(); rest += m.output(); }
    expect(rest).toBe(text.slice(256));
    expect(m.ex.txDropped(1)).toBe(0);
  });

  test('a pump with nothing typed and nothing printed touches no device (it runs on every exit)', () => {
    const m = machine();
    m.guestWrite(1, 'x');
    m.ex.consolePump();
    expect(m.output()).toBe('x');
    const before = m.accesses();
    for (let i = 0; i < 100; i++) m.ex.consolePump();
    expect(m.accesses()).toBe(before);
  });

  test('a hypervisor line after a half-printed guest line starts a line of its own', () => {
    const m = machine();
    m.guestWrite(1, 'abc');
    m.ex.line(0);
    expect(m.output()).toBe('abc\r\nINFO[1]: loading...\r\n');
  });

  test('hypervisor lines about a VM are rate-limited: 10 at once, then 10 per second, the rest counted', () => {
    const m = machine();
    for (let i = 0; i < 30; i++) m.ex.vmLine(2);
    expect(m.output()).toBe('WARN: flood\r\n'.repeat(10));
    m.advance(1_000_000);
    m.ex.vmLine(2);
    expect(m.output()).toBe('console: 20 messages about VM 2 suppressed\r\nWARN: flood\r\n');
    m.ex.vmLine(3); // another VM's budget is its own
    expect(m.output()).toBe('WARN: flood\r\n');
  });
});
