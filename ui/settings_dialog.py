"""The preferences dialog: language, idle lock, default vault folder, table density.

OK writes only the values that changed, through ``ui.settings.Settings``, then emits
``settings_changed`` with those settings so the caller can apply them at once (a new
language is installed live, the idle timer restarted, the table re-laid out).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.vault import default_vault_folder
from ui import style
from ui.enter_key import PrimaryButton
from ui.settings import DEFAULT_VAULT, IDLE_LOCK_MINUTES, LANGUAGE, TABLE_DENSITY, Setting, Settings

IDLE_MINUTES_RANGE = (1, 240)


class SettingsDialog(QDialog):
    """Edits the application settings. After OK, ``changed`` lists the settings written."""

    settings_changed = Signal(list)  # list[Setting], only those whose value changed

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.changed: list[Setting] = []
        self.setWindowTitle(self.tr("Settings – Custos"))

        title = style.title_label(self.tr("Settings"))

        self.language_combo = QComboBox()
        self.language_combo.addItem(self.tr("System default"), "system")
        # Language names are written in their own language, so each reader finds theirs.
        self.language_combo.addItem("中文（简体）", "zh_CN")
        self.language_combo.addItem("English", "en")
        language_note = style.note_label(self.tr("A new language applies to the windows at once."))

        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(*IDLE_MINUTES_RANGE)
        self.idle_spin.setSuffix(self.tr(" min"))
        self.idle_spin.setMinimumWidth(110)
        idle_note = style.note_label(self.tr("Custos locks the vault when nobody has used it for this long."))

        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText(QDir.toNativeSeparators(str(default_vault_folder())))
        self.browse_button = QPushButton(self.tr("Browse…"))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        folder_note = style.note_label(self.tr("The vault Custos opens when it starts."))

        self.density_combo = QComboBox()
        self.density_combo.addItem(self.tr("Comfortable"), "comfortable")
        self.density_combo.addItem(self.tr("Compact"), "compact")

        form = style.FormGrid()
        form.setVerticalSpacing(6)
        form.add_row(LANGUAGE.display_label() + ":", _left(self.language_combo))
        form.add_row("", language_note)
        form.add_gap(14)
        form.add_row(IDLE_LOCK_MINUTES.display_label() + ":", _left(self.idle_spin))
        form.add_row("", idle_note)
        form.add_gap(14)
        form.add_row(DEFAULT_VAULT.display_label() + ":", folder_row)
        form.add_row("", folder_note)
        form.add_gap(14)
        form.add_row(TABLE_DENSITY.display_label() + ":", _left(self.density_combo))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.DIALOG_MARGIN, style.DIALOG_MARGIN, style.DIALOG_MARGIN, 18)
        layout.setSpacing(style.SPACING)
        layout.addWidget(title)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.enter_key = PrimaryButton(self, self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.browse_button.clicked.connect(self._browse)
        self._load()
        style.fit_width(self, 620)

    def _load(self) -> None:
        _select(self.language_combo, self._settings.get(LANGUAGE))
        low, high = IDLE_MINUTES_RANGE
        self.idle_spin.setValue(min(max(self._settings.get(IDLE_LOCK_MINUTES), low), high))
        folder = self._settings.get(DEFAULT_VAULT)
        self.folder_edit.setText(QDir.toNativeSeparators(folder) if folder else "")
        self.folder_edit.setCursorPosition(0)
        _select(self.density_combo, self._settings.get(TABLE_DENSITY))

    def _browse(self) -> None:
        start = self.folder_edit.text().strip() or str(default_vault_folder().parent)
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose the default vault folder"), start)
        if chosen:
            self.folder_edit.setText(QDir.toNativeSeparators(chosen))
            self.folder_edit.setCursorPosition(0)

    def values(self) -> dict[Setting, object]:
        """What the form holds now, in the settings' own types."""
        folder = self.folder_edit.text().strip()
        return {
            LANGUAGE: self.language_combo.currentData(),
            IDLE_LOCK_MINUTES: self.idle_spin.value(),
            DEFAULT_VAULT: str(Path(folder).expanduser()) if folder else "",
            TABLE_DENSITY: self.density_combo.currentData(),
        }

    def accept(self) -> None:
        self.changed = [s for s, value in self.values().items() if self._settings.get(s) != value]
        for setting in self.changed:
            self._settings.set(setting, self.values()[setting])
        super().accept()
        if self.changed:
            self.settings_changed.emit(list(self.changed))


def _select(combo: QComboBox, data: str) -> None:
    index = combo.findData(data)
    combo.setCurrentIndex(index if index >= 0 else 0)


def _left(widget: QWidget) -> QHBoxLayout:
    """A field that keeps its natural width instead of stretching across the dialog."""
    row = QHBoxLayout()
    row.addWidget(widget)
    row.addStretch(1)
    return row
