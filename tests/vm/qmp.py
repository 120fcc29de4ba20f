#!/usr/bin/python3
"""qmp.py SOCKET COMMAND...: send QMP commands to a QEMU listening on the
unix socket SOCKET, print each reply, exit 1 on an error reply. A command
is a name, or NAME:JSON with its arguments (set_link:{"name":"n0","up":false}).
Tests use it to press the ACPI power button (system_powerdown) and to take
a NIC's link down and up."""
import json
import socket
import sys

s = socket.socket(socket.AF_UNIX)
s.settimeout(10)
s.connect(sys.argv[1])
f = s.makefile("rw")
f.readline()  # greeting
rc = 0
for cmd in ["qmp_capabilities"] + sys.argv[2:]:
    name, _, args = cmd.partition(":")
    msg = {"execute": name}
    if args:
        msg["arguments"] = json.loads(args)
    f.write(json.dumps(msg) + "\n")
    f.flush()
    while True:
        reply = json.loads(f.readline())
        if "event" not in reply:
            break
    print(cmd, json.dumps(reply))
    if "error" in reply:
        rc = 1
sys.exit(rc)
