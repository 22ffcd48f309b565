// A long pseudo-random register sequence over all of one VM's devices, printing every value
// read: run in V8 and, compiled by our backend, under qemu-aarch64; the two transcripts must
// be the same (backend.test.ts). Entries: vdev-scenario.ts (through VmDevices) and
// vdev-scenario-direct.ts (each device called as its own class).
import { GuestClock, GuestMemory, NOT_MAPPED } from "../../../hypervisor/vdev/device";
import { VmDevices } from "../../../hypervisor/vdev/vm-devices";
import { flush, putc, printU64 } from "../../compiler-diff/assembly/io";

const RAM_BYTES: u32 = 0x4000;
const RAM = memory.data(RAM_BYTES, 16);
let now: u64 = 0;

class Clock implements GuestClock {
  nowMicros(): u64 {
    return now;
  }
}
class Ram implements GuestMemory {
  translate(ipa: u64, write: bool): u64 {
    return ipa < <u64>RAM_BYTES ? <u64>RAM + ipa : NOT_MAPPED;
  }
  sizeBytes(): u64 {
    return RAM_BYTES;
  }
}

let seed: u32 = 0x12345678;
function rand(): u32 {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return seed;
}

const WINDOWS: StaticArray<u32> = [0x3F215000, 0x3F215040, 0x3F003000, 0x3F00B200, 0x3F200000, 0x3F00B880, 0x3F100000];
const SPANS: StaticArray<u32> = [0x08, 0x2C, 0x1C, 0x28, 0xA0, 0x40, 0x100];

let direct = false;

/** Each device called as its own class (no virtual dispatch) when `direct`. */
function devRead(vm: VmDevices, w: u32, ipa: u64): u64 {
  if (!direct) return vm.mmioRead(ipa, 4);
  if (w < 2) return vm.uart.read(<u32>(ipa - 0x3F215000), 4);
  if (w == 2) return vm.timer.read(<u32>(ipa - 0x3F003000), 4);
  if (w == 3) return vm.intc.read(<u32>(ipa - 0x3F00B000), 4);
  if (w == 4) return vm.gpio.read(<u32>(ipa - 0x3F200000), 4);
  if (w == 5) return vm.mailbox.read(<u32>(ipa - 0x3F00B880), 4);
  return 0;
}
function devWrite(vm: VmDevices, w: u32, ipa: u64, v: u64): void {
  if (!direct) vm.mmioWrite(ipa, 4, v);
  else if (w < 2) vm.uart.write(<u32>(ipa - 0x3F215000), 4, v);
  else if (w == 2) vm.timer.write(<u32>(ipa - 0x3F003000), 4, v);
  else if (w == 3) vm.intc.write(<u32>(ipa - 0x3F00B000), 4, v);
  else if (w == 4) vm.gpio.write(<u32>(ipa - 0x3F200000), 4, v);
  else if (w == 5) vm.mailbox.write(<u32>(ipa - 0x3F00B880), 4, v);
}

function value(v: u64): void {
  printU64(v);
  putc(10);
}

export function runScenario(directCalls: bool): void {
  direct = directCalls;
  const vm = new VmDevices(new Clock(), new Ram(), 4, "scenario");
  // A property buffer: board revision, ARM memory, clock rate of clock 4.
  const tags: StaticArray<u32> = [64, 0, 0x10002, 4, 0, 0, 0x10005, 8, 0, 0, 0, 0x30002, 8, 0, 4, 0, 0];
  for (let i = 0; i < tags.length; i++) store<u32>(RAM + 0x100 + i * 4, tags[i]);
  for (let step = 0; step < 20000; step++) {
    const k = rand() % 100;
    const w = rand() % <u32>WINDOWS.length;
    const ipa = <u64>(WINDOWS[w] + ((rand() % SPANS[w]) & ~3));
    if (k < 10) now += <u64>(rand() % 50);
    else if (k < 20) value(vm.uart.rxPush(<u8>rand()) ? 1 : 0);
    else if (k < 25) value(<u64>vm.uart.txPop());
    else if (k < 55) devWrite(vm, w, ipa, <u64>(rand() % 4 == 0 ? rand() : rand() & 0xFF));
    else if (k < 57) devWrite(vm, 5, 0x3F00B8A0, 0x108);
    else value(devRead(vm, w, ipa));
    if (step % 64 == 0) {
      value(vm.irqAsserted() ? 1 : 0);
      value(vm.fiqAsserted() ? 1 : 0);
      value(vm.nextTimerEvent());
    }
  }
  for (let i = 0; i < tags.length; i++) value(load<u32>(RAM + 0x100 + i * 4));
  value(vm.unhandled);
  value(vm.uart.txDropped);
  flush();
}
