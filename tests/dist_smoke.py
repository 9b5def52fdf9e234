"""The smoke run of an installed Custos, shared by the frozen build and the wheel in a fresh venv.

``Installed`` runs one installed ``custos`` program the way a user's machine would: its own home,
config and data folders in a temporary directory, offscreen unless told otherwise, nothing from
this checkout on its path. The checks compare what it shows with what the sources say (the Qt
catalogue for window texts, the gettext catalogue for CLI messages), so a missing translation,
font, icon or plugin in the installed copy fails here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pypdf

from tests.consent_helpers import sections

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "custos_zh_CN.ts"
PASSWORD = "Smoke-test-pass-2024"
CUSTOMER = "王小明"
CUSTOMER_PINYIN_INITIALS = "wxm"
PHONE = "13812345678"
# Words that mean a start-up went wrong even when the exit status says otherwise.
TROUBLE = re.compile(
    r"Traceback|could not (?:load|find) the Qt platform plugin|Cannot load library|missing|"
    r"No such file|QFont::|libpng|Unable to",
    re.IGNORECASE,
)
TIMEOUT = 180


def translation(context: str, source: str) -> str:
    """The zh_CN translation of ``source`` in ``context``, from the translators' .ts file."""
    for ctx in ET.parse(TS).getroot().iter("context"):
        if ctx.findtext("name") != context:
            continue
        for message in ctx.iter("message"):
            if message.findtext("source") == source:
                text = message.findtext("translation") or ""
                assert text, f"{context}/{source!r} has no translation"
                return text
    raise AssertionError(f"{context}/{source!r} is not in {TS.name}")


def embedded_fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(BaseFont, has an embedded TrueType program) for every font the PDF's pages use."""
    fonts = []
    for page in pypdf.PdfReader(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if "/DescendantFonts" in font:  # composite fonts keep the descriptor one level down
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            fonts.append((str(font["/BaseFont"]), embedded))
    return fonts


@dataclass
class Installed:
    """One installed ``custos`` (``command`` is its argv prefix) and a private home for it."""

    command: list[str]
    home: Path
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        keep = {
            k: v
            for k, v in os.environ.items()
            if k in ("PATH", "SYSTEMROOT", "TMPDIR", "TEMP", "TMP", "PYTHONUTF8")
        }
        self.env = {
            **keep,
            "HOME": str(self.home),
            "USERPROFILE": str(self.home),  # Windows: where %APPDATA% and %LOCALAPPDATA% point below
            "APPDATA": str(self.home / "AppData" / "Roaming"),
            "LOCALAPPDATA": str(self.home / "AppData" / "Local"),
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "XDG_DATA_HOME": str(self.home / "data"),
            "XDG_CACHE_HOME": str(self.home / "cache"),
            "XDG_RUNTIME_DIR": str(self.home / "runtime"),
            "QT_QPA_PLATFORM": "offscreen",
            "CUSTOS_PASSWORD": PASSWORD,
            "LANG": "C",  # the CLI runs in English unless a test asks for Chinese
            **self.env,
        }
        (self.home / "runtime").mkdir(mode=0o700, exist_ok=True)

    @property
    def vault(self) -> Path:
        return self.home / "vault"

    def run(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.command, *args],
            env={**self.env, **(env or {})},
            cwd=self.home,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=TIMEOUT,
            check=False,
        )

    def ok(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = self.run(*args, env=env)
        assert done.returncode == 0, f"custos {' '.join(args)} -> {done.returncode}\n{done.stderr}"
        assert not TROUBLE.search(done.stderr), done.stderr
        return done.stdout

    def choose_language(self, language: str) -> None:
        """What Settings → Language writes: QSettings "Custos"/"Custos", an INI file on Linux (on
        Windows and macOS it is the registry and a plist of the real user, left alone here)."""
        conf = self.home / "config" / "Custos" / "Custos.conf"
        conf.parent.mkdir(parents=True, exist_ok=True)
        conf.write_text(f"[ui]\nlanguage={language}\n", "utf-8")

    def open_window(self, *, env: dict[str, str] | None = None) -> dict:
        """Start the desktop app on the vault with the start-up probe; returns its report."""
        report = self.home / "probe.json"
        report.unlink(missing_ok=True)
        done = self.run("--vault", str(self.vault), env={"CUSTOS_STARTUP_PROBE": str(report), **(env or {})})
        assert done.returncode == 0, f"the app exited with {done.returncode}\n{done.stderr}"
        # Offscreen Qt says this once per window it cannot resize; nothing else may appear.
        noise = "This plugin does not support propagateSizeHints()"
        stderr = "\n".join(line for line in done.stderr.splitlines() if line.strip() != noise)
        assert not TROUBLE.search(stderr), stderr
        return json.loads(report.read_text("utf-8"))


def add_customer(custos: Installed) -> Path:
    """Create a vault (writing its emergency kit PDF) and add a Chinese customer; returns the kit."""
    kit = custos.home / "emergency-kit.pdf"
    out = custos.ok("init", "--vault", str(custos.vault), "--business", "小店", "--kit", str(kit))
    assert "Created vault" in out, out

    # Chinese messages come from the core's gettext catalogue inside the installed package.
    out = custos.ok(
        "customers", "add", "--vault", str(custos.vault), "--name", CUSTOMER, "--phone", PHONE,
        env={"LANG": "zh_CN.UTF-8"},
    )  # fmt: skip
    assert f"已添加客户 1：{CUSTOMER}" in out, out
    return kit


def check_cli(custos: Installed) -> None:
    """A vault with a Chinese customer, found by name, pinyin initials and phone; two PDFs (the
    emergency kit and a consent form with its QR code) with the CJK font embedded."""
    kit = add_customer(custos)
    for query in (CUSTOMER[:1], CUSTOMER_PINYIN_INITIALS, PHONE[-4:]):
        out = custos.ok("customers", "search", "--vault", str(custos.vault), query)
        assert CUSTOMER in out, (query, out)

    # A consent form for that customer: Chinese text and the QR code (reportlab's barcode modules).
    notice = custos.home / "notice.json"
    notice.write_text(
        json.dumps(
            {"purposes": ["marketing"], "title_zh": "告知同意书", "sections": sections(["marketing"])}
        ),
        "utf-8",
    )
    custos.ok("consent", "texts", "add", "marketing", "--vault", str(custos.vault), "--from", str(notice))
    form = custos.home / "consent-form.pdf"
    custos.ok(
        "consent", "form", "--vault", str(custos.vault), "--text", "marketing", "--customer", "1",
        "--out", str(form),
    )  # fmt: skip

    for pdf in (kit, form):
        fonts = embedded_fonts(pdf)
        assert fonts, f"{pdf.name} uses no font"
        assert all("WenQuanYi" in name and embedded for name, embedded in fonts), (pdf.name, fonts)
    assert CUSTOMER in "".join(page.extract_text() for page in pypdf.PdfReader(form).pages)


def check_window(custos: Installed, *, platform: str = "offscreen") -> dict:
    """Open the app in Chinese: the sign-in form, then (signed in) the main window and its list.

    On Windows and macOS (CI only) the language setting lives outside the private home, so there
    the app runs in the runner's language (English) and the check is of the English texts.
    """
    chinese = sys.platform.startswith("linux")
    if chinese:
        custos.choose_language("zh_CN")

    def shown(context: str, source: str) -> str:
        return translation(context, source) if chinese else source

    report = custos.open_window(env={"QT_QPA_PLATFORM": platform})
    assert report["platform"] == platform, report
    assert report["language"] == ("zh_CN" if chinese else "en"), report
    assert "WenQuanYi Micro Hei" in report["application_fonts"], report

    first = report["first_window"]
    assert first["class"] == "SignInDialog", first
    assert first["title"] == shown("SignInDialog", "Sign in – Custos"), first

    main = report["main_window"]
    assert main["class"] == "MainWindow", main
    texts = main["texts"]
    assert CUSTOMER in texts, texts  # the customer list loaded from the encrypted vault
    placeholder = shown(
        "MainWindow", "Search by name, pinyin or initials, phone, e-mail, company or tag  (Ctrl+F)"
    )
    assert placeholder in texts, texts
    assert report["main_paint"] >= report["first_paint"], report
    return report
