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
                frames = sys._current_frames()
                frame = frames.get(gui or 0)
                stack = "".join(traceback.format_stack(frame)[-14:]) if frame else "?"
                names = {t.ident: t.name for t in threading.enumerate()}
                for ident, other in frames.items():  # what the other threads are doing
                    if ident in (gui, threading.get_ident()):
                        continue
                    where = traceback.extract_stack(other)[-3:]
                    said = " <- ".join(
                        f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno} {f.name}"
                        for f in reversed(where)
                    )
                    stack += f"  [{names.get(ident, ident)}] {said}\n"
                print(
                    f"STALL > {late_ms:.0f} ms at {last:.3f}:\n{stack}", file=sys.stderr, flush=True
                )

    threading.Thread(target=loop, name="stall-trace", daemon=True).start()
