"""Noticing that nobody is at the keyboard, so the vault can lock itself.

An application-wide event filter restarts a single-shot timer on every key press, click,
wheel turn, mouse move or touch anywhere in the app; when the timer runs out, ``idle`` is
emitted. A filter on the application sees input to every window and dialog, so typing in an
editor dialog counts as activity just like scrolling the main list.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle`` after ``minutes`` without user input while started; 0 minutes disables it."""

    idle = Signal()

    def __init__(self, minutes: int = 10, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expired)
        self._filtering = False
        self._running = False
        self.set_minutes(minutes)

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    @property
    def is_running(self) -> bool:
        return self._running

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(max(0, int(minutes)) * 60_000)

    def set_interval_ms(self, msecs: int) -> None:
        """The idle time in milliseconds (tests use a few dozen); 0 or less disables locking."""
        self._timer.setInterval(max(0, msecs))
        self._enabled = msecs > 0
        if self._running:
            self.start()

    def start(self) -> None:
        """Begin watching (after sign-in). Restarting resets the countdown."""
        self._running = True
        app = QCoreApplication.instance()
        if self._enabled and app is not None:
            if not self._filtering:
                app.installEventFilter(self)
                self._filtering = True
            self._timer.start()
        else:
            self._stop_filtering()
            self._timer.stop()

    def stop(self) -> None:
        """Stop watching (while locked): no more timeouts and no filter on the application."""
        self._running = False
        self._timer.stop()
        self._stop_filtering()

    def _stop_filtering(self) -> None:
        app = QCoreApplication.instance()
        if self._filtering and app is not None:
            app.removeEventFilter(self)
        self._filtering = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False

    def _expired(self) -> None:
        if self._running:
            self.idle.emit()
