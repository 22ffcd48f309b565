// Function pointers: tables of functions (call_indirect), higher-order functions, and virtual
// methods of a small class hierarchy.
import { flush, print, printI64, println } from "./io";

function sq(x: i32): i32 { return x * x; }
function neg(x: i32): i32 { return -x; }
function half(x: i32): i32 { return x / 2; }
function inc(x: i32): i32 { return x + 1; }
function triple(x: i32): i32 { return x * 3; }

function add(a: i32, b: i32): i32 { return a + b; }
function mul(a: i32, b: i32): i32 { return a * b; }
function max(a: i32, b: i32): i32 { return a > b ? a : b; }
function xor(a: i32, b: i32): i32 { return a ^ b; }

function mapReduce(n: i32, f: (x: i32) => i32, r: (a: i32, b: i32) => i32, init: i32): i32 {
  let acc = init;
  for (let i = 1; i <= n; i++) acc = r(acc, f(i));
  return acc;
}

function compose(fs: StaticArray<(x: i32) => i32>, x: i32): i32 {
  for (let i = 0; i < fs.length; i++) x = fs[i](x);
  return x;
}

class Shape {
  area(): i64 { return 0; }
  name(): string { return "shape"; }
}
class Rect extends Shape {
  constructor(public w: i64, public h: i64) { super(); }
  area(): i64 { return this.w * this.h; }
  name(): string { return "rect"; }
}
class Square extends Rect {
  constructor(s: i64) { super(s, s); }
  name(): string { return "square"; }
}
class Tri extends Shape {
  constructor(public b: i64, public h: i64) { super(); }
  area(): i64 { return (this.b * this.h) / 2; }
  name(): string { return "tri"; }
}

export function main(): void {
  const unary: StaticArray<(x: i32) => i32> = [sq, neg, half, inc, triple];
  const binary: StaticArray<(a: i32, b: i32) => i32> = [add, mul, max, xor];
  for (let i = 0; i < unary.length; i++) {
    for (let j = 0; j < binary.length; j++) {
      printI64(mapReduce(1000, unary[i], binary[j], j == 1 ? 1 : 0));
      print(" ");
    }
    println("");
  }
  let total: i64 = 0;
  for (let x = 0; x < 20000; x++) total += compose(unary, x);
  print("compose total "); printI64(total); println("");
  const shapes = new Array<Shape>();
  for (let i: i64 = 1; i <= 300; i++) {
    const k = i % 4;
    shapes.push(k == 0 ? new Shape() : k == 1 ? new Rect(i, i + 1) : k == 2 ? <Shape>new Square(i) : new Tri(i, 2 * i + 1));
  }
  let area: i64 = 0;
  let names = 0;
  for (let r = 0; r < 20; r++) {
    for (let i = 0; i < shapes.length; i++) {
      area += shapes[i].area();
      names += shapes[i].name().length;
    }
  }
  print("areas "); printI64(area); print(" names "); printI64(names); println("");
  flush();
}
