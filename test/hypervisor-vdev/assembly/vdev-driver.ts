// Test driver: one VM's devices (hypervisor/vdev/) with a clock and a RAM the test sets, as
// exports that test/hypervisor-vdev/*.test.ts call from V8 (the same register sequences the
// emulator's models get).
import { GuestClock, GuestMemory, NOT_MAPPED } from "../../../hypervisor/vdev/device";
import { VmDevices } from "../../../hypervisor/vdev/vm-devices";

const RAM_BYTES: u32 = 64 * 1024;
const RAM = memory.data(RAM_BYTES, 16);
let now: u64 = 0;
let ramSize: u64 = RAM_BYTES;

class TestClock implements GuestClock {
  nowMicros(): u64 {
    return now;
  }
}

class TestMemory implements GuestMemory {
  translate(ipa: u64, write: bool): u64 {
    return ipa < ramSize ? <u64>RAM + ipa : NOT_MAPPED;
  }
  sizeBytes(): u64 {
    return ramSize;
  }
}

let vm: VmDevices = new VmDevices(new TestClock(), new TestMemory(), 1, "test");

/** A fresh VM: `ramBytes` of RAM (at most 64 KiB), time 0. */
export function newVm(id: u32, ramBytes: u32): void {
  now = 0;
  ramSize = ramBytes;
  vm = new VmDevices(new TestClock(), new TestMemory(), id, "test");
}
export function ramAddress(): usize {
  return RAM;
}
export function setTime(us: u64): void {
  now = us;
}
export function mmioRead(ipa: u64, width: u32): u64 {
  return vm.mmioRead(ipa, width);
}
export function mmioWrite(ipa: u64, width: u32, value: u64): void {
  vm.mmioWrite(ipa, width, value);
}
export function findBase(ipa: u64): i64 {
  const d = vm.find(ipa);
  return d === null ? -1 : <i64>d.base;
}
export function irq(): bool {
  return vm.irqAsserted();
}
export function fiq(): bool {
  return vm.fiqAsserted();
}
export function nextTimerEvent(): u64 {
  return vm.nextTimerEvent();
}
export function unhandled(): u32 {
  return vm.unhandled;
}
export function intcSetGpu(n: u32, level: bool): void {
  vm.intc.setGpuIrq(n, level);
}
export function intcSetArm(n: u32, level: bool): void {
  vm.intc.setArmIrq(n, level);
}
export function rxPush(b: u32): bool {
  return vm.uart.rxPush(<u8>b);
}
export function rxSpace(): u32 {
  return vm.uart.rxSpace();
}
export function txPop(): i32 {
  return vm.uart.txPop();
}
export function txDropped(): u32 {
  return vm.uart.txDropped;
}
export function setBackpressure(on: bool): void {
  vm.uart.txBackpressure = on;
}
export function uartIrq(): bool {
  return vm.uart.irqLine();
}
export function gpioFunction(pin: u32): u32 {
  return vm.gpio.functionOf(pin);
}
export function gpioPull(pin: u32): u32 {
  return vm.gpio.pullOf(pin);
}
export function mailboxRefused(): u32 {
  return vm.mailbox.refused;
}
