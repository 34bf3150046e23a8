"""Child process for the single-instance tests: one launch claiming a runtime folder.

Usage: ``python tests/instance_child.py RUNTIME_DIR [GO_FILE]``. Waits for GO_FILE (so several
children can start at the same moment), then claims the instance. Prints, flushed, ``PRIMARY``
or ``FORWARDED``; a primary then prints ``RECEIVED <json>`` for each message and runs until
it is killed.
"""

from __future__ import annotations

import os
import socket
import sys
import time

from callnotes import instance


def main() -> int:
    runtime, go = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "")
    while go and not os.path.exists(go):
        time.sleep(0.002)
    primary = instance.claim(
        instance.endpoint_for(runtime), {"type": "show", "pid": os.getpid()}, wait_s=20
    )
    if primary is None:
        print("FORWARDED", flush=True)
        return 0
    print("PRIMARY", flush=True)
    fd = primary.take_listener()
    assert fd is not None
    listener = socket.socket(fileno=fd)
    while True:
        connection, _ = listener.accept()
        with connection:
            data = b""
            while chunk := connection.recv(4096):
                data += chunk
        print("RECEIVED", data.decode().strip(), flush=True)


if __name__ == "__main__":
    sys.exit(main())
