"""Exports: every copy of customer data that leaves the vault has a purpose, a recipient and a
record.

* ``request``: what an export is asked to do (customers, fields and their treatment, purpose,
  recipient, format, protection) and the minimum-necessary presets.
* ``engine``: checks a request against the role, the partner's agreement and consent, then
  streams the file (CSV, XLSX, JSON, PDF, vCard) with progress and cancel.
* ``formats``: the writers, with formula-injection neutralisation for spreadsheets.
* ``protection``: the AES-256 encrypted archive and its one-time passphrase.
* ``record``: the record of every export, the sharing log and "shared with" per customer.

Qt-free: the wizard and ``custos export`` call these.
"""

from app.exporting.engine import ExportCancelled, ExportResult, Plan, prepare, run
from app.exporting.record import ExportRecord, SharedWith, log, shared_with
from app.exporting.request import ExportRequest, Selection

__all__ = [
    "ExportCancelled",
    "ExportRecord",
    "ExportRequest",
    "ExportResult",
    "Plan",
    "Selection",
    "SharedWith",
    "log",
    "prepare",
    "run",
    "shared_with",
]
