// Strings with the stub runtime (allocation only): concatenation, number formatting,
// substring/indexOf/replace, split/join, character counting, a word frequency table.
import { flush, print, printI64, println } from "./io";

function wordsOf(i: i32): string {
  const words: StaticArray<string> = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"];
  return words[i % 8];
}

export function main(): void {
  let s = "";
  for (let i = 0; i < 200; i++) s += wordsOf(i * 7 + 3) + (i % 10 == 9 ? "\n" : " ");
  print("length "); printI64(s.length); println("");
  let e = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) == 101) e++;
  print("letter e "); printI64(e); println("");
  print("indexOf theta "); printI64(s.indexOf("theta")); print(" lastIndexOf alpha "); printI64(s.lastIndexOf("alpha")); println("");
  const lines = s.split("\n");
  print("lines "); printI64(lines.length); print(" first: "); println(lines[0]);
  const t = lines[1].replaceAll("a", "A").toUpperCase();
  println(t);
  println(lines[2].substring(5, 25) + "|" + lines[3].slice(-12));
  let nums = "";
  for (let i = -50; i <= 50; i += 7) nums += i.toString() + ",";
  println(nums);
  let big: i64 = 1;
  for (let i = 0; i < 15; i++) { big *= 13; print(big.toString()); print(" "); }
  println("");
  // word counts
  const counts = new StaticArray<i32>(8);
  const all = s.replaceAll("\n", " ").split(" ");
  for (let i = 0; i < all.length; i++) {
    for (let k = 0; k < 8; k++) if (all[i] == wordsOf(k)) counts[k]++;
  }
  for (let k = 0; k < 8; k++) { print(wordsOf(k)); print("="); printI64(counts[k]); print(" "); }
  println("");
  println(["x", "y", "z"].join("-") + " " + "abc".repeat(3) + " " + "  trim me  ".trim() + "!");
  flush();
}
