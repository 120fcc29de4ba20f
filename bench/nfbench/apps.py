# SPDX-License-Identifier: BSD-3-Clause
"""How the suite starts each network function: the one place that knows the
apps' command-line arguments (each app's README documents them). When an
app's arguments change, change them here.
"""
import os

from .common import TOP

# Addresses the traffic uses (testpmd does not care; the dgram peer does).
GUEST_MAC = "52:54:00:6e:66:01"
PEER_MAC = "52:54:00:6e:66:02"
GUEST_IP = "10.0.0.2"
PEER_IP = "10.0.0.1"


def readme(app):
    for name in ("README.md", "README", app + ".8"):
        p = os.path.join(TOP, "apps", app, name)
        if os.path.isfile(p):
            with open(p) as f:
                return f.read()
    return ""


def pktgen_args(size, duration=None, count=None, burst=32, mode=None,
                rate=0):
    a = ["size=%d" % size, "burst=%d" % burst, "dst_mac=" + PEER_MAC,
         "dst_ip=" + PEER_IP, "src_ip=" + GUEST_IP]
    if duration is not None:
        a.append("duration=%d" % duration)
    if count is not None:
        a.append("count=%d" % count)
    if mode:
        a.append("mode=" + mode)
    if rate:
        a.append("rate=%d" % rate)
    return a


def pktsink_args(duration, burst=32, mode=None):
    a = ["duration=%d" % duration, "burst=%d" % burst]
    if mode:
        a.append("mode=" + mode)
    return a


def l2fwd_args(duration, burst=32, full=None):
    # One port, frames go back out of it with the MAC addresses swapped.
    a = ["mode=swap", "duration=%d" % duration, "burst=%d" % burst]
    if full:
        a.append("full=" + full)
    return a


def kvstore_args(duration=None):
    a = ["ip=%s/24" % GUEST_IP]
    if duration is not None:
        a.append("duration=%d" % duration)
    return a


# pktgen's generation modes that do more per packet than testpmd txonly
# (build every packet, copy a template, resend refcounted templates);
# mode=txonly is the like-for-like one.
PKTGEN_MODES = ("build", "copy", "zerocopy")
