// The SD card behind the EMMC host as a BlockDevice; initialises the card on first use.
import { BlockDevice } from "./block-device";
import { sdInit, sdReadBlocks, sdErrorName, sdLastError, sdReady } from "../drivers/emmc";

export class SdBlockDevice extends BlockDevice {
  readBlocks(lba: u32, count: u32, dst: usize): i32 {
    if (!sdReady()) {
      const r = sdInit();
      if (r != 0) return r;
    }
    return sdReadBlocks(lba, count, dst);
  }

  errorText(code: i32): string {
    const detail = sdLastError();
    return detail.length > 0 ? "SD card: " + detail : "SD card: " + sdErrorName(code);
  }
}
