# SPDX-License-Identifier: BSD-3-Clause
"""Images the suite builds itself: the empty PVH kernel (QEMU's floor) and
the Linux baseline (Debian's cloud kernel + a one-file initramfs)."""
import glob
import os
import shutil
import stat

from .common import BENCH, NotAvailable

LINUX_APPEND = ("console=ttyS0 quiet tsc_early_khz=2600000 panic=-1 "
                "pci=off")
LINUX_MARKER = "NFBENCH-LINUX-INIT"


def floor_image(ctx):
    """bench/floor/empty.S linked with empty.ld."""
    o = os.path.join(ctx.build, "floor")
    os.makedirs(o, exist_ok=True)
    src = os.path.join(BENCH, "floor")
    img = os.path.join(o, "empty")
    rc, out, _ = ctx.run(["gcc", "-c", "-o", img + ".o",
                          os.path.join(src, "empty.S")], 60, "build-floor-as")
    if rc == 0:
        rc, out, _ = ctx.run(["ld", "-nostdlib", "-T",
                              os.path.join(src, "empty.ld"), "-o", img,
                              img + ".o"], 60, "build-floor-ld")
    if rc != 0:
        raise NotAvailable("empty PVH kernel does not build: " + out[-160:])
    return img


def linux_kernel():
    """Debian's cloud kernel (bench setup installs linux-image-cloud-amd64),
    else any /boot/vmlinuz-*."""
    ks = sorted(glob.glob("/boot/vmlinuz-*cloud-amd64")) or \
        sorted(glob.glob("/boot/vmlinuz-*"))
    if not ks:
        raise NotAvailable("no Linux kernel in /boot (apt-get install "
                           "linux-image-cloud-amd64; bench/run --setup)")
    return ks[-1]


def linux_initramfs(ctx):
    """A newc cpio with /init (bench/linux/init.c, no libc), /dev/console
    and /dev/kmsg. Written by hand: the format is a header per file."""
    o = os.path.join(ctx.build, "linux")
    os.makedirs(o, exist_ok=True)
    init = os.path.join(o, "init")
    rc, out, _ = ctx.run(["gcc", "-Os", "-static", "-nostdlib",
                          "-fno-stack-protector", "-fno-pie", "-no-pie",
                          "-s", "-o", init,
                          os.path.join(BENCH, "linux", "init.c")], 60,
                         "build-linux-init")
    if rc != 0:
        raise NotAvailable("Linux baseline init does not build: " +
                           out[-160:])
    with open(init, "rb") as f:
        init_data = f.read()
    entries = [
        ("dev", stat.S_IFDIR | 0o755, b"", 0, 0),
        ("dev/console", stat.S_IFCHR | 0o600, b"", 5, 1),
        ("dev/kmsg", stat.S_IFCHR | 0o644, b"", 1, 11),
        ("init", stat.S_IFREG | 0o755, init_data, 0, 0),
    ]
    img = os.path.join(o, "initramfs.cpio")
    with open(img, "wb") as f:
        for ino, (name, mode, data, rmaj, rmin) in enumerate(
                entries + [("TRAILER!!!", 0, b"", 0, 0)], 1):
            nm = name.encode() + b"\0"
            hdr = "070701" + "".join("%08X" % v for v in (
                ino, mode, 0, 0, 1, 0, len(data), 0, 0, rmaj, rmin,
                len(nm), 0))
            f.write(hdr.encode() + nm)
            f.write(b"\0" * (-(110 + len(nm)) % 4))
            f.write(data)
            f.write(b"\0" * (-len(data) % 4))
    return img


def copy_stripped(ctx, img, name):
    """The image stripped (a copy; the original is left alone)."""
    o = os.path.join(ctx.build, "stripped")
    os.makedirs(o, exist_ok=True)
    dst = os.path.join(o, name)
    shutil.copyfile(img, dst)
    ctx.run(["strip", dst], 60, "strip-" + name)
    return dst
