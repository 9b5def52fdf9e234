"""Running long work off the GUI thread: one small helper every dialog and wizard reuses.

``run_task(fn, on_result=..., on_error=...)`` runs ``fn(task)`` on a QThreadPool thread and
delivers the result or the exception back on the GUI thread. ``fn`` never touches widgets;
it may call ``task.progress(done, total, text)`` and should check ``task.cancelled`` (or call
``task.check_cancelled()``, which raises ``Cancelled``) between steps. Each worker thread
that used the vault closes its own SQLCipher connection when the function returns.

Tests replace the pool with ``InlineTaskRunner`` (run at once, on the calling thread) where
they need determinism, like Picard's FakeThreadPool.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class Cancelled(Exception):
    """Raised inside a task when the user pressed Cancel."""


class Task(QObject):
    """Handle for one running job: progress out, cancellation in, result or error out."""

    progressed = Signal(int, int, str)  # done, total, text
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int = 0, text: str = "") -> None:
        """Thread-safe: the signal is queued to the GUI thread."""
        self.progressed.emit(done, total, text)


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn: Callable[[Task], Any], vault: Any | None) -> None:
        super().__init__()
        self.task = task
        self.fn = fn
        self.vault = vault
        self.setAutoDelete(True)

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self.task)
        except BaseException as exc:
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.task.failed.emit(exc)
        else:
            self.task.succeeded.emit(result)
        finally:
            if self.vault is not None:
                self.vault.close_thread_connection()
            self.task.finished.emit()


class TaskRunner:
    """Starts tasks on a thread pool. One per application; passed to windows that need it."""

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self.pool = pool or QThreadPool.globalInstance()
        self._running: set[Task] = set()

    def run(
        self,
        fn: Callable[[Task], Any],
        *,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        vault: Any | None = None,
        parent: QObject | None = None,
    ) -> Task:
        """Run ``fn(task)`` in the pool. Callbacks run on the GUI thread.

        Pass ``vault`` when ``fn`` uses it, so the worker's connection is closed afterwards.
        """
        task = Task(parent)
        if on_result:
            task.succeeded.connect(on_result)
        if on_error:
            task.failed.connect(on_error)
        if on_progress:
            task.progressed.connect(on_progress)
        self._running.add(task)
        task.finished.connect(lambda: self._running.discard(task))
        self.pool.start(_Runnable(task, fn, vault))
        return task

    def wait_all(self, msecs: int = 30000) -> bool:
        """Block until every task finished (used on quit and lock)."""
        return self.pool.waitForDone(msecs)


class InlineTaskRunner(TaskRunner):
    """Runs each task immediately on the calling thread; signals fire before ``run`` returns."""

    def __init__(self) -> None:
        self._running = set()

    def run(self, fn, *, on_result=None, on_error=None, on_progress=None, vault=None, parent=None) -> Task:
        task = Task(parent)
        if on_result:
            task.succeeded.connect(on_result)
        if on_error:
            task.failed.connect(on_error)
        if on_progress:
            task.progressed.connect(on_progress)
        try:
            result = fn(task)
        except BaseException as exc:
            task.failed.emit(exc)
        else:
            task.succeeded.emit(result)
        task.finished.emit()
        return task

    def wait_all(self, msecs: int = 30000) -> bool:
        return True
