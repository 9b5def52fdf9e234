"""Enter presses a dialog's primary button, whatever happened before; Escape cancels.

Qt makes every push button in a dialog "auto-default": the button that has keyboard focus
becomes the one Enter presses. Disabling a form while work runs off the GUI thread moves
focus to the next enabled widget, usually Cancel, which thereby became the default: after a
wrong password, the next Enter cancelled the sign-in and quit the app. So here no button is
auto-default. Enter presses the primary button (nothing while it is disabled, which is what
"busy" means), Space presses the focused button, Escape rejects the dialog (whose ``reject``
asks first where something would be lost).

``PrimaryButton(dialog, button)`` applies this to one dialog, made once the dialog's layout holds
all its buttons (a button outside the dialog then would be missed); for a wizard, pass no button:
QWizard itself makes Next, Commit or Finish the default on each page. ``busy`` and ``idle``
keep the keyboard focus where the person was typing across a busy period.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget


class PrimaryButton(QObject):
    """Keeps Enter on ``button`` (or on QWizard's own default when ``button`` is None).

    A child of the dialog that holds no reference to it (``parent()`` is the dialog): a
    Python reference would keep a closed dialog's wrapper alive after Qt deleted it.
    """

    def __init__(self, dialog: QDialog, button: QPushButton | None) -> None:
        super().__init__(dialog)
        self.button = button
        self._focus: QWidget | None = None
        self.apply()
        # A button added after construction is caught when it first gets focus.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def apply(self) -> None:
        """No button of the dialog follows focus; the primary button is the default."""
        dialog = self.parent()
        for button in dialog.findChildren(QPushButton):
            if button.window() is dialog:
                button.setAutoDefault(False)
        if self.button is not None and not self.button.isDefault():
            self.button.setDefault(True)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not shiboken6.isValid(self):
            return
        if isinstance(new, QPushButton) and new.autoDefault() and new.window() is self.parent():
            self.apply()

    def busy(self) -> None:
        """Call before disabling the form: remembers the widget the person was typing in."""
        focused = QApplication.focusWidget()
        if focused is not None and focused.window() is self.parent() and not isinstance(focused, QPushButton):
            self._focus = focused

    def idle(self, focus: QWidget | None = None) -> None:
        """Call after enabling the form again: the primary button is the default, and focus
        goes to ``focus`` (else back where it was before ``busy``)."""
        self.apply()
        target = focus or self._focus
        self._focus = None
        if target is not None and shiboken6.isValid(target) and target.isEnabled():
            target.setFocus()
