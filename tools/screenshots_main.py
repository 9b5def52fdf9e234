"""Screens of the main window and its dialogs, rendered by tools/screenshots.py.

``SCREENS`` maps each name to a function ``fn(out_dir) -> Path``. Unlike the start-up screens
in tools/screenshots.py, which each get a fresh context, these share one seeded demo vault
in a temporary folder (cheap KDF, synthetic customers plus two custom fields) and an
isolated settings file, because building the vault is the slow part; nothing touches real
settings or vaults.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtGui import QFontDatabase, QInputMethodEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402

from app import (  # noqa: E402
    customers,
    demo,
    field_admin,
)
from app.resource_files import resource_path  # noqa: E402
from app.vault.keyslots import KdfParams  # noqa: E402

OUT = ROOT / "artifacts" / "screenshots" / "en"
CJK_FONT = resource_path("fonts", "wqy-microhei.ttc")
CHEAP_KDF = KdfParams(time_cost=1, memory_kib=1024, parallelism=1)
DEMO_CUSTOMERS = 240


class _Session:
    """The app, a seeded vault, settings and a runner shared by every screen of one run."""

    def __init__(self) -> None:
        from ui.i18n import Translations
        from ui.settings import Settings
        from ui.tasks import InlineTaskRunner

        self.app = QApplication.instance() or QApplication(["screenshots"])
        QFontDatabase.addApplicationFont(str(CJK_FONT))  # offscreen Qt has no CJK font of its own
        self.translations = Translations(self.app)
        self.translations.apply("en")
        self._tmp = tempfile.TemporaryDirectory(prefix="custos-shots-")
        folder = Path(self._tmp.name)
        self.vault = demo.build_demo(folder / "vault", DEMO_CUSTOMERS, kdf=CHEAP_KDF)
        actor = self.vault.actor
        field_admin.add_custom_field(
            self.vault,
            actor,
            key="birthday",
            label_zh="生日",
            label_en="Birthday",
            type="date",
            purposes=["service", "marketing"],
        )
        field_admin.add_custom_field(
            self.vault,
            actor,
            key="membership",
            label_zh="会员等级",
            label_en="Membership",
            type="choice",
            sensitivity="internal",
            purposes=["sales", "service"],
            rules={"choices": ["Silver", "Gold", "Platinum"]},
        )
        self.sample = customers.create(
            self.vault,
            actor,
            {
                "name": "王芳",
                "phone": "138 1234 5678",
                "email": "wangfang@example.cn",
                "company": "北京华信科技有限公司",
                "address": "北京市朝阳区建国路88号",
                "tags": "vip, 老客户",
                "notes": "Prefers calls after 5 pm.",
                "source": "Shop visit",
                "birthday": "1988-06-12",
                "membership": "Gold",
            },
        )
        self.settings = Settings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
        self.runner = InlineTaskRunner()
        self.widgets: list[QWidget] = []
        self.staff_vaults: list[Any] = []

    def main_window(self) -> Any:
        from ui.main_window import MainWindow

        window = MainWindow(self.vault, self.settings, self.runner, self.translations)
        window.resize(1180, 720)
        window.show()
        self.widgets.append(window)
        settle()
        return window

    def signed_in_as(self, name: str, role: str) -> Any:
        """The demo vault unlocked by a staff member with ``role`` (made on first use)."""
        import app.vault.vault as vault_mod
        from app import users
        from app.vault import Vault

        password = f"{name}-demo-pass"
        if name not in self.vault.slot_users():
            vault_mod.DEFAULT_KDF = CHEAP_KDF  # demo accounts: no need for a real Argon2 cost
            users.add(self.vault, self.vault.actor, name, password, role)
            users.reset_password(self.vault, self.vault.actor, name, password, must_change=False)
        staff = Vault.unlock(self.vault.folder, name, password)
        self.staff_vaults.append(staff)
        return staff

    def window_for(self, vault: Any) -> Any:
        from ui.main_window import MainWindow

        window = MainWindow(vault, self.settings, self.runner, self.translations)
        window.resize(1180, 720)
        window.show()
        self.widgets.append(window)
        settle()
        return window

    def close_all(self) -> None:
        for widget in self.widgets:
            for child in widget.findChildren(QWidget):
                if child.isWindow() and child.isVisible():
                    child.hide()
            widget.hide()
            widget.deleteLater()
        self.widgets.clear()
        for vault in self.staff_vaults:
            vault.lock()
        self.staff_vaults.clear()
        settle()


_session: _Session | None = None


def session() -> _Session:
    global _session
    if _session is None:
        _session = _Session()
    return _session


def admin(window: Any) -> Any:
    """The window's Tools → set-up feature (fields, users, roles), which opens those dialogs."""
    from ui.administration import AdministrationFeature

    return window.feature(AdministrationFeature)


def settle(rounds: int = 6) -> None:
    for _ in range(rounds):
        QCoreApplication.processEvents()
        QTest.qWait(15)


def type_text(widget: QWidget, text: str) -> None:
    """Latin keys as key presses, Chinese as an input method commits it."""
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QCoreApplication.sendEvent(widget, event)


def capture(widget: QWidget, out_dir: Path, name: str) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.png"
    settle()
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


# ------------------------------------------------------------------------------- screens


def main_window(out_dir: Path) -> Path:
    s = session()
    window = s.main_window()
    window.table.selectRow(2)
    try:
        return capture(window, out_dir, "main_window")
    finally:
        s.close_all()


def main_window_search(out_dir: Path) -> Path:
    s = session()
    window = s.main_window()
    window.search_box.setFocus()
    type_text(window.search_box, "王")
    window.run_search()
    try:
        return capture(window, out_dir, "main_window_search")
    finally:
        s.close_all()


def main_window_pinyin(out_dir: Path) -> Path:
    """A pinyin search (the name's full pinyin, typed as Latin letters), in pinyin order."""
    s = session()
    window = s.main_window()
    window.search_box.setFocus()
    type_text(window.search_box, "wang")
    window.run_search()
    try:
        return capture(window, out_dir, "main_window_pinyin")
    finally:
        s.close_all()


def main_window_empty(out_dir: Path) -> Path:
    """A new vault's first window: what to do first, not a blank table."""
    from app.vault import Vault

    s = session()
    folder = Path(s._tmp.name) / f"empty-{out_dir.name}"
    vault, _code = Vault.create(
        folder, owner="owner", password="owner-pass-1", business_name="王记五金店", kdf=CHEAP_KDF
    )
    window = s.window_for(vault)
    s.staff_vaults.append(vault)  # locked by close_all
    try:
        return capture(window, out_dir, "main_window_empty")
    finally:
        s.close_all()


def main_window_no_match(out_dir: Path) -> Path:
    s = session()
    window = s.main_window()
    window.search_box.setFocus()
    type_text(window.search_box, "zzq")
    window.run_search()
    try:
        return capture(window, out_dir, "main_window_no_match")
    finally:
        s.close_all()


def _help_dialog(out_dir: Path, name: str, open_it: Callable[[Any], QWidget]) -> Path:
    from ui.help import HelpFeature

    s = session()
    window = s.main_window()
    dialog = open_it(window.feature(HelpFeature))
    dialog.adjustSize()
    try:
        return capture(dialog, out_dir, name)
    finally:
        dialog.close()
        s.close_all()


def help_getting_started(out_dir: Path) -> Path:
    return _help_dialog(out_dir, "help_getting_started", lambda help_: help_.show_getting_started())


def help_shortcuts(out_dir: Path) -> Path:
    return _help_dialog(out_dir, "help_shortcuts", lambda help_: help_.show_shortcuts())


def help_about(out_dir: Path) -> Path:
    return _help_dialog(out_dir, "help_about", lambda help_: help_.show_about())


def main_window_locked(out_dir: Path) -> Path:
    """The window right after a lock (the sign-in dialog is the launcher's, not shown here)."""
    from app.vault import Vault

    s = session()
    window = s.main_window()
    folder, user = s.vault.folder, s.vault.user
    window.lock()
    try:
        return capture(window, out_dir, "main_window_locked")
    finally:
        s.vault = Vault.unlock(folder, user, demo.DEMO_PASSWORD)
        s.close_all()


def editor_new(out_dir: Path) -> Path:
    s = session()
    window = s.main_window()
    editor = window.new_customer()
    type_text(editor.widget("name"), "陈思远")
    QTest.keyClicks(editor.widget("phone"), "139 0000 1234")
    try:
        return capture(editor, out_dir, "editor_new")
    finally:
        editor.discard()
        s.close_all()


def editor_error(out_dir: Path) -> Path:
    s = session()
    window = s.main_window()
    window.resize(1280, 760)
    editor = window.open_customer(s.sample.id)
    editor.set_value("phone", "138 1234")
    editor.set_value("email", "wangfang@example")
    editor.save()
    try:
        return capture(window, out_dir, "editor_error")  # the card beside the list
    finally:
        editor.discard()
        s.close_all()


def column_chooser(out_dir: Path) -> Path:
    s = session()
    window = s.main_window()
    chooser = window.open_column_chooser()
    try:
        return capture(chooser, out_dir, "column_chooser")
    finally:
        chooser.reject()
        s.close_all()


def field_catalogue(out_dir: Path) -> Path:
    s = session()
    window = s.main_window()
    dialog = admin(window).open_field_catalogue()
    dialog.select("membership")
    try:
        return capture(dialog, out_dir, "field_catalogue")
    finally:
        dialog.reject()
        s.close_all()


def field_catalogue_add(out_dir: Path) -> Path:
    s = session()
    window = s.main_window()
    dialog = admin(window).open_field_catalogue()
    add = dialog.add_field()
    type_text(add.label_en, "Preferred store")
    type_text(add.label_zh, "常去门店")
    add.type.setCurrentIndex(add.type.findData("choice"))
    add.choices.setPlainText("Chaoyang\nHaidian\nPudong")
    add.classification.purposes["service"].setChecked(True)
    add.adjustSize()
    try:
        return capture(add, out_dir, "field_catalogue_add")
    finally:
        add.reject()
        dialog.reject()
        s.close_all()


def main_window_sales(out_dir: Path) -> Path:
    """Signed in as sales: the address column shows only the district (masked)."""
    s = session()
    vault = s.signed_in_as("sally", "sales")
    s.settings.set_columns_for(
        vault.vault_id, "sally", ["name", "phone", "email", "company", "address", "tags"]
    )
    window = s.window_for(vault)
    window.table.selectRow(2)
    try:
        return capture(window, out_dir, "main_window_sales")
    finally:
        s.close_all()


def main_window_auditor(out_dir: Path) -> Path:
    """Signed in as the auditor: the count and why there is no list."""
    s = session()
    window = s.window_for(s.signed_in_as("audrey", "auditor"))
    try:
        return capture(window, out_dir, "main_window_auditor")
    finally:
        s.close_all()


def main_window_first_signin(out_dir: Path) -> Path:
    """A new sales user's first sign-in: the role banner over the list (password dialog closed)."""
    s = session()
    vault = s.signed_in_as("nina", "sales")
    window = s.window_for(vault)
    window.role_banner.show()
    settle()
    try:
        return capture(window, out_dir, "main_window_first_signin")
    finally:
        s.close_all()


def main_window_forced_password(out_dir: Path) -> Path:
    """A new user's first sign-in, before they chose their own password: no customer behind it."""
    import app.vault.vault as vault_mod
    from app import users
    from app.vault import Vault

    s = session()
    if "tina" not in s.vault.slot_users():
        vault_mod.DEFAULT_KDF = CHEAP_KDF
        users.add(s.vault, s.vault.actor, "tina", "tina-initial-9", "sales")
    vault = Vault.unlock(s.vault.folder, "tina", "tina-initial-9")
    s.staff_vaults.append(vault)
    window = s.window_for(vault)
    settle()
    dialog = window.password_dialog
    try:
        path = capture(window, out_dir, "main_window_forced_password")
        if dialog is not None:
            capture(dialog, out_dir, "change_password_forced")
        return path
    finally:
        s.close_all()


def users_dialog(out_dir: Path) -> Path:
    s = session()
    s.signed_in_as("sally", "sales")
    s.signed_in_as("mia", "manager")
    s.close_all()
    if "chen" not in s.vault.slot_users():  # a new user who has not signed in yet
        from app import users

        users.add(s.vault, s.vault.actor, "chen", "chen-demo-pass", "service")
    window = s.main_window()
    dialog = admin(window).open_users()
    dialog.select("sally")
    try:
        return capture(dialog, out_dir, "users_dialog")
    finally:
        dialog.reject()
        s.close_all()


def roles_dialog(out_dir: Path) -> Path:
    s = session()
    window = s.main_window()
    dialog = admin(window).open_roles()
    dialog.set_level("sales", "notes", "read")  # staged, not saved: shows an override in bold
    try:
        return capture(dialog, out_dir, "roles_dialog")
    finally:
        QDialog.reject(dialog)  # close without the "discard the changes?" question (no one to answer it)
        s.close_all()


def roles_dialog_permissions(out_dir: Path) -> Path:
    s = session()
    window = s.main_window()
    dialog = admin(window).open_roles()
    dialog.tabs.setCurrentIndex(1)
    try:
        return capture(dialog, out_dir, "roles_dialog_permissions")
    finally:
        dialog.reject()
        s.close_all()


def editor_reveal(out_dir: Path) -> Path:
    """A manager whose role sees the address masked: the editor offers Reveal…."""
    from app import access

    s = session()
    access.set_level(s.vault, s.vault.actor, "manager", "address", "masked")
    window = s.window_for(s.signed_in_as("mia", "manager"))
    window.resize(1280, 760)
    editor = window.open_customer(s.sample.id)
    try:
        return capture(window, out_dir, "editor_reveal")  # the card beside the list
    finally:
        editor.discard()
        s.close_all()
        access.set_level(s.vault, s.vault.actor, "manager", "address", None)


def editor_sales(out_dir: Path) -> Path:
    """Sales: masked address, read-only source, no notes or ID number."""
    s = session()
    window = s.window_for(s.signed_in_as("sally", "sales"))
    window.resize(1280, 760)
    editor = window.open_customer(s.sample.id)
    try:
        return capture(window, out_dir, "editor_sales")  # the card beside the list
    finally:
        editor.discard()
        s.close_all()


def editor_duplicate(out_dir: Path) -> Path:
    """A new customer typed with the sample's phone: the warning before saving."""
    s = session()
    window = s.main_window()
    editor = window.new_customer()
    type_text(editor.widget("name"), "王芳")
    QTest.keyClicks(editor.widget("phone"), "+86 138 1234 5678")
    editor.save()
    settle()
    try:
        return capture(editor.duplicate_warning, out_dir, "editor_duplicate")
    finally:
        editor.discard()
        s.close_all()


def merge_dialog(out_dir: Path) -> Path:
    """Tools → Merge duplicates… with a second record of the sample customer selected."""
    from app import duplicates
    from ui.duplicates import DuplicatesFeature

    s = session()
    twin = duplicates.add_customer(
        s.vault,
        s.vault.actor,
        {
            "name": "王芳",
            "phone": "13812345678",
            "email": "fang.wang@example.com",
            "address": "上海市徐汇区中山路1号",
        },
        allow_duplicate=True,
    )
    window = s.main_window()
    dialog = window.feature(DuplicatesFeature).open_merge()
    dialog.resize(820, 680)
    settle()
    for row in range(dialog.pairs.topLevelItemCount()):
        if dialog.pairs.topLevelItem(row).text(2) == str(twin.id):
            dialog.pairs.setCurrentItem(dialog.pairs.topLevelItem(row))
    dialog.choose("email", duplicates.OTHER)
    try:
        return capture(dialog, out_dir, "merge_dialog")
    finally:
        dialog.reject()
        duplicates.merge(s.vault, s.vault.actor, s.sample.id, twin.id)  # the next screens see one 王芳
        s.close_all()


# ------------------------------------------------------------------------------- consent and the card


def _consent_for_sample(s: _Session) -> None:
    """The sample customer's consent, once: service and marketing signed on screen, sales refused."""
    from app import consent

    if consent.history(s.vault, s.vault.actor, s.sample.id):
        return
    consent.record(
        s.vault,
        s.vault.actor,
        s.sample.id,
        text="service",
        decisions={"service": "given", "billing": "given"},
        channel="signature",
        evidence=consent.Evidence("signature", _signature_png()),
    )
    consent.record(
        s.vault,
        s.vault.actor,
        s.sample.id,
        text="marketing",
        decisions={"marketing": "given", "sales": "refused"},
        channel="phone",
        expires_on="2027-12-31",
    )


def _sign(pad: QWidget) -> None:
    """A signature drawn with the mouse, as a customer would."""
    import math

    from PySide6.QtCore import QPoint, Qt

    points = [
        QPoint(int(40 + t * 4.2), int(105 - 38 * math.sin(t / 6.0) * math.cos(t / 17.0) - t * 0.3))
        for t in range(0, 95, 3)
    ]
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=points[0])
    for point in points[1:]:
        QTest.mouseMove(pad, point)
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=points[-1])
    loop = [QPoint(int(300 + 30 * math.cos(a / 5)), int(95 + 22 * math.sin(a / 5))) for a in range(0, 34)]
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=loop[0])
    for point in loop[1:]:
        QTest.mouseMove(pad, point)
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=loop[-1])


def _signature_png() -> bytes:
    from ui.signature_pad import SignaturePad

    pad = SignaturePad()
    pad.resize(520, 180)
    pad.show()
    settle(2)
    _sign(pad)
    data = pad.to_png()
    pad.hide()
    pad.deleteLater()
    return data


def _card_window(s: _Session, section: Any = None) -> Any:
    window = s.main_window()
    window.resize(1280, 760)
    _consent_for_sample(s)
    window.search_box.setFocus()
    type_text(window.search_box, "王芳")
    window.run_search()
    settle()
    window.table.selectRow(0)
    window.open_card(s.sample.id, section)
    settle()
    return window


def card_details(out_dir: Path) -> Path:
    """The customer card beside the list, at Details."""
    s = session()
    window = _card_window(s)
    try:
        return capture(window, out_dir, "card_details")
    finally:
        s.close_all()


def card_consent(out_dir: Path) -> Path:
    """The card's Consent section: status per purpose, the buttons, the history."""
    from ui.consent_card import ConsentSection

    s = session()
    window = _card_window(s, ConsentSection)
    window.card.section(ConsentSection).select_purpose("marketing")
    try:
        return capture(window, out_dir, "card_consent")
    finally:
        s.close_all()


def card_history(out_dir: Path) -> Path:
    """The card's History section: this customer's audit entries."""
    from ui.card_history import HistorySection

    s = session()
    window = _card_window(s, HistorySection)
    try:
        return capture(window, out_dir, "card_history")
    finally:
        s.close_all()


def card_shared_with(out_dir: Path) -> Path:
    """The card's Shared with section: the exports and partners that included this customer."""
    from datetime import date, timedelta

    from app import exporting, partners
    from ui.partners_dialog import SharedWithSection

    s = session()
    name = "顺丰安装服务有限公司"
    if not any(p.name == name for p in partners.list_partners(s.vault, s.vault.actor)):
        partners.add(
            s.vault,
            s.vault.actor,
            {
                "name": name,
                "contact": "张经理 400-800-1234",
                "purposes": ["delivery"],
                "fields": ["id", "name", "phone", "address"],
                "starts_on": date.today() - timedelta(days=30),
                "expires_on": date.today() + timedelta(days=335),
                "security_measures": "传输加密；仅限安装调度人员访问",
                "end_of_agreement": "delete",
            },
        )
        folder = Path(tempfile.mkdtemp(prefix="custos-shots-export-"))
        for purpose, partner, fields in (
            ("delivery", name, (("id", "pseudonymised"), ("name", "full"), ("phone", "full"))),
            ("marketing", "", (("name", "full"), ("email", "masked"))),
        ):
            request = exporting.ExportRequest(
                exporting.Selection("ids", ids=(s.sample.id,)),
                fields,
                purpose,
                "csv",
                partner=partner,
                legal_basis="contract",
                basis_note="履行与客户的合同（截图示例）",
            )
            exporting.run(s.vault, s.vault.actor, request, folder / f"{purpose}.zip")
    window = _card_window(s, SharedWithSection)
    section = window.card.section(SharedWithSection)
    deadline = time.monotonic() + 10
    while section.widget.loaded is None and time.monotonic() < deadline:
        settle()
    try:
        return capture(window, out_dir, "card_shared_with")
    finally:
        s.close_all()


def record_consent(out_dir: Path) -> Path:
    """Record consent: decisions, channel, and the customer's signature on the pad."""
    from ui.consent_card import ConsentSection

    s = session()
    window = _card_window(s, ConsentSection)
    dialog = window.card.section(ConsentSection).open_record()
    dialog.text_combo.setCurrentIndex(dialog.text_combo.findData("marketing"))
    dialog.set_decision("marketing", "given")
    dialog.set_decision("sales", "refused")
    dialog.expires_check.setChecked(True)
    settle()
    _sign(dialog.pad)
    try:
        return capture(dialog, out_dir, "record_consent")
    finally:
        dialog.pad.clear()
        dialog.done(QDialog.DialogCode.Rejected)
        s.close_all()


def record_consent_minor(out_dir: Path) -> Path:
    """Record consent for a child under 14: the guardian section, and the core's refusal without it."""
    from datetime import date

    from app import customers as customers_mod
    from app.fields import cn_id_check_char
    from ui.consent_card import ConsentSection

    s = session()
    body = f"110105{date.today().year - 9}0315123"
    kid = customers_mod.create(
        s.vault, s.vault.actor, {"name": "王小宝", "id_number": body + cn_id_check_char(body)}
    )
    window = s.main_window()
    window.resize(1280, 760)
    window.open_card(kid.id, ConsentSection)
    settle()
    dialog = window.card.section(ConsentSection).open_record()
    dialog.text_combo.setCurrentIndex(dialog.text_combo.findData("children"))
    dialog.set_decision("service", "given")
    dialog.channel_combo.setCurrentIndex(dialog.channel_combo.findData("verbal"))
    dialog.witness.setText("sally")
    dialog.record()
    settle()
    dialog.resize(720, 900)
    try:
        return capture(dialog, out_dir, "record_consent_minor")
    finally:
        dialog.done(QDialog.DialogCode.Rejected)
        customers_mod.delete(s.vault, s.vault.actor, kid.id)
        s.close_all()


def notice_texts_diff(out_dir: Path) -> Path:
    """Tools → Notice texts…: version 2 of the marketing notice compared with version 1."""
    from ui.consent_feature import ConsentFeature

    s = session()
    window = s.main_window()
    dialog = window.feature(ConsentFeature).open_texts()
    dialog.select_version("marketing", 2)
    dialog.read_tabs.setCurrentIndex(1)
    try:
        return capture(dialog, out_dir, "notice_texts_diff")
    finally:
        dialog.done(QDialog.DialogCode.Rejected)
        s.close_all()


def notice_texts_check(out_dir: Path) -> Path:
    """Writing a new notice: the live Art. 17 check lists what is still missing."""
    from ui.consent_feature import ConsentFeature

    s = session()
    window = s.main_window()
    dialog = window.feature(ConsentFeature).open_texts()
    dialog.start_new_text()
    QTest.keyClicks(dialog.key_edit, "sharing-install")
    type_text(dialog.title_zh, "安装服务信息共享告知书")
    dialog.title_en.setText("Sharing with our installer")
    dialog.purpose_checks["sharing"].setChecked(True)
    dialog.fill_starter()
    dialog.section_tabs.setCurrentIndex(0 if s.translations.language.startswith("zh") else 1)
    settle()
    try:
        return capture(dialog, out_dir, "notice_texts_check")
    finally:
        dialog._close_writer()
        dialog.done(QDialog.DialogCode.Rejected)
        s.close_all()


# ------------------------------------------------------------------------------- field packs

FIELD_USER = "小李"


def _field_packs(s: _Session) -> tuple[Path, Path]:
    """Two packs for 小李, made once per run: one back from the field, not merged yet (field mode,
    the merge summary), and one merged while the office changed the same customers (the queue)."""
    from app import customers as customers_mod
    from app import fieldpack

    cached = getattr(s, "field_paths", None)
    if cached is not None:
        return cached
    s.signed_in_as(FIELD_USER, "field")  # the field user and their password
    password = f"{FIELD_USER}-demo-pass"
    folder = Path(tempfile.mkdtemp(prefix="custos-shots-packs-"))
    view = customers_mod.CustomerView(s.vault, s.vault.actor)
    ids = [c.id for c in view.rows(0, 24)]
    if s.sample.id not in ids:
        ids.append(s.sample.id)
    merged = folder / f"{FIELD_USER}-1.custospack"
    fieldpack.prepare(s.vault, s.vault.actor, FIELD_USER, merged, ids=ids[:12], days=7)
    pack = fieldpack.open_pack(merged, FIELD_USER, password)
    changed = [c for c in customers_mod.CustomerView(pack, pack.actor).rows(0, 3)]
    for number, customer in enumerate(changed):
        customers_mod.update(pack, pack.actor, customer.id, {"phone": f"1391234{number:04d}"})
    pack.lock()
    for number, customer in enumerate(changed):
        customers_mod.update(s.vault, s.vault.actor, customer.id, {"phone": f"1378888{number:04d}"})
    fieldpack.merge(s.vault, s.vault.actor, merged)
    out = folder / f"{FIELD_USER}-2.custospack"
    fieldpack.prepare(s.vault, s.vault.actor, FIELD_USER, out, ids=ids[12:], days=14)
    pack = fieldpack.open_pack(out, FIELD_USER, password)
    actor = pack.actor
    for values in (
        {"name": "赵建国", "phone": "13698765432", "address": "广东省佛山市顺德区容桂街道"},
        {"name": "陈美玲", "phone": "13587654321"},
        {"name": "Tom Baker", "phone": "+442071234567", "email": "tom.baker@example.co.uk"},
    ):
        customers_mod.create(pack, actor, values)
    for customer in customers_mod.CustomerView(pack, actor).rows(0, 2):
        customers_mod.update(pack, actor, customer.id, {"address": "广东省深圳市南山区科技园南区"})
    pack.lock()
    lost = folder / "老周-lost.custospack"
    s.signed_in_as("老周", "field")
    fieldpack.prepare(s.vault, s.vault.actor, "老周", lost, tag="vip", days=14)
    fieldpack.declare_lost(s.vault, s.vault.actor, lost)
    s.field_paths = (out, merged)
    return s.field_paths


def _field_window(s: _Session) -> Any:
    from app import fieldpack

    out, _merged = _field_packs(s)
    pack = fieldpack.open_pack(out, FIELD_USER, f"{FIELD_USER}-demo-pass")
    s.staff_vaults.append(pack)
    window = s.window_for(pack)
    window.resize(1280, 760)
    settle()
    return window


def field_mode(out_dir: Path) -> Path:
    """A field pack open on the laptop: the banner, only offline work, the customers it carries."""
    s = session()
    window = _field_window(s)
    window.table.selectRow(1)
    try:
        return capture(window, out_dir, "field_mode")
    finally:
        s.close_all()


def field_consent(out_dir: Path) -> Path:
    """Recording consent in field mode: the pack window behind, the signature on the pad."""
    from ui.consent_card import ConsentSection

    s = session()
    window = _field_window(s)
    window.table.selectRow(0)
    window.open_card(window.selected_customer_id(), ConsentSection)
    settle()
    dialog = window.card.section(ConsentSection).open_record()
    dialog.text_combo.setCurrentIndex(dialog.text_combo.findData("marketing"))
    dialog.set_decision("marketing", "given")
    settle()
    _sign(dialog.pad)
    try:
        capture(window, out_dir, "field_mode_card")
        return capture(dialog, out_dir, "field_consent")
    finally:
        dialog.pad.clear()
        dialog.done(QDialog.DialogCode.Rejected)
        s.close_all()


def _packs_dialog(s: _Session) -> Any:
    from ui.fieldpacks import FieldPacksFeature

    _field_packs(s)
    window = s.main_window()
    dialog = window.feature(FieldPacksFeature).open_packs()
    dialog.show_all.setChecked(True)
    settle()
    return dialog


def field_packs(out_dir: Path) -> Path:
    """Tools → Field packs…: the packs out, merged and lost."""
    s = session()
    dialog = _packs_dialog(s)
    dialog.table.selectRow(0)
    try:
        return capture(dialog, out_dir, "field_packs")
    finally:
        s.close_all()


def field_prepare(out_dir: Path) -> Path:
    """Prepare a field pack: who for, which customers, how long, where."""
    s = session()
    dialog = _packs_dialog(s)
    prepare = dialog.open_prepare()
    prepare.user.setCurrentText(FIELD_USER)
    prepare.tag_radio.setChecked(True)
    prepare.tag.setText("vip")
    settle()
    try:
        return capture(prepare, out_dir, "field_prepare")
    finally:
        prepare.done(QDialog.DialogCode.Rejected)
        s.close_all()


def field_merge(out_dir: Path) -> Path:
    """Merge a pack: the dry run's summary before anything changes."""
    s = session()
    out, _merged = _field_packs(s)
    dialog = _packs_dialog(s)
    merge = dialog.open_merge(str(out))
    settle()
    try:
        return capture(merge, out_dir, "field_merge")
    finally:
        merge.done(QDialog.DialogCode.Rejected)
        s.close_all()


def field_conflicts(out_dir: Path) -> Path:
    """The review queue: started with, office now and from the field, side by side."""
    s = session()
    dialog = _packs_dialog(s)
    queue = dialog.open_conflicts()
    settle()
    queue.table.selectRow(0)
    settle()
    try:
        return capture(queue, out_dir, "field_conflicts")
    finally:
        queue.done(QDialog.DialogCode.Rejected)
        s.close_all()


SCREENS: dict[str, Callable[[Path], Path]] = {
    "main_window": main_window,
    "main_window_search": main_window_search,
    "main_window_pinyin": main_window_pinyin,
    "main_window_locked": main_window_locked,
    "main_window_empty": main_window_empty,
    "main_window_no_match": main_window_no_match,
    "help_getting_started": help_getting_started,
    "help_shortcuts": help_shortcuts,
    "help_about": help_about,
    "editor_new": editor_new,
    "editor_error": editor_error,
    "column_chooser": column_chooser,
    "field_catalogue": field_catalogue,
    "field_catalogue_add": field_catalogue_add,
    "main_window_sales": main_window_sales,
    "main_window_auditor": main_window_auditor,
    "main_window_first_signin": main_window_first_signin,
    "main_window_forced_password": main_window_forced_password,
    "users_dialog": users_dialog,
    "roles_dialog": roles_dialog,
    "roles_dialog_permissions": roles_dialog_permissions,
    "editor_reveal": editor_reveal,
    "editor_sales": editor_sales,
    "editor_duplicate": editor_duplicate,
    "merge_dialog": merge_dialog,
    "card_details": card_details,
    "card_consent": card_consent,
    "card_history": card_history,
    "card_shared_with": card_shared_with,
    "record_consent": record_consent,
    "record_consent_minor": record_consent_minor,
    "notice_texts_diff": notice_texts_diff,
    "notice_texts_check": notice_texts_check,
    "field_mode": field_mode,
    "field_consent": field_consent,
    "field_packs": field_packs,
    "field_prepare": field_prepare,
    "field_merge": field_merge,
    "field_conflicts": field_conflicts,
}


def close_session() -> None:
    """Lock the shared demo vault once every screen is rendered."""
    if _session is not None:
        _session.vault.lock()
