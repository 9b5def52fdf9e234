"""Showing a recovery code once: the code, "save the emergency kit (PDF)…", and "I have stored it".

Used by the set-up wizard's last page and by the owner's "Replace recovery code…" dialog, so
both say the same thing and save the same kit. The kit is written in the task runner (reportlab
takes a moment) and its save dialog opens in the Documents folder, never in whatever folder the
app was started from.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDir, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFrame,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.errors import KnownError
from app.reports.emergency_kit import write_emergency_kit
from ui import style
from ui.messages import describe
from ui.tasks import Task, TaskRunner


def documents_folder() -> Path:
    """The user's Documents folder when it exists, else their home folder."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path(QDir.homePath())


class RecoveryCodePanel(QWidget):
    """The code in large type, the kit button and the confirmation; ``stored_changed`` follows
    the check box. ``show_code`` fills it in; ``clear`` wipes the code from every widget."""

    stored_changed = Signal(bool)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._code = ""
        self._vault_id = ""
        self._location = ""
        self._business = ""
        self.code_label = QLabel()
        self.code_label.setObjectName("recoveryCode")
        self.code_label.setFont(style.monospace_font(20))
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.code_label.setStyleSheet(f"color: {style.ACCENT}; letter-spacing: 1px;")
        panel = QFrame()
        panel.setObjectName("codePanel")
        panel.setStyleSheet(
            f"#codePanel {{ background: {style.PANEL}; border: 1px solid {style.PANEL_BORDER};"
            " border-radius: 6px; }"
        )
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(16, 18, 16, 18)
        panel_layout.addWidget(self.code_label)

        advice = QLabel(
            self.tr(
                "Write it down, or save the emergency kit and print it. Keep it locked away, apart "
                "from this computer: anyone with this code and a copy of the vault can read every "
                "customer record."
            )
        )
        advice.setWordWrap(True)
        self.kit_button = QPushButton(self.tr("Save emergency kit (PDF)…"))
        self.kit_button.setObjectName("saveKit")
        self.kit_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.kit_message = style.InlineMessage()
        self.stored_check = QCheckBox(self.tr("I have stored the recovery code in a safe place"))
        self.stored_check.setObjectName("codeStored")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SPACING)
        layout.addWidget(panel)
        layout.addWidget(advice)
        layout.addWidget(self.kit_button)
        layout.addWidget(self.kit_message)
        layout.addStretch(1)
        layout.addWidget(self.stored_check)

        self.kit_button.clicked.connect(self.save_kit)
        self.stored_check.toggled.connect(self.stored_changed)

    def show_code(self, code: str, *, vault_id: str, location: str, business: str) -> None:
        self._code, self._vault_id, self._location, self._business = code, vault_id, location, business
        self.code_label.setText(code)
        self.kit_message.clear()
        self.stored_check.setChecked(False)

    @property
    def stored(self) -> bool:
        return self.stored_check.isChecked()

    def clear(self) -> None:
        self._code = ""
        self.code_label.setText("")

    def save_kit(self) -> None:
        if not self._code:
            return
        start = str(documents_folder() / self.tr("Custos emergency kit.pdf"))
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the emergency kit"), start, self.tr("PDF documents (*.pdf)")
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        business, vault_id, location, code = self._business, self._vault_id, self._location, self._code
        created = datetime.now().astimezone()

        def write(_task: Task) -> Path:
            write_emergency_kit(
                target,
                business_name=business,
                vault_id=vault_id,
                vault_location=location,
                recovery_code=code,
                created_at=created,
            )
            return target

        self.kit_button.setEnabled(False)
        self.kit_message.show_info(self.tr("Saving the emergency kit…"))
        self._runner.run(write, on_result=self._kit_saved, on_error=self._kit_failed)

    def _kit_saved(self, path: Path) -> None:
        self.kit_button.setEnabled(True)
        self.kit_message.show_success(
            self.tr("Saved to %1. Print it, keep it locked away, then delete the file.").replace(
                "%1", QDir.toNativeSeparators(str(path))
            )
        )

    def _kit_failed(self, error: BaseException) -> None:
        self.kit_button.setEnabled(True)
        self.kit_message.show_error(
            self.tr("The emergency kit was not saved. %1").replace("%1", describe(error))
        )
        if not isinstance(error, KnownError | OSError):
            raise error
