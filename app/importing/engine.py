"""Running an import: every row checked, duplicates handled, all of it committed or none.

``run`` streams the source's rows, maps each to field values, cleans them with the catalogue's
own rules (the stored form the preview shows), and looks each one's phone, e-mail and ID
number up among the live customers — which, inside the import's transaction, include the rows
of the same file imported so far, so a person listed twice in the file is a duplicate too.
What a duplicate does is the import's ``on_duplicate``: skip it, fill the existing customer's
empty fields, overwrite them, or create a second customer anyway.

**All or nothing.** The whole import is one transaction. A file-level error, Cancel, or the
process dying leaves the vault as it was; ``dry_run`` runs the very same work and rolls it
back, so the counts a person checks are the counts the import will have.

**Provenance and undo.** A committed import is a row of ``imports``: who, when, the file's
name, size and SHA-256, the source and legal basis stated, the mapping and the counts.
Customers it created carry its id (and the source text in their "source of collection" field
when the file gives none); values it replaced in existing customers are kept in
``import_changes``. ``undo`` then removes the customers it created and puts the replaced values
back — each only where nobody changed the field since — as one transaction, audited.

**Who may.** The 'import customers' permission; only fields the role may write can be mapped
(mapping.check); a consent column needs 'record or withdraw consent'. Duplicates are looked
for only in fields the role reads unmasked, as everywhere else (app/duplicates.py).
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import consent, customers, duplicates, faults, restrictions, sensitive
from app import search as search_index
from app.access import Access, Actor, access_for
from app.errors import KnownError, NotFoundError, PermissionDeniedError, ValidationError
from app.fields import check_text
from app.i18n import _, current_language
from app.importing.mapping import CONSENT_PREFIX, Mapping, check, join_parts
from app.importing.readers import Record, Source
from app.vault.database import bulk_load, transaction

SKIP, FILL, OVERWRITE, CREATE = "skip", "fill", "overwrite", "create"
ON_DUPLICATE = (SKIP, FILL, OVERWRITE, CREATE)
NEW, DUPLICATE, INVALID = "new", "duplicate", "invalid"
BATCH = 2000
# The page cache while an import runs. Each new customer goes into eight indexes at random
# places; at a million customers their pages do not fit the normal 32 MB cache, and every
# page read again is read from disk and decrypted again. 224 MB keeps an import of a million
# rows within 400 MB (bench/bench_import.py measures both: with 256 MB the peak was 402 MB).
BULK_CACHE_MIB = 224
UNDO_STEP = 5000
PREVIEW_ROWS = 200
INVALID_KEPT = 1000  # reasons kept for display; write_invalid_rows writes every one
SOURCE_MAX_CHARS = 500
# What people write in a consent column (either language, ticks and crosses).
_YES = frozenset({"是", "y", "yes", "true", "1", "同意", "已同意", "√", "✓", "✔", "ok", "オ", "是的", "接受"})
_NO = frozenset({"否", "n", "no", "false", "0", "不同意", "拒绝", "×", "✗", "✘", "不"})


class ImportCancelled(KnownError):
    """The person pressed Cancel: the transaction was rolled back, nothing was imported."""


class _RollBack(Exception):
    """Raised at the end of a dry run, or of an import that changed nothing, to roll its
    transaction back (no empty import is recorded)."""


@dataclass
class RowOutcome:
    """What became (or would become) of one row: ``values`` in stored form, as the preview
    shows them; ``reasons`` (field label, or "" for the whole row -> message) for an invalid one;
    ``matches``: the customers it duplicates."""

    line: int
    status: str
    action: str
    values: dict[str, str | None] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    matches: tuple[int, ...] = ()
    in_file: bool = False

    def reason_text(self) -> str:
        return "; ".join(f"{k}: {v}" if k else v for k, v in self.reasons.items())


@dataclass
class Counts:
    rows: int = 0
    new: int = 0
    duplicate: int = 0  # of customers already in the vault
    duplicate_in_file: int = 0  # of an earlier row of the same file
    invalid: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    restricted: int = 0  # duplicates of customers under a restriction of processing: not updated
    consents: int = 0
    consents_minors: int = 0  # under 14: a guardian must decide, nothing recorded
    consents_existing: int = 0  # answers for customers that already existed: not recorded

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class ImportResult:
    counts: Counts
    preview: list[RowOutcome]
    invalid: list[RowOutcome]
    import_id: int | None
    dry_run: bool
    seconds: float
    sha256: str

    @property
    def rows_per_second(self) -> float:
        return self.counts.rows / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class ImportRecord:
    """One committed import, as listed."""

    id: int
    at: str
    user: str
    file_name: str
    file_sha256: str
    file_size: int
    format: str
    encoding: str
    source: str
    on_duplicate: str
    mapping: dict[str, Any]
    counts: dict[str, int]
    undone_at: str | None
    undone_by: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class UndoResult:
    import_id: int
    removed: int  # customers the import created, removed again
    restored: int  # values put back
    kept: int  # values changed by someone since the import: left as they are


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def parse_consent(text: str) -> str | None:
    """consent.GIVEN / REFUSED for what a consent cell says, None for an empty one; ValueError."""
    value = text.strip().casefold()
    if not value:
        return None
    if value in _YES:
        return consent.GIVEN
    if value in _NO:
        return consent.REFUSED
    raise ValueError(_("a consent column says yes or no (是/否), not {value}").format(value=repr(text[:20])))


class _Preparer:
    """Turns a row's cells into cleaned field values and consent answers, or reasons."""

    def __init__(self, access: Access, mapping: Mapping, headers: list[str], source_text: str) -> None:
        self.access = access
        self.catalogue = access.catalogue
        position = {h: i for i, h in enumerate(headers)}
        self.fields = [
            (target, [position[c] for c in columns])
            for target, columns in mapping.targets.items()
            if not target.startswith(CONSENT_PREFIX)
        ]
        self.consents = [
            (target.removeprefix(CONSENT_PREFIX), [position[c] for c in columns])
            for target, columns in mapping.targets.items()
            if target.startswith(CONSENT_PREFIX)
        ]
        # The import's source fills "source of collection" where the file names none, if the
        # role may write that field: each customer then says where it came from.
        self.default_source = (
            source_text
            if source_text and "source" not in mapping.targets and access.can_write("source")
            else None
        )

    def prepare(self, record: Record) -> tuple[dict[str, str | None], dict[str, str], dict[str, str]]:
        """(cleaned values, consent answers, reasons); reasons empty when the row is good, else
        the values are as read from the file."""
        if record.problem is not None:
            return {}, {}, {"": record.problem}
        cells = record.cells
        values: dict[str, str] = {}
        for target, columns in self.fields:
            if len(columns) == 1:
                values[target] = cells[columns[0]]
            else:
                values[target] = join_parts([cells[i] for i in columns], target)
        if self.default_source and not (values.get("source") or "").strip():
            values["source"] = self.default_source
        reasons: dict[str, str] = {}
        try:
            cleaned = self.catalogue.clean(values, creating=True)
        except ValidationError as error:
            cleaned = dict(values)  # as read: what the person must find and fix
            reasons.update((self.access.field_label(k), v) for k, v in error.errors.items())
        answers: dict[str, str] = {}
        for purpose, columns in self.consents:
            try:
                decision = parse_consent(" ".join(cells[i] for i in columns))
            except ValueError as error:
                reasons[consent.purpose_label(purpose, current_language())] = str(error)
                continue
            if decision is not None:
                answers[purpose] = decision
        return cleaned, answers, reasons


def _check_source_text(access: Access, text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(
            {
                "source": _(
                    "say where these customers' data came from and on what basis (e.g. the customers' own"
                    " sign-up forms; a trade-fair list with consent; our old system)"
                )
            }
        )
    limit = access.catalogue.get("source").max_length if "source" in access.catalogue else SOURCE_MAX_CHARS
    if len(text) > limit:
        raise ValidationError({"source": _("at most {n} characters").format(n=limit)})
    try:
        check_text(text)
    except ValueError as error:
        raise ValidationError({"source": str(error)}) from None
    return text


class _Run:
    """One import's state while its rows stream through (see ``run``)."""

    def __init__(
        self,
        vault,
        actor: Actor,
        access: Access,
        source: Source,
        mapping: Mapping,
        on_duplicate: str,
        import_id: int,
        notice: consent.TextVersion | None,
    ) -> None:
        self.vault = vault
        self.actor = actor
        self.access = access
        self.source = source
        self.on_duplicate = on_duplicate
        self.import_id = import_id
        self.notice = notice
        self.conn = vault.connection()
        self.counts = Counts()
        self.preview: list[RowOutcome] = []
        self.invalid: list[RowOutcome] = []
        self.batch: list[tuple[Record, dict[str, str | None], dict[str, str], dict[str, str]]] = []
        self.pending: list[dict[str, str | None]] = []
        self.pending_answers: list[tuple[int, dict[str, str]]] = []  # (index in pending, answers)
        self.pending_index: dict[tuple[str, str], int] = {}  # identifying value -> index in pending
        # The identifying fields duplicates are looked for in: those the actor reads unmasked.
        self.comparable = [
            k for k in duplicates.IDENTIFYING_FIELDS if k in access.catalogue and access.can_read(k)
        ]
        self.first_created: int | None = None
        self.cipher = vault.sensitive_cipher()
        self.sensitive = {f.key for f in access.catalogue if f.sensitivity == sensitive.SENSITIVE}
        self.matched_sensitive = 0
        # Customers under a restriction of processing: a row matching one never updates it.
        self.restricted = restrictions.in_force(self.conn)
        # Fields an overwrite may replace: mapped ones (the default source never replaces one).
        self.mapped = {t for t in mapping.targets if not t.startswith(CONSENT_PREFIX)}

    def keep(self, outcome: RowOutcome) -> None:
        if len(self.preview) < PREVIEW_ROWS:
            self.preview.append(outcome)
        if outcome.status == INVALID and len(self.invalid) < INVALID_KEPT:
            self.invalid.append(outcome)

    def add(
        self, record: Record, cleaned: dict[str, str | None], answers: dict[str, str], reasons: dict[str, str]
    ) -> None:
        """Queue one row; a full batch is checked for duplicates and written at once."""
        self.batch.append((record, cleaned, answers, reasons))
        if len(self.batch) >= BATCH:
            self.process()

    def process(self) -> None:
        """The queued rows in file order: duplicates looked up for the whole batch in a few
        queries (earlier batches are in the table by now, so they are found too), duplicates
        inside the batch from its own rows, then the new customers written together."""
        batch, self.batch = self.batch, []
        valid = [cleaned for _record, cleaned, _answers, reasons in batch if not reasons]
        matches = iter(duplicates.match_stored_many(self.vault, self.access, valid))
        for record, cleaned, answers, reasons in batch:
            if reasons:
                self.counts.invalid += 1
                self.keep(RowOutcome(record.line, INVALID, "not imported", cleaned, reasons))
                continue
            self._row(record, cleaned, answers, next(matches))
        self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        ids = customers.create_many(
            self.vault,
            self.actor,
            self.pending,
            audit_each=False,
            source_note=f"import {self.import_id}",
            assume_clean=True,
            import_id=self.import_id,
        )
        if self.first_created is None:
            self.first_created = ids[0]
        self.counts.created += len(ids)
        if self.pending_answers and self.notice is not None:
            answers = [(ids[index], decisions) for index, decisions in self.pending_answers]
            written, minors = consent.record_imported(
                self.vault,
                self.actor,
                answers,
                notice=self.notice,
                note=_("imported (import {id})").format(id=self.import_id),
            )
            self.counts.consents += written
            self.counts.consents_minors += minors
        self.pending, self.pending_answers, self.pending_index = [], [], {}
        faults.step("import.batch")

    def _row(
        self,
        record: Record,
        cleaned: dict[str, str | None],
        answers: dict[str, str],
        found: dict[int, list[str]],
    ) -> None:
        keys = [(k, v) for k in self.comparable if (v := cleaned.get(k))]
        earlier = next((self.pending_index[key] for key in keys if key in self.pending_index), None)
        if earlier is None and not found:
            self.counts.new += 1
            self._create(cleaned, answers, keys)
            self.keep(RowOutcome(record.line, NEW, "created", cleaned))
            return
        if earlier is not None:  # a row of this batch, not written yet
            in_file, target, matches = True, None, ()
        else:
            target = min(found)
            in_file = self.first_created is not None and target >= self.first_created
            matches = tuple(sorted(found))[:20]
            if any(k in self.sensitive for fields in found.values() for k in fields):
                self.matched_sensitive += 1
        if in_file:
            self.counts.duplicate_in_file += 1
        else:
            self.counts.duplicate += 1
        if self.on_duplicate == SKIP:
            self.counts.skipped += 1
            action = "skipped"
        elif self.on_duplicate == CREATE:
            self._create(cleaned, answers, keys)
            action = "created"
        elif earlier is not None:
            action = self._merge_pending(earlier, cleaned)
        elif target in self.restricted:
            self.counts.restricted += 1
            action = "restricted"
        else:
            assert target is not None
            action = self._update(target, cleaned, in_file)
            if answers:
                self.counts.consents_existing += 1
        self.keep(RowOutcome(record.line, DUPLICATE, action, cleaned, {}, matches, in_file))

    def _create(self, cleaned: dict[str, str | None], answers: dict[str, str], keys: list) -> None:
        index = len(self.pending)
        if answers:
            self.pending_answers.append((index, answers))
        self.pending.append(cleaned)
        for key in keys:
            self.pending_index.setdefault(key, index)

    def _merge_pending(self, index: int, cleaned: dict[str, str | None]) -> str:
        """Fill or overwrite a customer this import is about to create, from a later row."""
        target = self.pending[index]
        changed = False
        for key, value in cleaned.items():
            if value in (None, "") or target.get(key) == value:
                continue
            if self.on_duplicate == FILL and target.get(key) not in (None, ""):
                continue
            if key not in self.mapped and target.get(key) not in (None, ""):
                continue  # the import's own source never replaces a value
            target[key] = value
            changed = True
        if not changed:
            self.counts.unchanged += 1
            return "unchanged"
        return "filled" if self.on_duplicate == FILL else "overwritten"

    def _update(self, customer_id: int, cleaned: dict[str, str | None], in_file: bool) -> str:
        """Fill or overwrite ``customer_id`` from the row; old values kept for undo."""
        current = customers.get(self.vault, self.actor, customer_id).values
        changes: dict[str, str] = {}
        for key, value in cleaned.items():
            if value in (None, ""):
                continue
            old = current.get(key)
            if key not in self.mapped:  # the import's own source: only where the customer has none
                if old in (None, ""):
                    changes[key] = value
                continue
            if self.on_duplicate == FILL and old not in (None, ""):
                continue
            if old != value:
                changes[key] = value
        if not changes:
            self.counts.unchanged += 1
            return "unchanged"
        if not in_file:
            rows = [
                (
                    self.import_id,
                    customer_id,
                    key,
                    self._stored(customer_id, key, current.get(key)),
                    self._stored(customer_id, key, value),
                )
                for key, value in changes.items()
            ]
            # A customer matched by two rows keeps the value from before the import as "old".
            self.conn.executemany(
                "INSERT INTO import_changes (import_id, customer_id, field, old_value, new_value)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (import_id, customer_id, field)"
                " DO UPDATE SET new_value = excluded.new_value",
                rows,
            )
        customers.update(self.vault, self.actor, customer_id, changes)
        self.counts.updated += 1
        return "filled" if self.on_duplicate == FILL else "overwritten"

    def _stored(self, customer_id: int, key: str, value: str | None) -> str | None:
        """A value as import_changes keeps it: a sensitive one encrypted like in customers."""
        if value and key in self.sensitive and self.cipher is not None:
            return self.cipher.encrypt(customer_id, key, value)
        return value


def run(
    vault,
    actor: Actor,
    source: Source,
    mapping: Mapping,
    *,
    on_duplicate: str = SKIP,
    source_text: str = "",
    dry_run: bool = False,
    progress: Callable[[int, float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Import ``source`` with ``mapping``; see the module docstring.

    ``progress(rows, fraction)`` is called every few hundred rows; ``cancelled()`` is asked as
    often, and True rolls everything back (ImportCancelled). ``source_text`` (where the data
    came from, on what basis) is required unless ``dry_run``.
    """
    started = time.perf_counter()
    access = access_for(vault, actor)
    access.require("import_customers")
    if on_duplicate not in ON_DUPLICATE:
        raise ValidationError({"on_duplicate": _("one of: {values}").format(values=", ".join(ON_DUPLICATE))})
    check(access, mapping, source.headers)
    source_text = (source_text or "").strip()
    if not dry_run or source_text:
        source_text = _check_source_text(access, source_text)
    purposes = [t.removeprefix(CONSENT_PREFIX) for t in mapping.targets if t.startswith(CONSENT_PREFIX)]
    notice = consent.imported_text(vault, actor, purposes, mapping.consent_text) if purposes else None
    preparer = _Preparer(access, mapping, source.headers, source_text)
    digest = file_sha256(source.path)
    conn = vault.connection()
    state: _Run | None = None
    try:
        with bulk_load(conn, mib=BULK_CACHE_MIB), transaction(conn):
            cursor = conn.execute(
                "INSERT INTO imports (at, user, file_name, file_sha256, file_size, format, encoding, source,"
                " on_duplicate, mapping, counts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')",
                (
                    _now(),
                    actor.user,
                    source.file_name,
                    digest,
                    source.size,
                    source.kind,
                    source.encoding,
                    source_text,
                    on_duplicate,
                    json.dumps(mapping.as_json(), ensure_ascii=False),
                ),
            )
            state = _Run(vault, actor, access, source, mapping, on_duplicate, cursor.lastrowid, notice)
            counts = state.counts
            for record in source.records():
                counts.rows += 1
                if counts.rows % 256 == 0:
                    if cancelled is not None and cancelled():
                        raise ImportCancelled(_("Import cancelled: nothing was imported."))
                    if progress is not None:
                        progress(counts.rows, source.progress())
                cleaned, answers, reasons = preparer.prepare(record)
                state.add(record, cleaned, answers, reasons)
            state.process()
            if progress is not None:
                progress(counts.rows, 1.0)
            conn.execute(
                "UPDATE imports SET counts = ? WHERE id = ?", (json.dumps(counts.as_dict()), state.import_id)
            )
            if dry_run or counts.created + counts.updated == 0:
                raise _RollBack()
            audit = vault.audit()
            if state.matched_sensitive:
                audit.append(
                    actor.user,
                    "customer.lookup",
                    "id_number",
                    {"field": "id_number", "matches": state.matched_sensitive, "for": "import"},
                )
            audit.append(
                actor.user,
                "import.commit",
                f"import:{state.import_id}",
                {
                    "file": source.file_name,
                    "sha256": digest,
                    "source": source_text,
                    "on_duplicate": on_duplicate,
                    "counts": counts.as_dict(),
                },
            )
            committed = True
    except _RollBack:
        committed = False
    assert state is not None
    return ImportResult(
        state.counts,
        state.preview,
        state.invalid,
        state.import_id if committed else None,
        dry_run,
        time.perf_counter() - started,
        digest,
    )


# ------------------------------------------------------------------------------- the invalid rows


def write_invalid_rows(vault, actor: Actor, source: Source, mapping: Mapping, path: Path) -> int:
    """Every row that cannot be imported, with its reason, as a UTF-8 CSV (with BOM, so Excel
    and WPS read it right) of the file's own columns plus "Import problem": fix and import it
    again (that column is ignored on the way back in). Returns the number of rows written.

    The file holds personal data in plain text, written where the person chose; it is
    audited like an export (its name, rows and SHA-256).
    """
    access = access_for(vault, actor)
    access.require("import_customers")
    check(access, mapping, source.headers)
    preparer = _Preparer(access, mapping, source.headers, "")
    written = 0
    with Path(path).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*source.headers, _("Import problem")])
        for record in source.records():
            _cleaned, _answers, reasons = preparer.prepare(record)
            if reasons:
                outcome = RowOutcome(record.line, INVALID, "", {}, reasons)
                problem = _("line {line}: {problem}").format(line=record.line, problem=outcome.reason_text())
                writer.writerow([*record.cells, problem])
                written += 1
    vault.audit().append(
        actor.user,
        "import.invalid_rows",
        "",
        {
            "file": Path(path).name,
            "from": source.file_name,
            "rows": written,
            "sha256": file_sha256(Path(path)),
        },
    )
    return written


# ------------------------------------------------------------------------------- the record of imports


_IMPORT_SELECT = (
    "SELECT id, at, user, file_name, file_sha256, file_size, format, encoding, source, on_duplicate, mapping,"
    " counts, undone_at, undone_by FROM imports"
)


def _record(row: Iterable[Any]) -> ImportRecord:
    values = list(row)
    values[10] = json.loads(values[10])
    values[11] = json.loads(values[11])
    return ImportRecord(*values)


def list_imports(vault, actor: Actor, *, limit: int = 200) -> list[ImportRecord]:
    """Committed imports, newest first ('import customers' permission)."""
    access_for(vault, actor).require("import_customers")
    rows = vault.connection().execute(f"{_IMPORT_SELECT} ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
    return [_record(r) for r in rows]


def get_import(vault, actor: Actor, import_id: int) -> ImportRecord:
    access_for(vault, actor).require("import_customers")
    row = vault.connection().execute(f"{_IMPORT_SELECT} WHERE id = ?", (import_id,)).fetchone()
    if row is None:
        raise NotFoundError(_("There is no import {id}.").format(id=import_id))
    return _record(row)


def undo(vault, actor: Actor, import_id: int) -> UndoResult:
    """Take a committed import back as one step: the customers it created leave every list
    (deleted as by ``customers.delete``; their consent history stays, as for any deleted
    customer), and the values it replaced are put back where nobody changed them since.

    The user who ran the import may undo it; anyone else needs 'delete customers' too. Each
    restored field must be writable by the actor, or nothing is undone.
    """
    access = access_for(vault, actor)
    access.require("import_customers")
    record = get_import(vault, actor, import_id)
    if record.undone_at:
        raise KnownError(
            _("Import {id} was already undone ({at}, by {user}).").format(
                id=import_id, at=record.undone_at, user=record.undone_by
            )
        )
    if record.user.casefold() != actor.user.casefold() and not access.allows("delete_customers"):
        raise PermissionDeniedError(
            _(
                "{user} ({role}) may not undo import {id}: {owner} ran it, and the role may not"
                " delete customers."
            ).format(user=actor.user, role=access.role.name, id=import_id, owner=record.user)
        )
    conn = vault.connection()
    cipher = vault.sensitive_cipher()
    restored = kept = 0
    with transaction(conn):
        changes = conn.execute(
            "SELECT customer_id, field, old_value, new_value FROM import_changes WHERE import_id = ?"
            " ORDER BY customer_id",
            (import_id,),
        ).fetchall()
        by_customer: dict[int, list[tuple[str, str | None, str | None]]] = {}
        for customer_id, key, old, new in changes:
            by_customer.setdefault(customer_id, []).append((key, old, new))
        for customer_id, fields in by_customer.items():
            try:
                current = customers.get_live(vault, actor, customer_id).values
            except NotFoundError:
                kept += len(fields)  # deleted or merged since: nothing to put back
                continue
            put_back: dict[str, str] = {}
            for key, old, new in fields:
                if cipher is not None:
                    old = cipher.decrypt(customer_id, key, old)
                    new = cipher.decrypt(customer_id, key, new)
                if current.get(key) == new:
                    put_back[key] = old or ""
                else:
                    kept += 1
            if put_back:
                customers.update(vault, actor, customer_id, put_back)
                restored += len(put_back)
        created = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM customers WHERE import_id = ? AND deleted_at IS NULL", (import_id,)
            )
        ]
        now = _now()
        # In steps of UNDO_STEP customers: one statement over a million rows keeps a statement
        # journal of every page it changes, in memory (temp_store = MEMORY), beyond 600 MB.
        for start in range(0, len(created), UNDO_STEP):
            step = created[start : start + UNDO_STEP]
            conn.execute(
                "UPDATE customers SET deleted_at = ?, deleted_by = ?"
                " WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL",
                (now, actor.user, json.dumps(step)),
            )
            search_index.remove_many_from_index(conn, step)
            sensitive.remove_customers(conn, step)
        conn.execute(
            "UPDATE imports SET undone_at = ?, undone_by = ? WHERE id = ?", (now, actor.user, import_id)
        )
        vault.audit().append(
            actor.user,
            "import.undo",
            f"import:{import_id}",
            {"removed": len(created), "restored": restored, "kept": kept, "file": record.file_name},
        )
    return UndoResult(import_id, len(created), restored, kept)
