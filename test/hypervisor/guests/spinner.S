// Benchmark guest: never exits on its own; only the end of its time slice takes it off the
// core (the "IRQ with a VM switch" exit of test/bench/vm-exits.ts).
    .text
    .globl _start
_start:
    .globl spin_loop
spin_loop:
    b       spin_loop
