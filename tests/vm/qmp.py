#!/usr/bin/python3
"""qmp.py SOCKET COMMAND...: send QMP commands (no arguments) to a QEMU
listening on the unix socket SOCKET, print each reply, exit 1 on an error
reply. Tests use it to press the ACPI power button (system_powerdown)."""
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
    f.write(json.dumps({"execute": cmd}) + "\n")
    f.flush()
    while True:
        reply = json.loads(f.readline())
        if "event" not in reply:
            break
    print(cmd, json.dumps(reply))
    if "error" in reply:
        rc = 1
sys.exit(rc)
