"""Render Custos's screens offscreen to PNG files, to look at them without a display.

    .venv/bin/python tools/screenshots.py                 # every screen, English and Chinese
    .venv/bin/python tools/screenshots.py signin settings # only these
    .venv/bin/python tools/screenshots.py --lang en --out /tmp/shots signin

Writes ``artifacts/screenshots/<language>/<name>.png``. Each screen is a function registered
with ``@screenshot("name")``: it receives a ``Context`` (an isolated settings file, an inline
task runner, a scratch folder, a sample vault on request) and returns the top-level widget
in the state to photograph. To add a screen, write one more decorated function; nothing else
needs to change. Nothing here touches the real settings, keyring or vaults.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
import keyring.backends.fail  # noqa: E402
import screenshots_main as main_screens  # noqa: E402 - the module beside this one
from keyring.backend import KeyringBackend  # noqa: E402
from PySide6.QtCore import QCoreApplication, QSettings, QtMsgType, qInstallMessageHandler  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

import app.vault.keyslots  # noqa: E402
import app.vault.vault  # noqa: E402
from app import customers  # noqa: E402
from app.vault import KdfParams, Vault  # noqa: E402
from ui import style  # noqa: E402
from ui.i18n import SUPPORTED, Translations  # noqa: E402
from ui.settings import DEFAULT_VAULT, IDLE_LOCK_MINUTES, LAST_USER, Settings  # noqa: E402
from ui.tasks import InlineTaskRunner, Task  # noqa: E402

OUT = ROOT / "artifacts" / "screenshots"
# Screenshots need no real Argon2 cost; slots record their parameters, so this is safe.
CHEAP_KDF = KdfParams(time_cost=1, memory_kib=1024, parallelism=1)
SAMPLE_OWNER = "王芳"
SAMPLE_PASSWORD = "sample-pass-1"
SAMPLE_BUSINESS = "王记五金店"


class _MemoryKeyring(KeyringBackend):
    """Stands in for the OS keyring so screens can show automatic sign-in as available."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


class HeldRunner(InlineTaskRunner):
    """Accepts tasks and never runs them: for photographing a screen while it is busy."""

    def run(self, fn, *, on_result=None, on_error=None, on_progress=None, vault=None, parent=None) -> Task:
        return Task(parent)


@dataclass
class Context:
    root: Path
    language: str
    settings: Settings
    runner: InlineTaskRunner = field(default_factory=InlineTaskRunner)
    _sample: Path | None = None

    def sample_vault(self) -> Path:
        """A locked vault with a few customers (owner 王芳), made once per context."""
        if self._sample is None:
            folder = self.root / "sample-vault"
            vault, _code = Vault.create(
                folder, owner=SAMPLE_OWNER, password=SAMPLE_PASSWORD, business_name=SAMPLE_BUSINESS
            )
            customers.create_many(
                vault,
                vault.actor,
                [
                    {"name": "王芳", "phone": "13812345678", "company": "北京华信科技有限公司"},
                    {"name": "John Smith", "email": "john.smith@example.com"},
                ],
            )
            vault.lock()
            self._sample = folder
        return self._sample


ScreenshotFn = Callable[[Context], QWidget]
SCREENSHOTS: dict[str, ScreenshotFn] = {}


def screenshot(name: str) -> Callable[[ScreenshotFn], ScreenshotFn]:
    """Register a function that builds one screen; ``name`` becomes the PNG's file name."""

    def register(fn: ScreenshotFn) -> ScreenshotFn:
        if name in SCREENSHOTS:
            raise ValueError(f"two screenshots are called {name!r}")
        SCREENSHOTS[name] = fn
        return fn

    return register


def _quiet_offscreen(mode: QtMsgType, _context: object, message: str) -> None:
    """The offscreen platform warns about window features it lacks; everything else shows."""
    if "This plugin does not support" not in message:
        print(message, file=sys.stderr)


def settle(widget: QWidget | None = None, rounds: int = 5) -> None:
    """Let layouts, deferred timers and style polish run before grabbing."""
    for _ in range(rounds):
        QCoreApplication.processEvents()
        QTest.qWait(10)


# ------------------------------------------------------------------------------ set-up wizard


def _wizard(ctx: Context, runner: InlineTaskRunner | None = None):
    from ui.setup_wizard import SetupWizard

    wizard = SetupWizard(ctx.settings, runner or ctx.runner, folder=ctx.root / "Custos" / "vault")
    wizard.show()
    settle()
    return wizard


def _fill_account(wizard, password: str = "Tr0ub4dor&3xyz", confirm: str | None = None) -> None:
    page = wizard.account_page
    page.business_edit.setText(SAMPLE_BUSINESS)
    page.owner_edit.setText(SAMPLE_OWNER)
    page.password_edit.setText(password)
    page.confirm_edit.setText(password if confirm is None else confirm)


@screenshot("setup_welcome")
def setup_welcome(ctx: Context) -> QWidget:
    return _wizard(ctx)


@screenshot("setup_open_not_a_vault")
def setup_open_not_a_vault(ctx: Context) -> QWidget:
    from PySide6.QtWidgets import QWizard

    wizard = _wizard(ctx)
    plain = ctx.root / "Documents"
    plain.mkdir()
    (plain / "notes.txt").write_text("not a vault", "utf-8")
    wizard.welcome_page.open_radio.setChecked(True)
    wizard.welcome_page.folder_edit.setText(str(plain))
    wizard.button(QWizard.WizardButton.FinishButton).click()
    return wizard


@screenshot("setup_location")
def setup_location(ctx: Context) -> QWidget:
    wizard = _wizard(ctx)
    wizard.next()
    return wizard


@screenshot("setup_location_not_empty")
def setup_location_not_empty(ctx: Context) -> QWidget:
    wizard = _wizard(ctx)
    busy = ctx.root / "Documents"
    busy.mkdir()
    (busy / "letter.docx").write_bytes(b"")
    wizard.next()
    wizard.location_page.folder_edit.setText(str(busy))
    return wizard


@screenshot("setup_account")
def setup_account(ctx: Context) -> QWidget:
    wizard = _wizard(ctx)
    wizard.next()
    wizard.next()
    _fill_account(wizard)
    return wizard


@screenshot("setup_account_mismatch")
def setup_account_mismatch(ctx: Context) -> QWidget:
    wizard = _wizard(ctx)
    wizard.next()
    wizard.next()
    _fill_account(wizard, password="short", confirm="")
    return wizard


@screenshot("setup_creating")
def setup_creating(ctx: Context) -> QWidget:
    wizard = _wizard(ctx, HeldRunner())
    wizard.next()
    wizard.next()
    _fill_account(wizard)
    wizard.next()
    return wizard


@screenshot("setup_recovery")
def setup_recovery(ctx: Context) -> QWidget:
    from PySide6.QtWidgets import QFileDialog

    wizard = _wizard(ctx)
    wizard.next()
    wizard.next()
    _fill_account(wizard)
    wizard.next()
    settle()  # creation starts once the page is on screen
    kit = ctx.root / "Custos emergency kit.pdf"
    original = QFileDialog.getSaveFileName
    QFileDialog.getSaveFileName = staticmethod(lambda *_a, **_k: (str(kit), ""))  # type: ignore[method-assign]
    try:
        wizard.recovery_page.kit_button.click()
    finally:
        QFileDialog.getSaveFileName = original  # type: ignore[method-assign]
    wizard.recovery_page.stored_check.setChecked(True)
    return wizard


# ------------------------------------------------------------------------------ sign-in


@screenshot("signin")
def signin(ctx: Context) -> QWidget:
    from ui.signin import SignInDialog

    keyring.set_keyring(_MemoryKeyring())
    ctx.settings.set(LAST_USER, SAMPLE_OWNER)
    dialog = SignInDialog(ctx.sample_vault(), ctx.settings, ctx.runner, automatic=False)
    dialog.show()
    return dialog


@screenshot("signin_wrong_password")
def signin_wrong_password(ctx: Context) -> QWidget:
    from ui.signin import SignInDialog

    ctx.settings.set(LAST_USER, SAMPLE_OWNER)
    dialog = SignInDialog(ctx.sample_vault(), ctx.settings, ctx.runner, automatic=False)
    dialog.show()
    dialog.password_edit.setText("not the password")
    dialog.sign_in()
    return dialog


@screenshot("signin_recovery")
def signin_recovery(ctx: Context) -> QWidget:
    from ui.signin import RecoveryDialog

    dialog = RecoveryDialog(ctx.sample_vault(), ctx.runner, user=SAMPLE_OWNER)
    dialog.show()
    dialog.code_edit.setText("ABCD-EFGH-JKLM-NPQR-STUV-WXYZ")
    dialog.password_edit.setText("new-password-1")
    dialog.confirm_edit.setText("new-password-1")
    dialog.reset()
    return dialog


# ------------------------------------------------------------------------------ settings


@screenshot("settings")
def settings_dialog(ctx: Context) -> QWidget:
    from ui.settings_dialog import SettingsDialog

    ctx.settings.set(IDLE_LOCK_MINUTES, 15)
    ctx.settings.set(DEFAULT_VAULT, str(ctx.root / "Custos" / "vault"))
    dialog = SettingsDialog(ctx.settings)
    dialog.show()
    return dialog


def _audit_vault(ctx: Context) -> Vault:
    """The sample vault with a day's work in its log: a sales user, edits, views, a reveal."""
    from app import users

    vault = Vault.unlock(ctx.sample_vault(), SAMPLE_OWNER, SAMPLE_PASSWORD)
    owner = vault.actor
    users.add(vault, owner, "李娜", "sales-pass-1", "sales")
    wang = customers.create(vault, owner, {"name": "陈静", "phone": "13912345678", "company": "上海花园贸易"})
    customers.update(vault, owner, wang.id, {"email": "chenjing@example.com", "tags": "VIP"})
    customers.view(vault, owner, wang.id)
    customers.update(vault, owner, 1, {"notes": "周末来店"})
    return vault


@screenshot("audit_log")
def audit_log(ctx: Context) -> QWidget:
    from ui.audit_dialog import AuditDialog

    vault = _audit_vault(ctx)
    dialog = AuditDialog(vault, ctx.runner)
    dialog.vault = vault  # locked by _close
    dialog.show()
    return dialog


@screenshot("audit_history")
def audit_history(ctx: Context) -> QWidget:
    from ui.audit_dialog import AuditDialog

    vault = _audit_vault(ctx)
    dialog = AuditDialog(vault, ctx.runner, customer_id=3, customer_name="陈静")
    dialog.vault = vault
    dialog.show()
    return dialog


# ------------------------------------------------------------------------------ exports and partners


def _export_vault(ctx: Context) -> Vault:
    """The sample vault with a delivery partner, consent for some customers and one export."""
    from datetime import date, timedelta

    from app import exporting, partners

    vault = Vault.unlock(ctx.sample_vault(), SAMPLE_OWNER, SAMPLE_PASSWORD)
    owner = vault.actor
    customers.create_many(
        vault,
        owner,
        [
            {"name": "陈静", "phone": "13912345678", "address": "上海市徐汇区中山路1号", "tags": "VIP"},
            {"name": "李娜", "phone": "15011112222", "address": "北京市朝阳区建国路88号"},
        ],
    )
    partners.add(
        vault,
        owner,
        {
            "name": "顺丰安装服务有限公司",
            "contact": "张经理 400-800-1234",
            "purposes": ["delivery", "service"],
            "fields": ["id", "name", "phone", "address"],
            "starts_on": date.today() - timedelta(days=200),
            "expires_on": date.today() + timedelta(days=20),
            "review_on": date.today() + timedelta(days=10),
            "security_measures": "传输加密；仅限安装调度人员访问；不得转委托",
            "end_of_agreement": "delete",
            "assessment": "2026 年安全评估：通过",
        },
    )
    request = exporting.ExportRequest(
        exporting.Selection("all"),
        (("id", "pseudonymised"), ("name", "full"), ("phone", "full"), ("address", "full")),
        "delivery",
        "csv",
        partner="顺丰安装服务有限公司",
        legal_basis="contract",
        basis_note="上门安装：履行与客户的安装合同",
        protection="aes-256-zip",
    )
    exporting.run(vault, owner, request, ctx.root / "delivery.zip")
    return vault


def _export_wizard(ctx: Context):
    from ui.export_wizard import ExportWizard

    vault = _export_vault(ctx)
    wizard = ExportWizard(vault, ctx.runner, language=ctx.language, selected_ids=[1, 3])
    wizard.show()
    settle()
    return wizard


@screenshot("export_customers")
def export_customers(ctx: Context) -> QWidget:
    return _export_wizard(ctx)


@screenshot("export_fields")
def export_fields(ctx: Context) -> QWidget:
    wizard = _export_wizard(ctx)
    wizard.next()
    page = wizard.fields_page
    page.preset_combo.setCurrentIndex(page.preset_combo.findData("partner:顺丰安装服务有限公司"))
    page.apply_preset()
    return wizard


@screenshot("export_purpose")
def export_purpose(ctx: Context) -> QWidget:
    wizard = _export_wizard(ctx)
    wizard.next()
    wizard.next()
    page = wizard.purpose_page
    page.purpose_combo.setCurrentIndex(page.purpose_combo.findData("marketing"))
    return wizard


@screenshot("export_plain_warning")
def export_plain_warning(ctx: Context) -> QWidget:
    wizard = _export_wizard(ctx)
    wizard.next()
    wizard.next()
    wizard.purpose_page.purpose_combo.setCurrentIndex(wizard.purpose_page.purpose_combo.findData("sales"))
    wizard.next()
    page = wizard.format_page
    page.plain_radio.setChecked(True)
    page.path_edit.setText(str(ctx.root / "customers-sales.csv"))
    return wizard


@screenshot("export_summary")
def export_summary(ctx: Context) -> QWidget:
    wizard = _export_wizard(ctx)
    wizard.next()
    wizard.next()
    wizard.purpose_page.purpose_combo.setCurrentIndex(wizard.purpose_page.purpose_combo.findData("marketing"))
    wizard.next()
    wizard.format_page.path_edit.setText(str(ctx.root / "marketing.csv.zip"))
    wizard.purpose_page.basis_combo.setCurrentIndex(0)
    wizard.next()
    settle()
    return wizard


@screenshot("partners")
def partners_dialog(ctx: Context) -> QWidget:
    from ui.partners_dialog import PartnersDialog

    dialog = PartnersDialog(_export_vault(ctx), ctx.runner, language=ctx.language)
    dialog.show()
    return dialog


@screenshot("partner_editor")
def partner_editor(ctx: Context) -> QWidget:
    from app import partners
    from ui.partners_dialog import PartnerEditor

    vault = _export_vault(ctx)
    editor = PartnerEditor(vault, partner=partners.get(vault, vault.actor, 1), language=ctx.language)
    editor.vault = vault
    editor.show()
    return editor


# ------------------------------------------------------------------------------ import wizard

_IMPORT_ROWS = [
    ["客户名单（2024 年展会）"],
    ["姓名", "手机", "邮箱", "公司", "地址", "备注", "同意营销"],
    [
        "李娜",
        "150 1111 2222",
        "LiNa@Example.cn",
        "深圳远航贸易有限公司",
        "深圳市南山区科技园",
        "展会登记",
        "是",
    ],
    ["张伟", "+86 139-0000-1111", "", "北京华信科技有限公司", "", "", "否"],
    ["王芳", "13812345678", "wangfang@example.cn", "", "北京市海淀区", "老客户", ""],
    ["欧阳娜娜", "1861234", "ouyang@", "", "", "电话少了几位", "是"],
    ["陈静", "18612345678", "chenjing@example.cn", "上海花园贸易", "上海市徐汇区", "", "是"],
]


def _import_wizard(ctx: Context, page: int):
    """The import wizard over a GBK CSV from a trade fair, driven to ``page``."""
    import csv
    import io

    from app import consent
    from ui.import_wizard import ImportWizard

    vault = Vault.unlock(ctx.sample_vault(), SAMPLE_OWNER, SAMPLE_PASSWORD)
    if not consent.list_texts(vault, vault.actor):
        purposes = ("marketing",)
        sections = {
            lang: consent.starter_sections(
                purposes, lang, business=SAMPLE_BUSINESS, contact="电话 010-12345678 privacy@example.cn"
            )
            for lang in consent.LANGUAGES
        }
        consent.add_text(
            vault,
            vault.actor,
            "marketing",
            purposes=purposes,
            sections=sections,
            title_zh="营销推广告知同意书",
            title_en="Marketing notice",
        )
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(_IMPORT_ROWS)
    path = ctx.root / "zhanhui-2024.csv"
    path.write_bytes(buffer.getvalue().encode("gbk"))
    wizard = ImportWizard(vault, ctx.runner)
    wizard.vault = vault  # locked by _close
    wizard.show()
    wizard.file_page.path_edit.setText(str(path))
    wizard.file_page._open()
    for _ in range(page):
        if wizard.currentId() == 4:
            wizard.options_page.source_box.setEditText(wizard.options_page.source_box.itemText(2))
        wizard.next()
        settle()
    return wizard


@screenshot("import_file")
def import_file(ctx: Context) -> QWidget:
    return _import_wizard(ctx, 0)


@screenshot("import_preview")
def import_preview(ctx: Context) -> QWidget:
    return _import_wizard(ctx, 1)


@screenshot("import_mapping")
def import_mapping(ctx: Context) -> QWidget:
    return _import_wizard(ctx, 2)


@screenshot("import_check")
def import_check(ctx: Context) -> QWidget:
    return _import_wizard(ctx, 3)


@screenshot("import_duplicates")
def import_duplicates(ctx: Context) -> QWidget:
    wizard = _import_wizard(ctx, 4)
    wizard.options_page.source_box.setEditText(wizard.options_page.source_box.itemText(2))
    return wizard


@screenshot("import_progress")
def import_progress(ctx: Context) -> QWidget:
    wizard = _import_wizard(ctx, 4)
    wizard.options_page.source_box.setEditText(wizard.options_page.source_box.itemText(2))
    wizard._runner = HeldRunner()  # the import starts and stays under way
    wizard.next()
    page = wizard.import_page
    page._started -= 4.0
    page._progress(48_000, 0.48)
    return wizard


@screenshot("import_summary")
def import_summary(ctx: Context) -> QWidget:
    return _import_wizard(ctx, 5)


@screenshot("imports_list")
def imports_list(ctx: Context) -> QWidget:
    from ui.import_wizard import ImportsDialog

    wizard = _import_wizard(ctx, 5)
    vault = wizard.vault
    wizard.vault = None
    _close(wizard)
    dialog = ImportsDialog(vault, ctx.runner)
    dialog.vault = vault
    dialog.show()


@screenshot("requests")
def requests_register(ctx: Context) -> QWidget:
    """The register with an overdue request, one waiting for identity and a fresh one."""
    from datetime import date, timedelta

    from app import requests
    from ui.requests_dialog import RequestsDialog

    vault = Vault.unlock(ctx.sample_vault(), SAMPLE_OWNER, SAMPLE_PASSWORD)
    owner = vault.actor
    requests.add(
        vault,
        owner,
        type="delete",
        requester="王芳",
        customer_id=1,
        received_via="phone",
        received_at=date.today() - timedelta(days=40),
    )
    waiting = requests.add(
        vault,
        owner,
        type="know",
        requester="John Smith",
        received_via="email",
        received_at=date.today() - timedelta(days=5),
        regime="gdpr",
    )
    requests.ask_identity(vault, owner, waiting.id)
    requests.add(
        vault,
        owner,
        type="correct",
        requester="李娜",
        customer_id=2,
        identity_method="身份证",
        identity_verified=True,
    )
    dialog = RequestsDialog(vault, ctx.runner)
    dialog.vault = vault
    dialog.show()
    dialog.table.selectRow(0)
    return dialog


def _alerts_vault(ctx: Context) -> Vault:
    """The sample vault with a week of a sales user's habits, one unusual hour, failed sign-ins
    with names nobody has, a late-night export and an incident recorded from the audit log."""
    from datetime import UTC, datetime, timedelta

    from app import alerts, incidents, users
    from app.access import Actor

    vault = Vault.unlock(ctx.sample_vault(), SAMPLE_OWNER, SAMPLE_PASSWORD)
    owner = vault.actor
    users.add(vault, owner, "李娜", "sales-pass-123", "sales")
    ids = customers.create_many(
        vault, owner, [{"name": f"客户{n:02d}", "phone": f"1390000{n:04d}"} for n in range(40)]
    )
    now = datetime.now(UTC).replace(minute=10, second=0, microsecond=0)
    audit = vault.audit()
    for day in range(10, 0, -1):
        for customer_id in ids[:3]:
            audit.append("李娜", "customer.view", f"customer:{customer_id}", {}, at=now - timedelta(days=day))
    alerts.evaluate(vault)
    for customer_id in ids:
        customers.view(vault, Actor("李娜", "sales"), customer_id)
    for name in ("admin", "root", "test", "administrator", "boss"):
        audit.append(name, "signin.failed", name, {"at": now.isoformat(), "unknown_user": True})
    alerts.evaluate(vault)
    first = alerts.list_alerts(vault, owner)[-1]
    alerts.acknowledge(vault, owner, first.id, "已与李娜核实：月底回访")
    found = incidents.affected_from_audit(
        vault, owner, "李娜", now - timedelta(hours=2), now + timedelta(hours=2)
    )
    incidents.add(
        vault,
        owner,
        incidents.Draft(
            title="销售员离职前批量查看客户",
            what_happened="李娜在离职前一小时内打开了 40 位客户的资料。",
            discovered_at=datetime.now(),
            severity="medium",
            notify_customers=True,
            notify_customers_reason="电话号码可能被用于骚扰",
            notify_regulator=False,
            notify_regulator_reason="未涉及敏感个人信息，影响人数少",
            occurred_from=now - timedelta(hours=1),
            occurred_to=now,
            fields=found.fields,
            customer_ids=found.customer_ids,
            found_by=found.found_by,
            actions="已停用该账号并修改共享密码。",
            advice="如接到自称本店的可疑电话，请挂断后拨打门店电话核实。",
            contact="王芳 010-12345678",
        ),
    )
    return vault


def _alerts_dialog(ctx: Context):
    from ui.alerts_dialog import AlertsDialog

    vault = _alerts_vault(ctx)
    dialog = AlertsDialog(vault, ctx.runner, "zh" if ctx.language.startswith("zh") else "en")
    dialog.vault = vault
    dialog.alert_filter.setCurrentIndex(1)
    dialog.resize(1000, 560)
    dialog.show()
    return dialog


@screenshot("alerts")
def alerts_tab(ctx: Context) -> QWidget:
    """Tools → Alerts and incidents…: new and acknowledged alerts, one selected."""
    return _alerts_dialog(ctx)


@screenshot("alerts_rules")
def alerts_rules(ctx: Context) -> QWidget:
    """The owner's rules, with a value the core refused named beside its rule."""
    from app import alerts
    from ui.alerts_dialog import RulesDialog

    dialog = _alerts_dialog(ctx)
    rules = RulesDialog(alerts.rules(dialog.vault, dialog.vault.actor), dialog)
    rules.edits[alerts.WORKING_HOURS].setText("9 to 5")
    dialog.save_rules(rules)
    return rules


@screenshot("incidents")
def incidents_tab(ctx: Context) -> QWidget:
    """The incident register: counts and fields, the decisions of the selected incident."""
    dialog = _alerts_dialog(ctx)
    dialog.tabs.setCurrentWidget(dialog.incidents_tab)
    return dialog


@screenshot("main_alerts")
def main_window_with_new_alerts(ctx: Context) -> QWidget:
    """The main window of an owner with a new alert: the red count in the status bar."""
    from ui.main_window import MainWindow

    vault = _alerts_vault(ctx)
    window = MainWindow(vault, ctx.settings, ctx.runner, None)
    window.resize(1100, 640)
    window.show()
    settle(window)
    if window.notices_box is not None:
        window.notices_box.done(0)  # the sign-in notices, seen
    return window


@screenshot("incident_editor")
def incident_editor(ctx: Context) -> QWidget:
    """Recording an incident: the affected customers and fields found in the audit log."""
    from datetime import datetime, timedelta

    from PySide6.QtCore import QDateTime

    dialog = _alerts_dialog(ctx)
    dialog.tabs.setCurrentWidget(dialog.incidents_tab)
    dialog.open_new_incident()
    editor = dialog.editor
    editor.person.setCurrentIndex(editor.person.findText("李娜"))
    editor.find_from.setDateTime(QDateTime(datetime.now() - timedelta(hours=3)))
    editor.find_to.setDateTime(QDateTime(datetime.now() + timedelta(hours=1)))
    dialog.find_affected(editor)
    editor.what.setPlainText("李娜在离职前一小时内打开了 40 位客户的资料。")
    editor.resize(760, 900)
    return editor


# ------------------------------------------------------------------------------ running


def capture(widget: QWidget, path: Path) -> None:
    settle(widget)
    if not widget.isVisible():
        widget.show()
        settle(widget)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")


def render(names: list[str], languages: list[str], out: Path) -> list[Path]:
    qInstallMessageHandler(_quiet_offscreen)
    qt_app = QApplication.instance() or QApplication(["screenshots"])
    qt_app.setApplicationName("Custos")
    qt_app.setOrganizationName("Custos")
    style.register_fonts()
    app.vault.keyslots.DEFAULT_KDF = CHEAP_KDF
    app.vault.vault.DEFAULT_KDF = CHEAP_KDF
    translations = Translations(qt_app)
    written: list[Path] = []
    previous_keyring = keyring.get_keyring()
    with tempfile.TemporaryDirectory(prefix="custos-shots-") as scratch:
        for language in languages:
            translations.apply(language)
            for name in names:
                # Headless by default: the real situation on a server, and no real keyring.
                keyring.set_keyring(keyring.backends.fail.Keyring())
                root = Path(scratch) / language / name
                root.mkdir(parents=True)
                qsettings = QSettings(str(root / "settings.ini"), QSettings.Format.IniFormat)
                ctx = Context(root=root, language=language, settings=Settings(qsettings))
                widget = SCREENSHOTS[name](ctx)
                target = out / language / f"{name}.png"
                capture(widget, target)
                written.append(target)
                _close(widget)
    keyring.set_keyring(previous_keyring)
    translations.apply("en")  # remove our translators before the main-window screens add theirs
    return written


def render_main_window(names: list[str], languages: list[str], out: Path) -> list[Path]:
    """The main window's screens (tools/screenshots_main.py), which share one demo vault."""
    written: list[Path] = []
    for language in languages:
        main_screens.session().translations.apply(language)
        written += [main_screens.SCREENS[name](out / language) for name in names]
    main_screens.close_session()
    return written


def _close(widget: Any) -> None:
    widget.hide()
    vault = getattr(widget, "vault", None)
    if vault is not None:
        vault.lock()
    widget.deleteLater()
    settle()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    every = [*SCREENSHOTS, *main_screens.SCREENS]
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"screens to render: {', '.join(every)}")
    parser.add_argument(
        "--lang", action="append", choices=SUPPORTED, help="language to render (repeatable; default: all)"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in every]
    if unknown:
        parser.error(f"unknown screen(s): {', '.join(unknown)}")
    names = args.names or every
    languages = args.lang or list(SUPPORTED)
    start_up = [n for n in names if n in SCREENSHOTS]
    main_window = [n for n in names if n in main_screens.SCREENS]
    for path in render(start_up, languages, args.out) + render_main_window(main_window, languages, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
