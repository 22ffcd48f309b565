// What every peripheral model offers the bus. Offsets are relative to the device's base;
// registers are 32 bits wide unless a device says otherwise, so the bus hands sub-word
// accesses to the device with their size and lets it decide (the UART data registers take
// byte stores, everything else reads as if the access were 32 bits wide).
export interface MmioDevice {
  readonly name: string;
  read(offset: number, size: number): number;
  write(offset: number, size: number, value: number): void;
}

/** A device with its own notion of time: the machine tells it the time, and asks when it
 *  next needs attention so that idle cores can skip ahead. Times are virtual nanoseconds. */
export interface TimedDevice {
  sync(nowNs: number): void;
  /** Absolute time of the next event this device will raise by itself (Infinity: none). */
  nextEventNs(nowNs: number): number;
}

/** A level-sensitive interrupt output. */
export type IrqLine = (level: boolean) => void;

export const noIrq: IrqLine = () => {};
