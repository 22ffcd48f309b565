// The device scenario (scenario.ts) with each device called as its own class.
import { runScenario } from "./scenario";

export function main(): void {
  runScenario(true);
}
