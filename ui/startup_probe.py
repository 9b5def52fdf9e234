"""A report of what a started Custos shows, for the frozen build's smoke test and start-up timing.

Set ``CUSTOS_STARTUP_PROBE=<file.json>`` and start the app as usual. When the first window has
painted, the probe writes what a person would see there (title, labels, buttons, menus) and the
wall-clock time of that paint. If ``CUSTOS_PASSWORD`` is set too — the variable the command line
already reads for scripts — and that first window is the sign-in form, the probe signs in with it
the way a person would (password typed, Enter) and reports the main window as well, once its
customer list has loaded; then it closes the window and the app exits through its normal path
(vault locked, exit status 0). Without a password it quits after the first window.

It exists because a frozen build cannot be driven from Python: packaging/smoke_test.py starts the
built binary and reads this report to check that the Qt plugins, the translations and the fonts
made it into the bundle, and bench/bench_startup.py compares frozen and source start-up with the
same paint time. It reads only what is on screen, and signing in needs the real password.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFontDatabase, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenuBar,
    QToolBar,
    QWidget,
)

PROBE_VARIABLE = "CUSTOS_STARTUP_PROBE"
PASSWORD_VARIABLE = "CUSTOS_PASSWORD"
# Give up (exit status 3) if the windows have not painted and loaded by then: a hung start-up
# must fail the smoke test, not stall it. CUSTOS_PROBE_DEADLINE_MS shortens it for tests.
DEADLINE_MS = 120_000
LIST_WAIT_MS = 15_000
TABLE_ROWS = 20


def visible_texts(window: QWidget) -> list[str]:
    """Every non-empty text a person can read in ``window``: title, labels, buttons, field
    hints, menu and toolbar entries, and the first rows of each list or table."""
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QMenuBar | QToolBar):
            texts += [action.text() for action in widget.actions()]
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(min(model.rowCount(), TABLE_ROWS)):
                for column in range(model.columnCount()):
                    value = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
                    if value is not None:
                        texts.append(str(value))
    return [text for text in texts if text]


def describe(window: QWidget) -> dict[str, Any]:
    return {
        "class": type(window).__name__,
        "object_name": window.objectName(),
        "title": window.windowTitle(),
        "texts": visible_texts(window),
    }


def _item_rows(window: QWidget) -> int:
    views = [v for v in window.findChildren(QAbstractItemView) if v.isVisible() and v.model() is not None]
    return max((view.model().rowCount() for view in views), default=0)


class StartupProbe(QObject):
    """Watches paint events of top-level windows; see the module docstring."""

    def __init__(self, app: QApplication, launcher: Any, report_path: Path, password: str) -> None:
        super().__init__(app)
        self.app = app
        self.launcher = launcher
        self.path = report_path
        self.password = password
        self.report: dict[str, Any] = {
            "platform": QGuiApplication.platformName(),
            "language": launcher.translations.language,
            "application_fonts": sorted(
                {family for family in QFontDatabase.families() if "WenQuanYi" in family}
            ),
        }
        self._main_started: float | None = None
        self._finished = False
        app.installEventFilter(self)
        self.deadline_ms = int(os.environ.get("CUSTOS_PROBE_DEADLINE_MS") or DEADLINE_MS)
        QTimer.singleShot(self.deadline_ms, self._give_up)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and watched.isWindow():
            self._painted(watched)
        return False

    def _painted(self, window: QWidget) -> None:
        now = time.time()
        if "first_window" not in self.report:
            self.report["first_paint"] = now
            self.report["first_window"] = describe(window)
            # After the paint returns: signing in from inside a paint event would nest loops.
            QTimer.singleShot(0, self._after_first_window)
        elif isinstance(window, QMainWindow) and "main_paint" not in self.report:
            self.report["main_paint"] = now
            self._main_started = time.monotonic()
            QTimer.singleShot(0, lambda: self._wait_for_list(window))

    def _after_first_window(self) -> None:
        dialog = self.launcher.signin
        if not self.password or dialog is None:
            self._finish(0)
            return
        dialog.password_edit.setFocus()
        dialog.password_edit.setText(self.password)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                dialog.password_edit, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
            )

    def _wait_for_list(self, window: QWidget) -> None:
        if not shiboken6.isValid(window):
            self._finish(4)
            return
        waited_ms = (time.monotonic() - (self._main_started or 0.0)) * 1000
        if _item_rows(window) == 0 and waited_ms < LIST_WAIT_MS:
            QTimer.singleShot(100, lambda: self._wait_for_list(window))
            return
        self.report["main_window"] = describe(window)
        self._write()
        self._finished = True
        window.close()  # the launcher sees the close and exits the way a person's close does

    def _give_up(self) -> None:
        if not self._finished:
            self.report["error"] = f"no window painted and loaded within {self.deadline_ms / 1000:g} s"
            self._finish(3)

    def _finish(self, code: int) -> None:
        self._finished = True
        self._write()
        self.app.removeEventFilter(self)
        self.launcher.exit_requested.emit(code)

    def _write(self) -> None:
        self.path.write_text(json.dumps(self.report, ensure_ascii=False, indent=1), "utf-8")


def install(app: QApplication, launcher: Any) -> StartupProbe | None:
    """Start the probe when ``CUSTOS_STARTUP_PROBE`` names a report file; otherwise nothing."""
    target = os.environ.get(PROBE_VARIABLE)
    if not target:
        return None
    return StartupProbe(app, launcher, Path(target), os.environ.get(PASSWORD_VARIABLE, ""))
