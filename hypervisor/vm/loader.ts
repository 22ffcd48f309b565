// Loading a guest's raw image into its VM's RAM at the load address, page by page through the
// VM's own stage 2 (so the pages count against its quota), then cleaning the data cache to
// the point of coherency: the guest starts with its MMU and caches off and must see the bytes.
import { dc_cvac, dsb_sy } from "aarch64";
import { Vm } from "./vm";
import { NOT_MAPPED } from "../arch/stage2";
import { PAGE_SIZE } from "./page-alloc";

// @ts-ignore: decorator
@external("env", "__wasm_memmove") declare function copyMachine(dst: u64, src: u64, n: u64): void;

const CACHE_LINE: u64 = 64;

/** Copies `size` bytes from host PA `src`; returns an error message, or "" when loaded. */
export function loadImage(vm: Vm, src: u64, size: u64, loadAddress: u64): string {
  if (loadAddress + size > vm.memoryBytes) {
    return "image of " + size.toString() + " bytes at " + loadAddress.toString() + " does not fit in its " +
      vm.memoryBytes.toString() + " bytes of memory";
  }
  let done: u64 = 0;
  while (done < size) {
    const ipa = loadAddress + done;
    const pa = vm.mapRam(ipa);
    if (pa == NOT_MAPPED) return "out of memory while loading";
    let n = PAGE_SIZE - (ipa & (PAGE_SIZE - 1));
    if (n > size - done) n = size - done;
    copyMachine(pa, src + done, n);
    for (let line = pa & ~(CACHE_LINE - 1); line < pa + n; line += CACHE_LINE) dc_cvac(line);
    done += n;
  }
  dsb_sy();
  return "";
}
