"""Starting the desktop app: set-up or sign-in, the main window, and sign-in again after a lock.

    python -m ui.main [--vault DIR] [--demo]

Without a vault at the chosen folder (``--vault``, else the default from the settings, else
the OS data folder) the set-up wizard runs; otherwise the sign-in dialog. When the main
window reports that it ``locked`` (idle timer or the Lock action), it shows its locked page
and the sign-in dialog comes back over it, modal and without automatic sign-in; cancelling
it quits. After either sign-in, a user who has not acknowledged the current version of the
written policy reads and acknowledges it first (declining signs them out). The window's
``settings_requested`` opens the settings dialog, and what changed is
applied at once (a new language live).

``--vault F`` where F is a field pack file (app/fieldpack.py) signs in to the pack and opens
the main window in field mode; an expired pack only says to bring it back to the office.

``--demo`` builds (or reuses) a vault of synthetic customers in a worker, behind a progress
dialog, and opens the sign-in dialog with the demo owner filled in. The demo password is
printed on the terminal, never filled in.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog

from app import demo, fieldpack, policy
from app.errors import KnownError
from app.vault import Vault, default_vault_folder, is_vault
from ui import startup_probe, style
from ui.i18n import Translations
from ui.icons import app_icon
from ui.messages import describe
from ui.policy_view import PolicyAcknowledgeDialog
from ui.settings import DEFAULT_VAULT, LANGUAGE, Setting, Settings
from ui.settings_dialog import SettingsDialog
from ui.setup_wizard import SetupWizard
from ui.signin import SignInDialog, expired_text
from ui.tasks import Task, TaskRunner

DEMO_CUSTOMERS = 3000


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="custos", description="Customer records in an encrypted vault.")
    parser.add_argument(
        "--vault",
        metavar="DIR",
        type=Path,
        help="the vault folder to open or create, or a field pack file to open in field mode",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=f"build (or reuse) a demo vault with {DEMO_CUSTOMERS} synthetic customers and open it",
    )
    return parser.parse_args(list(argv))


def default_demo_folder() -> Path:
    """Next to the real vault, never in it: a demo must not touch anybody's data."""
    return default_vault_folder().parent / "demo-vault"


def choose_folder(args: argparse.Namespace, settings: Settings) -> Path:
    if args.vault is not None:
        folder = Path(args.vault)
    elif args.demo:
        folder = default_demo_folder()
    else:
        folder = Path(settings.get(DEFAULT_VAULT) or default_vault_folder())
    return folder.expanduser().absolute()


class Launcher(QObject):
    """Walks the app from start to the main window, and back through sign-in after each lock.

    Every window is shown without a nested event loop (``show``/``open`` and signals), so
    the whole flow runs inside the one ``app.exec()`` and tests can drive it step by step.
    ``exit_requested`` carries the exit code when the user is done (or cancelled).
    """

    exit_requested = Signal(int)

    def __init__(
        self,
        settings: Settings,
        runner: TaskRunner,
        translations: Translations,
        *,
        folder: Path,
        demo: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.runner = runner
        self.translations = translations
        self.folder = Path(folder)
        self.demo = demo
        self.vault: Vault | None = None
        self.wizard: SetupWizard | None = None
        self.signin: SignInDialog | None = None
        self.progress: QProgressDialog | None = None
        self.error_box: QMessageBox | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.policy_dialog: PolicyAcknowledgeDialog | None = None
        self.window: Any = None  # ui.main_window.MainWindow, imported once a vault is open
        self._closing = False

    def start(self) -> None:
        if self.demo:
            self._build_demo()
        elif fieldpack.is_pack(self.folder):
            self._open_pack()
        elif is_vault(self.folder):
            self._show_signin()
        else:
            self._show_wizard()

    # ------------------------------------------------------------------ demo

    def _build_demo(self) -> None:
        folder = self.folder
        progress = QProgressDialog(self.tr("Preparing the demo vault…"), "", 0, 0)
        progress.setWindowTitle(self.tr("Custos demo"))
        progress.setCancelButton(None)  # build_demo cannot stop half-way; it takes seconds
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setMinimumWidth(420)
        progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.progress = progress
        progress.show()

        def build(task: Task) -> None:
            vault = demo.build_demo(
                folder, DEMO_CUSTOMERS, progress=lambda done, total: task.progress(done, total)
            )
            vault.lock()  # the user signs in like anyone else

        self.runner.run(
            build, on_progress=self._demo_progress, on_result=self._demo_ready, on_error=self._demo_failed
        )

    def _demo_progress(self, done: int, total: int, _text: str) -> None:
        if self.progress is None:
            return
        locale = QLocale()
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setLabelText(
            self.tr("Adding demo customers: %1 of %2")
            .replace("%1", locale.toString(done))
            .replace("%2", locale.toString(total))
        )

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _demo_ready(self, _result: object) -> None:
        self._close_progress()
        print(f"Demo vault: {self.folder}")
        print(f"Sign in as {demo.DEMO_OWNER!r} with the password {demo.DEMO_PASSWORD!r}")
        self._show_signin(user=demo.DEMO_OWNER)

    def _demo_failed(self, error: BaseException) -> None:
        self._close_progress()
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Custos demo"),
            self.tr("The demo vault could not be prepared.") + "\n\n" + describe(error),
            QMessageBox.StandardButton.Ok,
        )
        box.setObjectName("demoError")
        box.finished.connect(lambda _code: self.exit_requested.emit(1))
        self.error_box = box
        box.open()

    # ------------------------------------------------------------------ set-up and sign-in

    def _open_pack(self) -> None:
        """A field pack: sign in to it, unless it expired — then only say where it must go."""
        try:
            header = fieldpack.read_header(self.folder)
        except KnownError:
            self._show_signin()  # the dialog says what is wrong with the file
            return
        if not header.expired():
            self._show_signin(user=header.user)
            return
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Field pack expired"),
            expired_text(header),
            QMessageBox.StandardButton.Ok,
        )
        box.setObjectName("packExpired")
        box.finished.connect(lambda _code: self.exit_requested.emit(0))
        self.error_box = box
        box.open()

    def _show_wizard(self) -> None:
        wizard = SetupWizard(self.settings, self.runner, folder=self.folder)
        wizard.finished.connect(self._wizard_finished)
        self.wizard = wizard
        wizard.show()

    def _wizard_finished(self, result: int) -> None:
        wizard = self.wizard
        if wizard is None or result != QDialog.DialogCode.Accepted:
            self.exit_requested.emit(0)
            return
        if wizard.vault is not None:
            self.open_main(wizard.vault)
        elif wizard.existing_folder is not None:
            self.folder = wizard.existing_folder
            self._show_signin()

    def _show_signin(self, user: str | None = None) -> None:
        dialog = SignInDialog(self.folder, self.settings, self.runner, user=user)
        dialog.finished.connect(self._signin_finished)
        self.signin = dialog
        dialog.show()

    def _signin_finished(self, result: int) -> None:
        dialog, self.signin = self.signin, None
        if dialog is None or result != QDialog.DialogCode.Accepted or dialog.vault is None:
            self.exit_requested.emit(0)
            return
        self._after_policy(dialog.vault, self.open_main, lambda vault: self._show_signin(user=vault.user))

    # ------------------------------------------------------------------ the written policy

    def _after_policy(self, vault: Vault, go_on: Any, signed_out: Any) -> None:
        """Before any customer is shown: the current written policy, if this user has not
        acknowledged it yet (app/policy.py; the core refuses customer reads until then).
        Acknowledged: ``go_on(vault)``. Declined: the vault is locked and ``signed_out(vault)``."""
        waiting = policy.needs_acknowledgement(vault, vault.actor)
        if waiting is None:
            go_on(vault)
            return
        language = "zh" if str(getattr(self.translations, "language", "")).startswith("zh") else "en"
        parent = self.window if self._window_shown() else None
        dialog = PolicyAcknowledgeDialog(vault, waiting, self.runner, language, parent)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.policy_dialog = dialog

        def finished(result: int) -> None:
            self.policy_dialog = None
            dialog.deleteLater()
            if result == QDialog.DialogCode.Accepted:
                go_on(vault)
            else:
                vault.lock()
                signed_out(vault)

        dialog.finished.connect(finished)
        dialog.show()

    # ------------------------------------------------------------------ the main window

    def open_main(self, vault: Vault) -> None:
        from ui.main_window import MainWindow  # Qt models and views load once a vault is open

        self.vault = vault
        window = MainWindow(vault, self.settings, self.runner, self.translations)
        window.locked.connect(self._locked)
        window.settings_requested.connect(self.open_settings)
        window.installEventFilter(self)
        self.window = window
        window.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            # Whether the window really closes is its own decision; look once it has made it.
            self._closing = True
            QTimer.singleShot(0, self._after_close)
        return False

    def _window_shown(self) -> bool:
        return self.window is not None and shiboken6.isValid(self.window) and self.window.isVisible()

    def _after_close(self) -> None:
        self._closing = False
        if not self._window_shown() and self.signin is None:
            self.exit_requested.emit(0)

    def _locked(self) -> None:
        if self._closing:
            return  # locking on the way out: no sign-in dialog
        vault = self.vault
        if vault is None or not self._window_shown():
            return
        # The window now shows only its locked page; the dialog covers it, modal. Automatic
        # sign-in stays off here: a lock that undid itself would protect nothing.
        dialog = SignInDialog(
            vault.pack_path if fieldpack.is_field_mode(vault) else vault.folder,
            self.settings,
            self.runner,
            self.window,
            user=vault.user,
            automatic=False,
            can_switch=False,
        )
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.finished.connect(self._relock_finished)
        self.signin = dialog
        dialog.show()

    def _relock_finished(self, result: int) -> None:
        dialog, self.signin = self.signin, None
        if dialog is None or result != QDialog.DialogCode.Accepted or dialog.vault is None:
            self.exit_requested.emit(0)
            return
        self.vault = dialog.vault
        self._after_policy(dialog.vault, self._unlock_window, lambda _vault: self._locked())

    def _unlock_window(self, vault: Vault) -> None:
        self.window.unlocked(vault)
        self.window.show()  # already shown under the dialog, which hands focus back to it

    # ------------------------------------------------------------------ settings

    def open_settings(self) -> SettingsDialog | None:
        if not self._window_shown():
            return None
        dialog = SettingsDialog(self.settings, self.window)  # closed by the window on lock
        dialog.settings_changed.connect(self.apply_settings)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def apply_settings(self, changed: list[Setting]) -> None:
        if LANGUAGE in changed:
            self.translations.apply(self.settings.get(LANGUAGE))  # windows retranslate on the event
        if self.window is not None and shiboken6.isValid(self.window):
            self.window.apply_settings()

    def shutdown(self) -> None:
        """Lock whatever is still open (safe to call twice). A field pack is written back to its
        file here; when that is refused, the one-line reason goes to the terminal, as the window
        that would have shown it is gone."""
        if self.vault is not None:
            try:
                self.vault.lock()
            except KnownError as error:
                print(f"custos: {error}", file=sys.stderr)


def prepare_runtime() -> None:
    """Keep the GUI thread responsive while worker threads run long Python tasks.

    Measured with ``bench/bench_import.py --gui`` (a 100,000-row import check on the task runner
    at 1,000,000 customers, a 10 ms timer on the GUI thread): longest wait 82 ms, p99 36 ms
    before; 14 ms and 13 ms after, the import 4 % slower.

    * Qt's bindings, the app's modules and pypinyin's dictionaries are some 260,000 objects
      that live as long as the process. A full garbage collection walked them all, ~50 ms
      holding the GIL, several times per import. Frozen, they are never walked again; what is
      garbage now is collected first, so nothing leaks.
    * The interpreter hands the GIL to a waiting thread after 5 ms by default; a worker that
      takes it straight back made the GUI thread wait several such rounds. 1 ms keeps the
      event loop's turn short.
    """
    gc.collect()
    gc.freeze()
    sys.setswitchinterval(0.001)


def run(argv: Sequence[str]) -> int:
    """Start the desktop app; returns the exit code."""
    existing = QApplication.instance()
    app = existing or QApplication(["custos", *argv])
    # Qt removes its own options (-platform, -style …) from arguments(); argparse gets ours.
    args = parse_args(list(argv) if existing else app.arguments()[1:])
    app.setApplicationName("Custos")
    app.setOrganizationName("Custos")
    app.setApplicationDisplayName("Custos")
    app.setDesktopFileName("custos")  # the installed custos.desktop: task bar icon and name
    app.setWindowIcon(app_icon())  # every window, the sign-in dialog first
    quit_on_close = app.quitOnLastWindowClosed()
    # Dialogs come and go between set-up, sign-in and the main window (and again after each
    # lock); the launcher decides when the app is done, not the last window to close.
    app.setQuitOnLastWindowClosed(False)
    style.register_fonts()
    settings = Settings()
    translations = Translations(app)
    translations.apply(settings.get(LANGUAGE))
    runner = TaskRunner()
    launcher = Launcher(settings, runner, translations, folder=choose_folder(args, settings), demo=args.demo)
    launcher.exit_requested.connect(app.exit)
    probe = startup_probe.install(app, launcher)  # only with CUSTOS_STARTUP_PROBE set
    QTimer.singleShot(0, launcher.start)
    prepare_runtime()
    try:
        return app.exec()
    finally:
        runner.wait_all()
        launcher.shutdown()
        app.setQuitOnLastWindowClosed(quit_on_close)
        if probe is not None:
            app.removeEventFilter(probe)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
