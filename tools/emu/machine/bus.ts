// Physical accesses outside RAM, dispatched by 4 KiB page to the device whose window holds the
// address. Unmapped addresses read as zero and ignore writes (as QEMU's unimplemented-device
// regions do), counted so that --stats can name them.
import type { MmioDevice } from '../devices/device.ts';
import type { CpuBus } from './cpu-port.ts';

interface Window {
  base: number;
  end: number;
  dev: MmioDevice;
  /** Added to (pa - base) to get the device's own register offset. */
  bias: number;
}

export class Bus implements CpuBus {
  private pages = new Map<number, Window[]>();
  readonly unmapped = new Map<number, number>();
  trace: ((dir: 'r' | 'w', core: number, pa: number, size: number, value: number, dev: string) => void) | null = null;

  /** Forget every mapping (the machine rewires its devices after a reset). */
  clear(): void {
    this.pages.clear();
  }

  map(base: number, size: number, dev: MmioDevice, bias = 0): void {
    const w: Window = { base, end: base + size, dev, bias };
    for (let p = Math.floor(base / 4096); p <= Math.floor((base + size - 1) / 4096); p++) {
      const list = this.pages.get(p) ?? [];
      list.push(w);
      this.pages.set(p, list);
    }
  }

  private find(pa: number): Window | undefined {
    const list = this.pages.get(Math.floor(pa / 4096));
    if (!list) return undefined;
    for (const w of list) if (pa >= w.base && pa < w.end) return w;
    return undefined;
  }

  read(core: number, pa: number, size: number): number {
    const w = this.find(pa);
    if (!w) { this.noteUnmapped(pa); return 0; }
    const aligned = pa & ~3;
    let v = w.dev.read(aligned - w.base + w.bias, size);
    if (size < 4) v = (v >>> ((pa & 3) * 8)) & (size === 1 ? 0xff : 0xffff);
    if (this.trace) this.trace('r', core, pa, size, v >>> 0, w.dev.name);
    return v >>> 0;
  }

  write(core: number, pa: number, size: number, value: number): void {
    const w = this.find(pa);
    if (!w) { this.noteUnmapped(pa); return; }
    if (this.trace) this.trace('w', core, pa, size, value >>> 0, w.dev.name);
    // A narrow store lands in its lane of the 32-bit register (UART data takes the low byte).
    const shift = (pa & 3) * 8;
    w.dev.write((pa & ~3) - w.base + w.bias, size, size < 4 ? (value << shift) >>> 0 : value >>> 0);
  }

  private noteUnmapped(pa: number): void {
    const page = pa & ~0xfff;
    this.unmapped.set(page, (this.unmapped.get(page) ?? 0) + 1);
  }
}
