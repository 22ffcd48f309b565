// The device scenario (scenario.ts) through VmDevices.mmioRead/mmioWrite.
import { runScenario } from "./scenario";

export function main(): void {
  runScenario(false);
}
