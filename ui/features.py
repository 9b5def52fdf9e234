"""Every feature the main window shows, in the order their actions appear within a section.

A new feature (consent, backup, import, export, requests, reports, the audit log, duplicates…)
is a ``ui.feature.Feature`` subclass in its own module, added here; ``ui/main_window.py`` does not
change. See ui/feature.py for what a feature may declare.
"""

from __future__ import annotations

from ui.account import AccountFeature
from ui.administration import AdministrationFeature
from ui.alerts_dialog import AlertsFeature
from ui.audit_dialog import AuditFeature
from ui.backup import BackupFeature
from ui.compliance_dialog import ComplianceFeature
from ui.consent_feature import ConsentFeature
from ui.duplicates import DuplicatesFeature
from ui.export_feature import ExportFeature
from ui.feature import Feature
from ui.fieldpacks import FieldPacksFeature
from ui.help import HelpFeature
from ui.importing import ImportFeature
from ui.policy_window import PolicyFeature
from ui.recovery_code import RecoveryCodeFeature
from ui.requests_dialog import RequestsFeature
from ui.retention_dialog import RetentionFeature

FEATURES: tuple[type[Feature], ...] = (
    AccountFeature,
    ImportFeature,
    AdministrationFeature,
    RecoveryCodeFeature,
    BackupFeature,
    AuditFeature,
    ConsentFeature,
    PolicyFeature,
    DuplicatesFeature,
    ExportFeature,
    RequestsFeature,
    RetentionFeature,
    AlertsFeature,
    FieldPacksFeature,
    ComplianceFeature,
    HelpFeature,
)
