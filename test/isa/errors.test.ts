// Error messages of the encoder name the operand and the valid range (the assembler adds
// file:line:col). Ranges are the architecture's (ARM ARM field widths).
import { describe, expect, it } from 'vitest';
import { UserError } from '../../tools/common/diagnostics.ts';
import { assemble } from '../../tools/isa/index.ts';
import { simpleContext } from '../../tools/isa/simple-expr.ts';

const err = (line: string): string => {
  const m = /^(\S+)\s*(.*)$/.exec(line)!;
  try {
    assemble(m[1], m[2], simpleContext(0));
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error(`'${line}' was accepted`);
};

describe('encoder errors', () => {
  it.each([
    ['add x0, x1, #5000', /operand 3 of 'add'.*5000 out of range \[0, 4095\]/],
    ['ldr x0, [x1, #40000]', /operand 2 of 'ldr'.*offset 40000 out of range \[0, 32760\]/],
    ['ldr x0, [x1, #-300]', /operand 2 of 'ldr'.*-300 out of range \[0, 32760\] or \[-256, 255\]/],
    ['ldp x0, x1, [sp, #-520]!', /operand 3 of 'ldp'.*-520 out of range \[-512, 504\]/],
    ['ldp x0, x1, [sp, #4]', /operand 3 of 'ldp'.*multiple of 8/],
    ['b.eq #0x200000', /operand 1 of 'b.eq'.*out of range \[-1048576, 1048572\]/],
    ['b #2', /operand 1 of 'b'.*multiple of 4/],
    ['tbz x0, #64, #8', /operand 2 of 'tbz'.*\[0, 63\]/],
    ['tbz w0, #32, #8', /operand 2 of 'tbz'.*\[0, 31\]/],
    ['movz x0, #0x10000', /operand 2 of 'movz'.*\[0, 65535\]/],
    ['movz w0, #1, lsl #32', /shift must be lsl #0 or #16/],
    ['and x0, x1, #0x1234', /0x1234 is not a valid logical \(bitmask\) immediate/],
    ['mov x0, #0x1234567', /cannot be loaded by one mov/],
    ['lsl x0, x1, #64', /operand 3 of 'lsl'.*\[0, 63\]/],
    ['ubfx x0, x1, #60, #5', /operand 4 of 'ubfx'.*\[1, 4\]/],
    ['svc #0x10000', /operand 1 of 'svc'.*\[0, 65535\]/],
    ['msr currentel, x0', /'currentel' is not writable/],
    ['mrs x0, oslar_el1', /'oslar_el1' is not readable/],
    ['tlbi vmalle1, x0', /takes no register/],
    ['dmb foo', /unknown <option> 'foo'/],
    ['ldr x0, [x0], #8', /unpredictable: writeback base/],
    ['fmov s0, #0.1', /not encodable as an 8-bit FP immediate/],
    ['frobnicate x0', /unknown instruction 'frobnicate'/],
    ['add x0, x1', /'add' takes 3 to 4 operands, got 2/],
    ['b foo+', /bad expression/],
    ['add x0, x1, #sym', /expected a constant or ':lo12:' expression, got a reference to 'sym'/],
  ])('%s', (line, re) => {
    expect(err(line)).toMatch(re);
  });
});
