"""Where the GUI thread was when it stalled: a watchdog that prints its stack.

``python -m benchmarks.gui_child … --trace-stalls 40`` starts a thread that looks at the GUI
thread's heartbeat every few milliseconds; once a beat is later than the given milliseconds it
prints (to stderr) where the GUI thread is, once per stall. A tool for finding what a stall
figure measured, not part of any figure.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback


def watch(beats: list[float], late_ms: float) -> None:
    """Watch *beats* (the heartbeat's ``perf_counter`` ticks, appended by the GUI thread)."""
    gui = threading.main_thread().ident

    def loop() -> None:
        reported = 0.0
        while True:
            time.sleep(0.005)
            if not beats:
                continue
            last = beats[-1]
            if (time.perf_counter() - last) * 1000 > late_ms and last != reported:
                reported = last
                frame = sys._current_frames().get(gui or 0)
                stack = "".join(traceback.format_stack(frame)[-14:]) if frame else "?"
                print(f"STALL > {late_ms:.0f} ms at:\n{stack}", file=sys.stderr, flush=True)

    threading.Thread(target=loop, name="stall-trace", daemon=True).start()
