# SPDX-License-Identifier: BSD-3-Clause
"""kvstore: requests/s answered by apps/kvstore on one vCPU, against the
same protocol (docs/kvstore.md) served by a DPDK application on
net_virtio_user and by a recvmmsg/sendmmsg server on Linux sockets.

Load: bench/kv/kvload.c (DPDK, one lcore on CPU 1) SETs KEYS keys, then
sends GETs of them open loop in bursts of 32 and counts correct answers
per second (ok_pps) — the rate reported. The server runs on CPU 0.

  nfkit kvstore  kvload on net_vhost0  <-vhost-user->  QEMU kvstore
  DPDK server    kvload on net_vhost0  <-vhost-user->  kvload server on
                                                       net_virtio_user0
  Linux sockets  kvload on net_af_packet0 (veth, root namespace)  <->
                 kvudp (bench/kv/kvudp.c) in a namespace of ours
"""
import os
import subprocess
import time

from . import apps
from .common import (BENCH, NotAvailable, build_app, kvm_usable, median,
                     qemu_cmd, ratio, read, wait_for, which)
from .dpdk import mem_args
from .pktrate import Sock, guest_huge

KEYS = 1024
# The wire format (nf/kv_proto.h) the baselines share with the NF.
INCLUDE = os.path.join(BENCH, "..", "include")


def build_tools(ctx):
    o = os.path.join(ctx.build, "kv")
    os.makedirs(o, exist_ok=True)
    src = os.path.join(BENCH, "kv")
    udp = os.path.join(o, "kvudp")
    rc, out, _ = ctx.run(["gcc", "-O2", "-Wall", "-Wextra", "-I", INCLUDE,
                          "-o", udp,
                          os.path.join(src, "kvudp.c")], 120, "build-kvudp")
    if rc != 0:
        raise NotAvailable("bench/kv/kvudp.c does not build: " + out[-200:])
    load = os.path.join(o, "kvload")
    pc = subprocess.run(["pkg-config", "--cflags", "--libs", "libdpdk"],
                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if pc.returncode != 0:
        raise NotAvailable("pkg-config libdpdk failed (libdpdk-dev)")
    flags = pc.stdout.decode().split()
    rc, out, _ = ctx.run(["gcc", "-O2", "-Wall", "-Wextra", "-I", INCLUDE,
                          "-o", load,
                          os.path.join(src, "kvload.c")] + flags, 180,
                         "build-kvload")
    if rc != 0:
        raise NotAvailable("bench/kv/kvload.c does not build: " +
                           out[-200:])
    return load, udp


def dpdk_cmd(ctx, binary, name, cpu, vdev, args, secs):
    prefix = "nfb%dkv%s" % (os.getpid(), name)
    return ["timeout", "-s", "INT", "-k", "5", str(secs + 40), binary,
            "-l", str(cpu), "--file-prefix", prefix, "--no-pci",
            "--vdev", vdev] + mem_args(ctx, prefix) + ["--"] + args


def load_rate(log):
    """Median ok_pps (answers) and tx_pps (offered) of the client's
    periodic lines after the first."""
    xs, offered = [], []
    for line in read(log).splitlines():
        if line.startswith("KVLOAD kind=periodic"):
            kv = dict(x.split("=", 1) for x in line.split()[1:] if "=" in x)
            xs.append(float(kv["ok_pps"]))
            offered.append(float(kv.get("try_pps", kv["tx_pps"])))
    nz = [x for x in xs if x > 0]
    if not nz:
        return None, xs, None
    return (median(nz[1:] if len(nz) > 2 else nz), xs,
            median(offered[1:] if len(offered) > 2 else offered))


def client_args(smac, dmac, sip, dip, secs):
    return ["client", smac, dmac, sip, dip, str(KEYS), str(secs)]


def finish(ctx, cl, cllog, secs):
    try:
        cl.wait(timeout=secs + 30)
    except subprocess.TimeoutExpired:
        pass
    ctx.stop(cl)
    rate, xs, offered = load_rate(cllog)
    setup = wait_for(cllog, r"KVLOAD kind=setup keys=\d+ unanswered=(\d+)",
                     0)
    return {"rps": rate, "samples": xs, "offered": offered,
            "unanswered": setup.group(1) if setup else None}


def nfkit_cell(ctx, load, secs):
    img = build_app(ctx, "kvstore")
    sock = Sock.path()
    q = None
    try:
        cl, cllog = ctx.spawn(dpdk_cmd(
            ctx, load, "cl", 1, "net_vhost0,iface=%s,queues=1" % sock,
            client_args(apps.PEER_MAC, apps.GUEST_MAC, apps.PEER_IP,
                        apps.GUEST_IP, secs), secs), "kvload-client-nfkit")
        if not wait_for(cllog, r"socket created|binding succeeded", 20, cl):
            raise NotAvailable("kvload client did not start (raw/%s)" %
                               os.path.basename(cllog))
        conlog = ctx.rawpath("console-kvstore") + ".log"
        net = ["-chardev", "socket,id=c0,path=" + sock,
               "-netdev", "vhost-user,id=n0,chardev=c0",
               "-device", "virtio-net-device,netdev=n0,mac=" +
               apps.GUEST_MAC,
               "-device", "virtio-serial-device",
               "-chardev", "file,id=vc,path=" + conlog,
               "-device", "virtconsole,chardev=vc"]
        q, qlog = ctx.spawn(["taskset", "-c", "0"] + qemu_cmd(
            img, "kvm" if kvm_usable() else "tcg", mem="128M", memfd=True,
            append=" ".join(apps.kvstore_args(secs + 15)), net=net,
            hugedir=guest_huge(ctx)),
            "qemu-kvstore")
        return finish(ctx, cl, cllog, secs + 12)
    finally:
        if q:
            ctx.stop(q, grace=3)
        if os.path.exists(sock):
            os.unlink(sock)


def dpdk_server_cell(ctx, load, secs):
    sock = Sock.path()
    sv = None
    try:
        cl, cllog = ctx.spawn(dpdk_cmd(
            ctx, load, "cl", 1, "net_vhost0,iface=%s,queues=1" % sock,
            client_args(apps.PEER_MAC, apps.GUEST_MAC, apps.PEER_IP,
                        apps.GUEST_IP, secs), secs), "kvload-client-dpdk")
        if not wait_for(cllog, r"socket created|binding succeeded", 20, cl):
            raise NotAvailable("kvload client did not start")
        sv, svlog = ctx.spawn(dpdk_cmd(
            ctx, load, "sv", 0, "net_virtio_user0,path=%s,mac=%s" %
            (sock, apps.GUEST_MAC), ["server", str(secs + 15)], secs + 15),
            "kvload-server-dpdk")
        return finish(ctx, cl, cllog, secs + 12)
    finally:
        if sv:
            ctx.stop(sv)
        if os.path.exists(sock):
            os.unlink(sock)


def sh(ctx, cmd, name):
    rc, out, _ = ctx.run(cmd, 30, name)
    if rc != 0:
        raise NotAvailable("%s failed: %s" % (" ".join(cmd), out[-200:]))
    return out


def linux_cell(ctx, load, udp, secs):
    if not which("ip"):
        raise NotAvailable("iproute2 missing")
    ns = "nfbkv%d" % os.getpid()
    a, b = "nfbkv%da" % (os.getpid() % 10000), "nfbkv%db" % (
        os.getpid() % 10000)
    sv = None
    try:
        sh(ctx, ["ip", "netns", "add", ns], "netns-add")
        sh(ctx, ["ip", "link", "add", a, "type", "veth", "peer", "name", b,
                 "netns", ns], "veth-add")
        sh(ctx, ["ip", "link", "set", a, "up"], "veth-up")
        sh(ctx, ["ip", "-n", ns, "addr", "add", apps.GUEST_IP + "/24", "dev",
                 b], "veth-addr")
        sh(ctx, ["ip", "-n", ns, "link", "set", b, "up"], "veth-up-ns")
        sh(ctx, ["ip", "-n", ns, "link", "set", "lo", "up"], "lo-up-ns")
        amac = read("/sys/class/net/%s/address" % a).strip()
        bmac = sh(ctx, ["ip", "netns", "exec", ns, "cat",
                        "/sys/class/net/%s/address" % b], "veth-mac").strip()
        sh(ctx, ["ip", "-n", ns, "neigh", "replace", apps.PEER_IP, "lladdr",
                 amac, "dev", b, "nud", "permanent"], "neigh")
        sv, svlog = ctx.spawn(["timeout", "-k", "5", str(secs + 40), "ip",
                               "netns", "exec", ns, "taskset", "-c", "0",
                               udp, "7777", str(secs + 15)], "kvudp")
        time.sleep(0.3)
        cl, cllog = ctx.spawn(dpdk_cmd(
            ctx, load, "cl", 1, "net_af_packet0,iface=" + a,
            client_args(amac, bmac, apps.PEER_IP, apps.GUEST_IP, secs),
            secs), "kvload-client-linux")
        return finish(ctx, cl, cllog, secs)
    finally:
        if sv:
            ctx.stop(sv)
        ctx.run(["ip", "netns", "del", ns], 30, "netns-del")


def run(ctx):
    secs = 3 if ctx.quick else 8
    load, udp = build_tools(ctx)
    rows, missing = [], []
    cells = [("nfkit kvstore", "kvload GET (vhost-user)",
              lambda: nfkit_cell(ctx, load, secs)),
             ("DPDK server (virtio-user)", "kvload GET (vhost-user)",
              lambda: dpdk_server_cell(ctx, load, secs)),
             ("Linux sockets (recvmmsg)", "kvload GET (af_packet, veth)",
              lambda: linux_cell(ctx, load, udp, secs))]
    base = None
    for name, how, fn in cells:
        try:
            r = fn()
        except NotAvailable as e:
            missing.append("%s: %s" % (name, e))
            r = {"rps": None, "note": "not available: %s" % e}
        if name.startswith("nfkit"):
            base = r["rps"]
        notes = [r["note"]] if r.get("note") else []
        if r.get("unanswered") not in (None, "0"):
            notes.append("%s of %d SETs unanswered" % (r["unanswered"],
                                                       KEYS))
        off = r.get("offered")
        if off and r["rps"] and r["rps"] >= 0.95 * off:
            # The server kept up: the load generator set the rate.
            notes.append("load-bound (offered %.0f/s)" % off)
        elif off:
            notes.append("server-bound (offered %.0f/s)" % off)
        rows.append({"server": name, "load": how, "rps": r["rps"],
                     "offered": off, "samples": r.get("samples"),
                     "note": "; ".join(notes)})
        ctx.log("kvstore %s: %s req/s" % (name, r["rps"]))
    for row in rows:  # nfkit / this server, like every other ratio
        row["ratio"] = ratio(base, row["rps"])
    if not any(r["rps"] for r in rows):
        return {"rows": [], "missing": missing or ["no rates measured"]}
    return {"rows": rows, "missing": missing,
            "notes": ["%d keys, 64-byte values, GETs in bursts of 32, %d s;"
                      " ratio: nfkit / that server" % (KEYS, secs)]}
