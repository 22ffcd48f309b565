// The generic timer: the machine supplies CNTPCT (a base value plus ticks per executed
// instruction); four timers (EL1 physical, virtual, EL2 physical, secure physical) compare it
// with their CVAL and drive output lines that the machine routes.
import { ACT, O_CNT_BASE, O_ICNT_BASE, O_TPI, O_ICOUNT } from './layout';
import { SR, setSR } from './state';
import * as S from './sysregs.gen';

export let g_inflight: i64 = 0; // instructions executed in the current inner loop, not yet in O_ICOUNT
export function setInflight(v: i64): void { g_inflight = v; }

export function counter(): u64 {
  let ic = load<i64>(ACT + O_ICOUNT) + g_inflight - load<i64>(ACT + O_ICNT_BASE);
  return load<u64>(ACT + O_CNT_BASE) + <u64>(<f64>ic * load<f64>(ACT + O_TPI));
}
export function setCounter(cnt: u64, tpi: f64): void {
  store<u64>(ACT + O_CNT_BASE, cnt);
  store<i64>(ACT + O_ICNT_BASE, load<i64>(ACT + O_ICOUNT));
  store<f64>(ACT + O_TPI, tpi);
}
export function virtCounter(): u64 { return counter() - SR(S.SR_CNTVOFF_EL2); }

// timer t: 0 EL1 physical, 1 virtual, 2 EL2 physical, 3 secure physical
export function ctlIdx(t: i32): i32 { return t == 0 ? S.SR_CNTP_CTL_EL0 : t == 1 ? S.SR_CNTV_CTL_EL0 : t == 2 ? S.SR_CNTHP_CTL_EL2 : S.SR_CNTPS_CTL_EL1; }
export function cvalIdx(t: i32): i32 { return t == 0 ? S.SR_CNTP_CVAL_EL0 : t == 1 ? S.SR_CNTV_CVAL_EL0 : t == 2 ? S.SR_CNTHP_CVAL_EL2 : S.SR_CNTPS_CVAL_EL1; }
function now(t: i32): u64 { return t == 1 ? virtCounter() : counter(); }

export function readCtl(t: i32): u64 {
  let c = SR(ctlIdx(t)) & 3;
  if ((c & 1) != 0 && now(t) >= SR(cvalIdx(t))) c |= 4;
  return c;
}
export function writeCtl(t: i32, v: u64): void { setSR(ctlIdx(t), v & 3); }
export function readTval(t: i32): u64 { return <u64>(<i64>(<i32>(SR(cvalIdx(t)) - now(t)))) & 0xffffffff; }
export function writeTval(t: i32, v: u64): void { setSR(cvalIdx(t), now(t) + <u64>(<i64>(<i32>v))); }

/** Bit t set when timer t's output is asserted. */
export function timerLines(): i32 {
  let r = 0;
  for (let t = 0; t < 4; t++) {
    let c = SR(ctlIdx(t));
    if ((c & 3) == 1 && now(t) >= SR(cvalIdx(t))) r |= 1 << t;
  }
  return r;
}

/** Counter ticks until the next enabled, unmasked timer fires (-1: none). */
export function ticksToNextEvent(): i64 {
  let best: i64 = -1;
  for (let t = 0; t < 4; t++) {
    let c = SR(ctlIdx(t));
    if ((c & 3) != 1) continue;
    let n = now(t), cv = SR(cvalIdx(t));
    let d: i64 = cv > n ? <i64>(cv - n) : 0;
    if (best < 0 || d < best) best = d;
  }
  return best;
}

/** Instructions until the next timer output change (i32 max when none / counter frozen): exactly
 * the first instruction count at which counter() reaches the compare value, whichever instruction
 * the count starts from (a run must stop there whether it is split into slices or translated
 * blocks differently: the count of a tick's fraction already elapsed is not dropped). */
export function insnsToNextEvent(): i32 {
  let tk = ticksToNextEvent();
  let tpi = load<f64>(ACT + O_TPI);
  if (tk <= 0 || tpi <= 0) return tk == 0 && tpi > 0 ? 1 : 0x7fffffff;
  let ic0 = load<i64>(ACT + O_ICOUNT) + g_inflight - load<i64>(ACT + O_ICNT_BASE);
  let d = <u64>(<f64>ic0 * tpi) + <u64>tk; // counter() - CNT_BASE when the timer fires
  let ic = <i64>Math.ceil(<f64>d / tpi);
  while (ic > ic0 && <u64>(<f64>(ic - 1) * tpi) >= d) ic--;
  while (<u64>(<f64>ic * tpi) < d) ic++;
  let n = ic - ic0;
  if (n >= 2147483647) return 0x7fffffff;
  return n < 1 ? 1 : <i32>n;
}
