#!/bin/sh
# Stopgap build with GNU binutils: build.sh NAME OUTDIR  ->  OUTDIR/NAME.elf and OUTDIR/NAME.img
set -e
here=$(dirname "$0")
aarch64-linux-gnu-as -I "$here" "$here/$1.S" -o "$2/$1.o"
aarch64-linux-gnu-ld -Ttext=0x80000 "$2/$1.o" -o "$2/$1.elf"
aarch64-linux-gnu-objcopy -O binary "$2/$1.elf" "$2/$1.img"
