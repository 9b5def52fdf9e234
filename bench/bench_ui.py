"""Desktop benchmark: the main window over a large vault, measured the way a person feels it.

    python bench/bench_ui.py --customers 1000000        (part of make bench)

Prints: time from a successful unlock to the first page of customers painted; time to
scroll to the last row and paint it; the longest GUI-thread stall while typing a
4-character query, then a pinyin one (wangfang), one key at a time (a 1 ms heartbeat timer
on the GUI thread records the longest gap between its ticks); and the process's peak
memory. Runs offscreen.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QSettings, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app import demo
from app.vault import Vault
from ui.i18n import Translations
from ui.main import prepare_runtime
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.tasks import TaskRunner


class PaintWatcher(QObject):
    """Counts paint events on a widget (the table's viewport)."""

    def __init__(self, widget) -> None:
        super().__init__()
        self.paints = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


class Heartbeat(QObject):
    """A 1 ms timer on the GUI thread: the longest gap between ticks is the longest stall."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = QElapsedTimer()
        self.timer = QTimer(self)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.longest = 0
        self.last = 0

    def start(self) -> None:
        self.clock.start()
        self.last = 0
        self.longest = 0
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def stop(self) -> int:
        self.timer.stop()
        return self.longest


def pump_until(app: QApplication, condition, timeout_s: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("condition not reached")
        app.processEvents()
        time.sleep(0.0005)


def pump_for(app: QApplication, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.0005)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=int(os.environ.get("N", 1_000_000)))
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--query", default="北京华信", help="the 4-character query typed key by key")
    parser.add_argument("--pinyin-query", default="wangfang", help="a pinyin query typed key by key")
    args = parser.parse_args()
    folder = args.dir or Path(os.environ.get("TMPDIR", "/tmp")) / f"custos-bench-{args.customers}"
    vault_dir = folder / "vault"
    if not (vault_dir / "vault.keys").exists():
        print(f"building a {args.customers:,}-customer demo vault first (bench/bench_core.py shares it)…")
        demo.build_demo(vault_dir, args.customers).lock()

    app = QApplication(sys.argv[:1])
    settings = Settings(QSettings(str(folder / "bench-settings.ini"), QSettings.Format.IniFormat))
    translations = Translations(app)
    translations.apply("en")
    runner = TaskRunner()
    prepare_runtime()  # as ui.main.run does before the event loop starts
    print(f"Custos desktop benchmark — {args.customers:,} customers, offscreen")

    vault = Vault.unlock(vault_dir, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    started = time.perf_counter()
    window = MainWindow(vault, settings, runner, translations)
    watcher = PaintWatcher(window.table.viewport())
    window.show()
    pump_until(app, lambda: window.model.rowCount() > 0 and watcher.paints > 0)
    first_paint = time.perf_counter() - started
    print(f"unlock -> first page painted: {first_paint * 1000:.0f} ms (target <= 500 ms)")
    anchored = []
    window.model.anchors_ready.connect(lambda: anchored.append(time.perf_counter()))
    painted = watcher.paints
    cold_started = time.perf_counter()
    window.table.scrollToBottom()
    pump_until(app, lambda: watcher.paints > painted)
    cold = time.perf_counter() - cold_started
    print(f"scroll to the last row before the sort anchors exist: {cold * 1000:.0f} ms")
    window.table.scrollToTop()
    pump_until(app, lambda: bool(anchored), timeout_s=60)
    print(f"sort anchors built in the task runner {(anchored[0] - started) * 1000:.0f} ms after unlock")

    painted = watcher.paints
    started = time.perf_counter()
    window.table.scrollToBottom()
    pump_until(app, lambda: watcher.paints > painted)
    print(
        f"scroll to the last row, painted: {(time.perf_counter() - started) * 1000:.0f} ms (target <= 100 ms)"
    )

    for query in (args.query, args.pinyin_query):
        window.table.scrollToTop()
        window.search_box.clear()
        pump_for(app, 0.5)
        heartbeat = Heartbeat()
        heartbeat.start()
        for ch in query:
            # Chinese arrives from the input method as committed text, which insert() reproduces;
            # QTest.keyClicks handles Latin only.
            if ch.isascii():
                QTest.keyClicks(window.search_box, ch)
            else:
                window.search_box.insert(ch)
            pump_for(app, 0.12)  # a fast typist: ~8 keys per second
        pump_until(app, lambda q=query: window.model.rowCount() > 0 and window.search_box.text() == q)
        pump_for(app, 0.5)
        stall = heartbeat.stop()
        model, column = window.model, window.model.column_of("name")
        first = model.data(model.index(0, column))
        print(
            f"typing '{query}' key by key: longest GUI-thread stall {stall} ms (target <= 50 ms); "
            f"{model.rowCount():,} rows shown, count label '{window.count_label.text()}', first row {first}"
        )

    window.lock()
    runner.wait_all()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:,.0f} MB (target <= 400 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
