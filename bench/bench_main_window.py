"""How the main window feels on a large vault: first paint, page fetches, scrolling, typing.

    .venv/bin/python bench/bench_main_window.py --vault /tmp/custos-bench-100k --customers 100000

Builds the demo vault first if the folder holds none (cheap KDF: a benchmark, not a real vault).
Prints figures; it asserts nothing (see STYLE.md: benchmarks are scripts that print figures).

"GUI stall" is the longest time the GUI thread did not get round to a 1 ms timer, measured while
a query is typed key by key with the real threaded TaskRunner: what a person would feel as the
search box hanging.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--vault", type=Path, default=Path("/tmp/custos-bench-100k"))
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--key-interval", type=int, default=150, help="ms between typed keys")
    parser.add_argument("--queries", nargs="*", default=["王", "王芳", "smith", "138123", "user1", "example"])
    parser.add_argument(
        "--trace-stalls", action="store_true", help="print where the GUI thread was when it stalled > 40 ms"
    )
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QObject, QSettings, QTimer
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app import demo
    from app.vault.keyslots import KdfParams
    from ui import style
    from ui.main_window import MainWindow
    from ui.settings import Settings
    from ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication(["bench"])
    style.register_fonts()
    started = time.perf_counter()
    vault = demo.build_demo(args.vault, args.customers, kdf=KdfParams(1, 1024, 1))
    print(f"vault ready: {args.customers:,} customers ({time.perf_counter() - started:.1f} s)")
    settings = Settings(QSettings(str(args.vault.parent / "bench-settings.ini"), QSettings.Format.IniFormat))
    runner = TaskRunner()

    def pump_until(condition, timeout_s: float = 30.0) -> None:
        deadline = time.perf_counter() + timeout_s
        while not condition():
            app.processEvents()
            if time.perf_counter() > deadline:
                raise TimeoutError("gave up waiting")

    class PaintSpy(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.paints = 0

        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.paints += 1
            return False

    # ---- first page painted
    t0 = time.perf_counter()
    window = MainWindow(vault, settings, runner, None)
    constructed = time.perf_counter()
    spy = PaintSpy()
    window.table.viewport().installEventFilter(spy)
    window.resize(1200, 800)
    window.show()
    pump_until(lambda: spy.paints > 0)
    painted = time.perf_counter()
    print(f"MainWindow constructed: {(constructed - t0) * 1000:.1f} ms")
    print(f"first page painted:     {(painted - t0) * 1000:.1f} ms after construction began")

    # ---- the sort anchors (built in the runner right after the first view)
    t = time.perf_counter()
    runner.wait_all()
    app.processEvents()
    print(f"sort anchors ready:     {(time.perf_counter() - t) * 1000:.1f} ms after the first paint (worker)")

    # ---- page fetch timings
    model = window.model
    fetch_ms: list[float] = []
    original_fetch = model._fetch_page

    def timed_fetch(number: int):
        start = time.perf_counter()
        try:
            return original_fetch(number)
        finally:
            fetch_ms.append((time.perf_counter() - start) * 1000)

    model._fetch_page = timed_fetch  # type: ignore[method-assign]

    before = spy.paints
    t = time.perf_counter()
    window.table.scrollToBottom()
    pump_until(lambda: spy.paints > before)
    print(f"scroll to last row:     {(time.perf_counter() - t) * 1000:.1f} ms (painted)")
    for fraction in (0.5, 0.25, 0.75, 0.1, 0.9):
        before = spy.paints
        window.table.scrollTo(model.index(int(model.rowCount() * fraction), 0))
        pump_until(lambda b=before: spy.paints > b)
    for row in range(0, 3000, 40):  # a wheel-scroll through the first pages
        window.table.scrollTo(model.index(row, 0))
        app.processEvents()
    if fetch_ms:
        print(
            f"page fetches: n={len(fetch_ms)} median {statistics.median(fetch_ms):.1f} ms, "
            f"max {max(fetch_ms):.1f} ms; pages cached {len(model.cached_pages())} "
            f"({model.cached_row_count()} rows)"
        )
    model._fetch_page = original_fetch  # type: ignore[method-assign]

    # ---- typing: longest GUI-thread stall while queries are typed key by key
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    ticker = QTimer()
    ticker.setInterval(1)
    ticker.timeout.connect(tick)

    if args.trace_stalls:
        import threading
        import traceback

        gui_thread = threading.get_ident()
        watching, stop_watchdog = threading.Event(), threading.Event()

        def watchdog() -> None:
            while not stop_watchdog.is_set():
                time.sleep(0.02)
                if watching.is_set() and (clock.nsecsElapsed() - last[0]) / 1e6 > 40:
                    frame = sys._current_frames().get(gui_thread)
                    if frame is not None:
                        print("--- GUI thread stalled here:\n" + "".join(traceback.format_stack(frame)[-6:]))
                    time.sleep(0.1)

        threading.Thread(target=watchdog, daemon=True).start()
    else:
        watching = stop_watchdog = None

    def type_key(char: str) -> None:
        box = window.search_box
        if char.isascii():
            QTest.keyClicks(box, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QCoreApplication.sendEvent(box, event)

    window.search_box.setFocus()
    for query in args.queries:
        window.search_box.setText("")
        window.run_search()
        pump_until(lambda: model.query == "")
        gaps.clear()
        key_ms: list[float] = []
        loaded: list[float] = []

        def on_loaded(_view, store=loaded) -> None:
            store.append(time.perf_counter())

        model.view_loaded.connect(on_loaded)
        last[0] = clock.nsecsElapsed()
        ticker.start()
        if watching is not None:
            watching.set()
        typed_at = time.perf_counter()
        for char in query:
            t = time.perf_counter()
            type_key(char)
            key_ms.append((time.perf_counter() - t) * 1000)
            typed_at = time.perf_counter()
            end = time.perf_counter() + args.key_interval / 1000
            while time.perf_counter() < end:
                app.processEvents()
        pump_until(lambda q=query: model.query == q)
        shown = (loaded[-1] - typed_at) * 1000 if loaded else float("nan")
        for _ in range(20):  # let the repaint of the results happen under the ticker
            app.processEvents()
            time.sleep(0.002)
        ticker.stop()
        if watching is not None:
            watching.clear()
        model.view_loaded.disconnect(on_loaded)
        stall = max(gaps) - 1 if gaps else 0.0
        print(
            f"type {query!r:10} -> {window.count_label.text():>16}; key handling max {max(key_ms):5.1f} ms; "
            f"results {shown:6.1f} ms after the last key; longest GUI stall {stall:5.1f} ms"
        )

    if stop_watchdog is not None:
        stop_watchdog.set()
    window.lock()
    runner.wait_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
