# SPDX-License-Identifier: BSD-3-Clause
"""Image size: each NF image, stripped, against the Linux baseline's
kernel (bzImage) plus its initramfs."""
import os

from .assets import copy_stripped, linux_initramfs, linux_kernel
from .common import NotAvailable, build_app, ratio

NFS = ("hello", "pktgen", "pktsink", "l2fwd", "echo", "kvstore")


def run(ctx):
    rows, missing, notes = [], [], []
    lb = None
    try:
        k, i = linux_kernel(), linux_initramfs(ctx)
        kb, ib = os.path.getsize(k), os.path.getsize(i)
        lb = kb + ib
        notes.append("Linux: %s (%d bytes) + initramfs (%d bytes: a "
                     "libc-free /init and two device nodes)" %
                     (os.path.basename(k), kb, ib))
    except NotAvailable as e:
        missing.append("Linux baseline: %s" % e)
    for app in NFS:
        try:
            img = copy_stripped(ctx, build_app(ctx, app), app)
        except NotAvailable as e:
            missing.append("%s: %s" % (app, e))
            continue
        b = os.path.getsize(img)
        rows.append({"image": app, "bytes": b, "linux_bytes": lb,
                     "ratio": ratio(b, lb)})
    if lb is not None:
        rows.append({"image": "Linux kernel + initramfs", "bytes": lb,
                     "linux_bytes": lb, "ratio": 1.0})
    return {"rows": rows, "missing": missing, "notes": notes}
