#include "rt.h"
static i32 sq(i32 x) { return x * x; }
static i32 neg(i32 x) { return -x; }
static i32 half(i32 x) { return x / 2; }
static i32 inc(i32 x) { return x + 1; }
static i32 triple(i32 x) { return x * 3; }
static i32 add(i32 a, i32 b) { return a + b; }
static i32 mul(i32 a, i32 b) { return (i32)((u32)a * (u32)b); }
static i32 max(i32 a, i32 b) { return a > b ? a : b; }
static i32 xor(i32 a, i32 b) { return a ^ b; }
typedef i32 (*U)(i32);
typedef i32 (*B)(i32, i32);
__attribute__((noinline)) static i32 mapReduce(i32 n, U f, B r, i32 init) { i32 acc = init; for (i32 i = 1; i <= n; i++) acc = r(acc, f(i)); return acc; }
__attribute__((noinline)) static i32 compose(U *fs, int n, i32 x) { for (int i = 0; i < n; i++) x = fs[i](x); return x; }

typedef struct Shape Shape;
typedef struct { i64 (*area)(Shape *); const char *(*name)(Shape *); } VT;
struct Shape { const VT *vt; i64 a, b; };
static i64 shapeArea(Shape *s) { (void)s; return 0; }
static const char *shapeName(Shape *s) { (void)s; return "shape"; }
static i64 rectArea(Shape *s) { return s->a * s->b; }
static const char *rectName(Shape *s) { (void)s; return "rect"; }
static const char *squareName(Shape *s) { (void)s; return "square"; }
static i64 triArea(Shape *s) { return (s->a * s->b) / 2; }
static const char *triName(Shape *s) { (void)s; return "tri"; }
static const VT vShape = { shapeArea, shapeName }, vRect = { rectArea, rectName }, vSquare = { rectArea, squareName }, vTri = { triArea, triName };
static Shape *mk(const VT *vt, i64 a, i64 b) { Shape *s = alloc(sizeof(Shape)); s->vt = vt; s->a = a; s->b = b; return s; }
static i64 slen(const char *s) { i64 n = 0; while (s[n]) n++; return n; }

void program(void) {
  static U unary[] = { sq, neg, half, inc, triple };
  static B binary[] = { add, mul, max, xor };
  for (int i = 0; i < 5; i++) {
    for (int j = 0; j < 4; j++) { printI64(mapReduce(1000, unary[i], binary[j], j == 1 ? 1 : 0)); print(" "); }
    println("");
  }
  i64 total = 0;
  for (i32 x = 0; x < 20000; x++) total += compose(unary, 5, x);
  print("compose total "); printI64(total); println("");
  Shape **shapes = alloc(300 * sizeof(Shape *));
  int count = 0;
  for (i64 i = 1; i <= 300; i++) {
    i64 k = i % 4;
    shapes[count++] = k == 0 ? mk(&vShape, 0, 0) : k == 1 ? mk(&vRect, i, i + 1) : k == 2 ? mk(&vSquare, i, i) : mk(&vTri, i, 2 * i + 1);
  }
  i64 area = 0, names = 0;
  for (int r = 0; r < 20; r++)
    for (int i = 0; i < count; i++) { area += shapes[i]->vt->area(shapes[i]); names += slen(shapes[i]->vt->name(shapes[i])); }
  print("areas "); printI64(area); print(" names "); printI64(names); println("");
  flush();
}
