#!/usr/bin/env bash
# The Debian packages raspvisor's tests use as oracles (llvm-mc, qemu, gcc, gdb, dosfstools,
# mtools) and the Pi firmware. Needs root (or sudo). Safe to run twice.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# The Pi firmware lives in Debian's non-free-firmware component.
if ! grep -rqs 'non-free-firmware' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  . /etc/os-release
  # deb822 form with the same Signed-By as the stock debian.sources, so apt sees no conflict.
  printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: non-free-firmware\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "${VERSION_CODENAME:-bookworm}" | $SUDO tee /etc/apt/sources.list.d/raspvisor-non-free-firmware.sources >/dev/null
fi
# Tests fetch Debian's arm64 packages (busybox-static, u-boot-rpi, linux-image) with
# `apt-get download PKG:arm64`, which needs the architecture in apt's lists.
dpkg --print-foreign-architectures | grep -qx arm64 || $SUDO dpkg --add-architecture arm64
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends \
  llvm llvm-14 \
  binutils-aarch64-linux-gnu gcc-aarch64-linux-gnu \
  qemu-user qemu-system-arm \
  gdb-multiarch \
  dosfstools mtools fdisk \
  tmux \
  wabt \
  raspi-firmware
