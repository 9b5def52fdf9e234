"""Field packs: some customers in one encrypted file for a laptop offline, merged back later.

A pack is a small vault of its own carried as ONE file (``*.custospack``): a short header
and a SQLCipher database with its own random data key. The header holds a copy of the field
user's key slot whose envelope carries the pack's keys, sealed to the slot's X25519 public
key — so the office prepares it without knowing the field user's password and the field user
opens it with their own. The database holds only what the field user's role may read (hidden
fields never leave; masked values go masked; sensitive values only when the role reads them),
the field catalogue, the notice texts and ``field_base``: each customer's values as the pack
started with them, against which the merge decides what changed in the field.

The office keeps a record of every pack (``field_packs``): the pack's keys, so it can merge
without the field user's password, and a seal key the laptop never sees. The seal signs the
header (pack id, office vault id, user, expiry) and the base values, so a pack changed
outside Custos — a longer expiry, different base values — is refused at merge.

Public API (the CLI ``custos field …`` and the desktop call these):

- ``prepare(vault, actor, user, out, tag=|region=|ids=, days=14) -> PackInfo`` — needs
  'prepare_field_packs'; the preparer's role must include everything the field user's role
  sees (a pack never carries more than its preparer may read). Audited.
- ``is_pack(path)``, ``read_header(path) -> PackHeader`` — detect a pack (no password).
- ``open_pack(path, user, password) -> PackVault`` — field mode: a ``Vault`` over a working
  copy; every change is written back into the pack file (atomically) when it is locked, and
  ``lock()`` raises PackError rather than overwrite what another session saved meanwhile.
  ``is_field_mode(vault)`` tells the UI; ``vault.pack`` is the header (user, business,
  expiry). An expired pack does not open (only merges). ``custos --vault F`` with F a pack
  file: the desktop checks ``is_pack(F)`` and opens it with ``open_pack``. In the pack the
  field role's masked fields read as stored (already masked), and its permissions are cut
  to FIELD_PERMISSIONS.
- ``outstanding(vault, actor, all_packs=False) -> list[PackInfo]`` — packs still out;
  ``get_pack(vault, actor, id_or_prefix)``.
- ``declare_lost(vault, actor, pack) -> PackInfo`` — opens an incident listing what it held.
- ``merge(vault, actor, path, dry_run=False) -> MergeReport`` — needs 'merge_field_packs';
  one transaction, all or nothing; merging the same pack again changes nothing.
- ``list_conflicts(vault, actor) -> list[Conflict]``, ``resolve_conflict(vault, actor, id,
  take, value=None)`` — the review queue a merge leaves.
- ``three_way(base, office, field)`` — the merge rule for one value.

Every refusal of a pack (not a pack, damaged or changed, another vault's, expired, unknown)
is a ``PackError`` with one message a person can act on.

Merge rules: a field changed only in the field or only in the office keeps that change; in
both (to different values) it goes to the review queue. Only fields the field user's role
may write are taken, and a masked or hidden value never is. A customer erased in the office
(the erasure ledger) is never brought back: the field's edits are discarded and reported, as
are new customers whose phone, e-mail or ID number an erased person had (one whose name alone
matches waits for review: names repeat). A customer deleted in the office
meanwhile stays deleted (edits reported, not applied); so does one under a restriction of
processing (app/restrictions.py), which no pack takes out of the office either. New customers matching office
customers (phone, e-mail or ID number) are queued for review, never silently doubled.
Consent records and their evidence are added; the field's audit entries are added to the
office log as ``field.<action>`` with their origin (pack id, original time and position).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import shutil
import struct
import tempfile
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from app import access as access_mod
from app import audit as audit_mod
from app import (
    customers,
    duplicates,
    erasure,
    faults,
    files,
    incidents,
    masking,
    pinyin,
    restrictions,
    sensitive,
)
from app import search as search_index
from app.access import HIDDEN, MASKED, Actor
from app.errors import (
    DamagedVaultError,
    KnownError,
    NotFoundError,
    PermissionDeniedError,
    UnknownUserError,
    ValidationError,
)
from app.fields import BUILTIN_KEYS, Catalogue
from app.i18n import _
from app.vault import database
from app.vault.keyslots import KeyFile, Slot
from app.vault.vault import VAULT_DB, VAULT_KEYS, Vault

MAGIC = b"CUSTOS-FIELD-PACK\n"
FORMAT = 1
EXTENSION = ".custospack"
DEFAULT_DAYS = 14
MAX_DAYS = 365
# What a field user may do inside a pack, whatever else their role may do in the office:
# look customers up, add and edit them (field levels) and record consent. Nothing that makes
# another copy (export, backup), reveals a masked value (the pack holds only the mask) or
# changes users and the policy.
FIELD_PERMISSIONS = frozenset({"view_consent", "record_consent"})
TAKE_OFFICE, TAKE_FIELD, TAKE_VALUE = "office", "field", "value"
_MAX_HEADER = 1 << 20


# Customers read from the office and copied per step; between steps prepare() reports its
# progress and checks whether it was cancelled.
PROGRESS_EVERY = 2000


class PrepareCancelled(KnownError):
    """Preparing a pack was cancelled: nothing was written and nothing recorded."""


class PackError(KnownError):
    """A pack that cannot be used here: not a pack, damaged, changed, another vault's, expired."""


@dataclass(frozen=True)
class PackHeader:
    """The readable part of a pack file: enough to name it and to open it."""

    pack_id: str
    vault_id: str
    business: str
    user: str
    role: str
    prepared_at: str
    prepared_by: str
    expires_at: str
    keys: str  # the pack's vault.keys: a copy of the field user's slot, sealed to the pack's keys
    seal: str = ""

    def signed_bytes(self) -> bytes:
        data = {k: v for k, v in asdict(self).items() if k != "seal"}
        return json.dumps({"format": FORMAT, **data}, sort_keys=True, separators=(",", ":")).encode()

    def expired(self, now: datetime | None = None) -> bool:
        return (now or datetime.now(UTC)) >= datetime.fromisoformat(self.expires_at)


@dataclass(frozen=True)
class PackInfo:
    """One pack as the office recorded it."""

    id: str
    user: str
    role: str
    prepared_at: str
    prepared_by: str
    expires_at: str
    customers: int
    fields: list[str]
    selection: dict[str, Any]
    status: str
    file_name: str
    merged_at: str | None = None
    lost_at: str | None = None
    incident_id: int | None = None

    @property
    def expired(self) -> bool:
        return datetime.now(UTC) >= datetime.fromisoformat(self.expires_at)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "expired": self.expired}


@dataclass
class MergeReport:
    """What a merge did (or, with ``dry_run``, would do). Ids are office customer ids except
    ``*_new`` lists, which name the pack's own ids of customers added in the field."""

    pack_id: str
    user: str
    dry_run: bool = False
    already_merged: bool = False
    merged_at: str = ""
    applied: dict[int, list[str]] = field(default_factory=dict)  # customer -> fields taken from the field
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    new: list[int] = field(default_factory=list)  # new customers added as such (pack ids)
    created: dict[int, int] = field(default_factory=dict)  # pack id -> office id (after the merge)
    duplicates_queued: dict[int, list[int]] = field(default_factory=dict)  # pack id -> matching office ids
    erased_discarded: list[int] = field(default_factory=list)
    erased_new_discarded: list[int] = field(default_factory=list)
    erased_name_queued: list[int] = field(default_factory=list)  # only the name matches an erased person
    deleted_discarded: list[int] = field(default_factory=list)
    restricted_discarded: list[int] = field(default_factory=list)  # under a restriction of processing
    not_permitted: list[list[Any]] = field(default_factory=list)  # [customer, field]
    invalid: list[list[Any]] = field(default_factory=list)  # [customer, field, reason]
    consents_added: int = 0
    consents_queued: int = 0
    consents_discarded: int = 0
    audit_entries_added: int = 0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["applied"] = {str(k): v for k, v in self.applied.items()}
        data["created"] = {str(k): v for k, v in self.created.items()}
        data["duplicates_queued"] = {str(k): v for k, v in self.duplicates_queued.items()}
        return data


@dataclass(frozen=True)
class Conflict:
    id: int
    pack_id: str
    kind: str  # 'edit' or 'new'
    customer_id: int | None
    field: str
    base: str | None
    office: str | None  # the office value now (edit), as the reader may see it
    field_value: str | None
    payload: dict[str, Any]
    created_at: str
    status: str
    resolution: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ------------------------------------------------------------------------------ the merge rule


def three_way(base: str | None, office: str | None, field_value: str | None) -> tuple[str, str | None]:
    """The merge of one value: ("keep", None) leaves the office value, ("take", v) writes the
    field's, ("conflict", None) queues it. Empty and None are the same value."""
    base, office, field_value = base or None, office or None, field_value or None
    if field_value in (base, office):
        return "keep", None
    if office == base:
        return "take", field_value
    return "conflict", None


# ------------------------------------------------------------------------------ the file


def _encode(header: PackHeader, db: bytes) -> bytes:
    text = json.dumps({"format": FORMAT, **asdict(header)}, ensure_ascii=False).encode()
    return MAGIC + struct.pack(">I", len(text)) + text + db


def is_pack(path: Path) -> bool:
    """Whether ``path`` is a pack file (by its first bytes; no password needed)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _damaged(path: Path) -> PackError:
    return PackError(
        _("{file} is damaged or was changed outside Custos: it cannot be used.").format(file=Path(path).name)
    )


def _read(path: Path) -> tuple[PackHeader, bytes]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PackError(_("There is no file {path}.").format(path=path)) from None
    except IsADirectoryError:
        raise PackError(_("{path} is a folder, not a field pack.").format(path=path)) from None
    if not data.startswith(MAGIC):
        raise PackError(_("{file} is not a Custos field pack.").format(file=path.name))
    start = len(MAGIC) + 4
    try:
        (length,) = struct.unpack(">I", data[len(MAGIC) : start])
        if length > _MAX_HEADER:
            raise ValueError("header too long")
        raw = json.loads(data[start : start + length].decode("utf-8"))
        if raw.pop("format") != FORMAT:
            raise PackError(_("{file} comes from another version of Custos.").format(file=path.name))
        header = PackHeader(**{k: str(v) for k, v in raw.items()})
        datetime.fromisoformat(header.expires_at)
    except PackError:
        raise
    except (ValueError, TypeError, KeyError, struct.error, UnicodeDecodeError):
        raise _damaged(path) from None
    return header, data[start + length :]


def read_header(path: Path) -> PackHeader:
    """The header of a pack (who it is for, until when), without a password."""
    return _read(path)[0]


def _seal(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _base_digest(conn, seal_key: bytes) -> str:
    mac = hmac.new(seal_key, b"custos field base v1\n", hashlib.sha256)
    for customer_id, base in conn.execute("SELECT customer_id, base FROM field_base ORDER BY customer_id"):
        mac.update(f"{customer_id}\t{base}\n".encode())
    return mac.hexdigest()


# ------------------------------------------------------------------------------ preparing


def _select_ids(
    vault, access, *, tag: str | None, region: str | None, ids: Sequence[int] | None
) -> list[int]:
    conn = vault.connection()
    chosen = [x for x in (tag, region, ids) if x]
    if len(chosen) > 1:
        raise ValidationError({"selection": _("choose customers by one of tag, region or ids")})
    if tag:
        access.require_read("tags", _("choose by"))
        wanted = tag.strip().casefold()
        rows = conn.execute(
            "SELECT id, tags FROM customers WHERE deleted_at IS NULL AND tags IS NOT NULL"
            " AND instr(lower(tags), ?) > 0",
            (wanted,),
        )
        found = [r[0] for r in rows if wanted in [t.strip().casefold() for t in r[1].split(",")]]
        return _unrestricted(conn, found)
    if region:
        access.require_read("address", _("choose by"))
        if access.catalogue.get("address").sensitivity == sensitive.SENSITIVE:
            raise ValidationError({"region": _("addresses are encrypted: choose customers by tag or ids")})
        rows = conn.execute(
            "SELECT id FROM customers WHERE deleted_at IS NULL AND instr(address, ?) > 0 ORDER BY id",
            (region.strip(),),
        )
        return _unrestricted(conn, [r[0] for r in rows])
    if ids:
        wanted_ids = sorted({int(i) for i in ids})
        restrictions.refuse(conn, wanted_ids, _("taking them into a field pack"))
        found = {
            r[0]
            for r in conn.execute(
                "SELECT id FROM customers WHERE deleted_at IS NULL"
                " AND id IN (SELECT value FROM json_each(?))",
                (json.dumps(wanted_ids),),
            )
        }
        missing = [i for i in wanted_ids if i not in found]
        if missing:
            raise NotFoundError(
                _("Customer {id} does not exist or was deleted.").format(id=", ".join(map(str, missing[:5])))
            )
        return wanted_ids
    return []


def _unrestricted(conn, ids: list[int]) -> list[int]:
    """A pack is a copy made for the business's work: customers under a restriction of
    processing (PIPL Art. 44, app/restrictions.py) stay in the office."""
    held = set(restrictions.restricted_among(conn, ids))
    return [i for i in ids if i not in held]


def _field_user(vault, access, user: str) -> tuple[str, access_mod.Role, Slot]:
    conn = vault.connection()
    row = conn.execute("SELECT name, role, status FROM users WHERE name = ?", (user,)).fetchone()
    if row is None:
        raise UnknownUserError(_("There is no user called {user} in this vault.").format(user=repr(user)))
    name, role_name, status = row
    if status != "active":
        raise PermissionDeniedError(
            _("The account {user} is disabled. Ask the owner to enable it.").format(user=name)
        )
    slot = KeyFile.load(vault.folder / VAULT_KEYS).user_slot(name)
    if slot is None:
        raise UnknownUserError(_("There is no user called {user} in this vault.").format(user=repr(user)))
    role = access.policy.role(role_name)
    if not access.policy.dominates(access.role, role, access.catalogue):
        raise PermissionDeniedError(
            _(
                "{user} ({role}) may not prepare a pack for {other}: the role {other_role} sees or may do"
                " more than yours."
            ).format(user=access.actor.user, role=access.role.name, other=name, other_role=role.name)
        )
    return name, role, slot


def _copy_table(src, dst, table: str, where: str = "", params: Sequence[Any] = ()) -> int:
    columns = [r[1] for r in src.execute(f"PRAGMA table_info({table})")]
    rows = src.execute(f"SELECT {', '.join(columns)} FROM {table} {where}", params).fetchall()
    dst.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows
    )
    return len(rows)


def _decrypted(customer_id: int, stored: dict[str, Any], cipher) -> dict[str, str | None]:
    """Non-empty values of one customer with sensitive ones decrypted (None without the key)."""
    values = {k: v for k, v in stored.items() if v not in (None, "")}
    for key, value in list(values.items()):
        if sensitive.is_encrypted(value):
            values[key] = cipher.decrypt(customer_id, key, value) if cipher is not None else None
    return values


def _row_values(row: Sequence[Any], cipher) -> dict[str, str | None]:
    """A raw customers row (id, builtins, extra JSON) as values, sensitive ones decrypted."""
    stored: dict[str, Any] = dict(zip(BUILTIN_KEYS, row[1 : 1 + len(BUILTIN_KEYS)], strict=True))
    stored.update(json.loads(row[1 + len(BUILTIN_KEYS)] or "{}"))
    return _decrypted(row[0], stored, cipher)


def _office_cipher(vault):
    cipher = vault.sensitive_cipher()
    if cipher is None:
        raise PermissionDeniedError(
            _("Your key slot does not carry the sensitive-field key. Sign out and in again.")
        )
    return cipher


_RAW = f"SELECT id, {', '.join(BUILTIN_KEYS)}, extra FROM customers"


def prepare(
    vault,
    actor: Actor,
    user: str,
    out: Path,
    *,
    tag: str | None = None,
    region: str | None = None,
    ids: Sequence[int] | None = None,
    days: int = DEFAULT_DAYS,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PackInfo:
    """Write a pack for ``user`` to ``out`` with the customers chosen by ``tag``, ``region``
    (a place named in the address) or ``ids`` — or none, for collecting new customers only.

    ``progress(done, total)`` is called as customers are copied; when ``cancelled()`` turns
    true the copy stops with ``PrepareCancelled`` before anything is written or recorded.

    The office's record commits before the file gets its name: a pack file the office does
    not know never exists. A failure after the record leaves it 'void'.
    """
    access = access_mod.require(vault, actor, "prepare_field_packs")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": _("a pack lasts from 1 to {most} days").format(most=MAX_DAYS)})
    out = Path(out)
    if out.exists():
        raise KnownError(_("{path} already exists. Choose a new file name for the pack.").format(path=out))
    if not out.parent.is_dir():
        raise KnownError(
            _("The folder {path} does not exist. Choose where to save the pack.").format(path=out.parent)
        )
    name, role, slot = _field_user(vault, access, user)
    chosen = _select_ids(vault, access, tag=tag, region=region, ids=ids)
    catalogue = access.catalogue
    levels = access.policy.levels(role, catalogue)
    visible = [f for f in catalogue if levels[f.key] != HIDDEN]
    holds_sensitive = any(f.sensitivity == sensitive.SENSITIVE for f in visible)
    secrets = {"data": os.urandom(32)}
    if holds_sensitive:
        secrets["sensitive"] = os.urandom(32)
    seal_key = os.urandom(32)
    pack_id = uuid.uuid4().hex
    now = datetime.now(UTC).replace(microsecond=0)
    expires = now + timedelta(days=days)
    keys = KeyFile(vault.vault_id, now.isoformat(), [Slot(**asdict(slot))], generation=1)
    keys.slots[0].seal(vault.vault_id, secrets)
    header = PackHeader(
        pack_id=pack_id,
        vault_id=vault.vault_id,
        business=vault.business_name,
        user=name,
        role=role.name,
        prepared_at=now.isoformat(),
        prepared_by=actor.user,
        expires_at=expires.isoformat(),
        keys=keys.to_text(),
    )
    work = Path(tempfile.mkdtemp(prefix="custos-pack-"))
    try:
        db_path = work / VAULT_DB
        files.create_private(db_path)
        base_digest = _build(
            vault, actor, header, secrets, db_path, chosen, levels, visible, seal_key, progress, cancelled
        )
        _check_cancelled(cancelled)  # the last moment: after this the file and record are written
        header = PackHeader(**{**asdict(header), "seal": _seal(seal_key, header.signed_bytes())})
        data = _encode(header, db_path.read_bytes())
        fd, part = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            faults.step("fieldpack.prepare.written")
            conn = vault.connection()
            with database.transaction(conn):
                conn.execute(
                    "INSERT INTO field_packs (id, user, role, prepared_at, prepared_by, expires_at,"
                    " selection,"
                    " customer_ids, fields, sensitive, secrets, base_digest, file_name, file_sha256)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        pack_id,
                        name,
                        role.name,
                        header.prepared_at,
                        actor.user,
                        header.expires_at,
                        json.dumps({"tag": tag, "region": region, "ids": bool(ids)}, ensure_ascii=False),
                        json.dumps(chosen),
                        json.dumps([f.key for f in visible]),
                        int(holds_sensitive),
                        json.dumps({k: v.hex() for k, v in {**secrets, "seal": seal_key}.items()}),
                        base_digest,
                        out.name,
                        hashlib.sha256(data).hexdigest(),
                    ),
                )
                vault.audit().append(
                    actor.user,
                    "field.prepare",
                    f"pack:{pack_id}",
                    {
                        "user": name,
                        "customers": len(chosen),
                        "fields": [f.key for f in visible],
                        "expires_at": header.expires_at,
                        "file": out.name,
                    },
                )
            faults.step("fieldpack.prepare.recorded")
            try:
                os.replace(part, out)
                files._sync_folder(out.parent)
            except OSError:
                with database.transaction(conn):
                    conn.execute("UPDATE field_packs SET status = 'void' WHERE id = ?", (pack_id,))
                raise
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(part)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return get_pack(vault, actor, pack_id, permission="prepare_field_packs")


def _check_cancelled(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise PrepareCancelled(_("Preparing the pack was cancelled; nothing was written."))


def _build(
    vault,
    actor: Actor,
    header: PackHeader,
    secrets: dict[str, bytes],
    db_path: Path,
    chosen: list[int],
    levels: dict[str, str],
    visible: list,
    seal_key: bytes,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> str:
    """The pack's database: schema, catalogue, the field role, texts, customers, base values."""
    office = vault.connection()
    conn = database.connect(db_path, secrets["data"])
    try:
        database.configure(conn)
        database.migrate(conn)
        cipher = sensitive.SensitiveCipher(secrets["sensitive"]) if "sensitive" in secrets else None
        defs = {f.key: f for f in visible}
        office_cipher = _office_cipher(vault)
        with database.transaction(conn):
            meta = {
                "vault_id": header.vault_id,
                "business_name": header.business,
                "created_at": header.prepared_at,
                "sensitive_state": "ready",
                "pinyin_state": "ready",
                "field_pack_id": header.pack_id,
                "field_pack_user": header.user,
                "field_pack_expires": header.expires_at,
            }
            conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(meta.items()))
            conn.execute("DELETE FROM fields")
            _copy_table(office, conn, "fields")
            conn.execute("DELETE FROM role_field_policy")
            conn.execute("DELETE FROM roles")
            role = office.execute(
                "SELECT name, base, builtin, permissions, description FROM roles WHERE name = ?",
                (header.role,),
            ).fetchone()
            permissions = sorted(set(json.loads(role[3])) & FIELD_PERMISSIONS)
            conn.execute(
                "INSERT INTO roles (name, base, builtin, permissions, description) VALUES (?, ?, ?, ?, ?)",
                (role[0], role[1], role[2], json.dumps(permissions), role[4]),
            )
            _copy_table(office, conn, "role_field_policy", "WHERE role = ?", (header.role,))
            # A masked field holds only its masked form in the pack: the pack's policy reads it
            # as it is (masking it again would show "****" instead of "138****5678").
            conn.executemany(
                "INSERT OR REPLACE INTO role_field_policy (role, field, level) VALUES (?, ?, 'read')",
                [(header.role, key) for key, level in levels.items() if level == MASKED],
            )
            conn.execute(
                "INSERT INTO users (name, role, created_at, created_by) VALUES (?, ?, ?, ?)",
                (header.user, header.role, header.prepared_at, header.prepared_by),
            )
            _copy_table(office, conn, "consent_texts")
            _copy_table(office, conn, "consent_text_versions")
            conn.execute("CREATE TABLE field_base (customer_id INTEGER PRIMARY KEY, base TEXT NOT NULL)")
            high = office.execute("SELECT high FROM customer_id_high WHERE id = 1").fetchone()
            conn.execute("UPDATE customer_id_high SET high = ? WHERE id = 1", (high[0] if high else 0,))
            visible_keys = frozenset(defs)
            known_names = search_index.RowKeys()
            records, base_rows, index_rows = [], [], []
            for start in range(0, len(chosen), PROGRESS_EVERY):
                _check_cancelled(cancelled)
                if progress is not None:
                    progress(start, len(chosen))
                chunk = chosen[start : start + PROGRESS_EVERY]
                rows = office.execute(
                    f"SELECT id, {', '.join(BUILTIN_KEYS)}, extra, created_at, created_by, updated_at,"
                    " updated_by, changes, name_pinyin, name_initials FROM customers"
                    " WHERE id IN (SELECT value FROM json_each(?))"
                    " ORDER BY id",
                    (json.dumps(chunk),),
                ).fetchall()
                for row in rows:
                    customer_id = row[0]
                    clear = _row_values(row[: 2 + len(BUILTIN_KEYS)], office_cipher)
                    view: dict[str, str | None] = {}
                    for key, f in defs.items():
                        value = clear.get(key)
                        if value in (None, ""):
                            continue
                        view[key] = masking.mask(f, value) if levels[key] == MASKED else value
                    stored = dict(view)
                    if cipher is not None:
                        for key, value in view.items():
                            if defs[key].sensitivity == sensitive.SENSITIVE:
                                stored[key] = cipher.encrypt(customer_id, key, value)
                                if levels[key] != MASKED:
                                    index_rows.append((key, cipher.token(key, value), customer_id))
                    builtin = [stored.get(k) for k in BUILTIN_KEYS]
                    extra = {k: v for k, v in stored.items() if k not in BUILTIN_KEYS}
                    meta_values = row[2 + len(BUILTIN_KEYS) : 6 + len(BUILTIN_KEYS)]
                    changes_json = row[6 + len(BUILTIN_KEYS)]
                    updated_at, updated_by = customers.last_visible_change(
                        changes_json, visible_keys, meta_values
                    )
                    changes = {
                        k: v
                        for k, v in (json.loads(changes_json) if changes_json else {}).items()
                        if k in visible_keys
                    }
                    if view.get("name") == clear.get("name"):  # the office's sort keys fit
                        name_pinyin, initials = row[7 + len(BUILTIN_KEYS)], row[8 + len(BUILTIN_KEYS)]
                        known_names.know_name(view.get("name"), (name_pinyin, initials))
                    else:
                        name_pinyin, initials = pinyin.name_keys(view.get("name"))
                    records.append(
                        (
                            customer_id,
                            *builtin,
                            json.dumps(extra, ensure_ascii=False),
                            (view.get("name") or "").casefold(),
                            name_pinyin,
                            initials,
                            meta_values[0],
                            meta_values[1],
                            updated_at,
                            updated_by,
                            json.dumps(changes, ensure_ascii=False, sort_keys=True),
                        )
                    )
                    base_rows.append((customer_id, json.dumps(stored, ensure_ascii=False, sort_keys=True)))
            conn.executemany(
                f"INSERT INTO customers (id, {', '.join(BUILTIN_KEYS)}, extra, sort_name, name_pinyin,"
                " name_initials, created_at, created_by, updated_at, updated_by, changes)"
                f" VALUES (?, {', '.join('?' * len(BUILTIN_KEYS))}, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                records,
            )
            conn.executemany("INSERT INTO field_base (customer_id, base) VALUES (?, ?)", base_rows)
            if progress is not None:
                progress(len(chosen), len(chosen))
            conn.executemany(
                "INSERT OR IGNORE INTO sensitive_index (field, token, customer_id) VALUES (?, ?, ?)",
                index_rows,
            )
            if chosen:
                search_index.index_customers(conn, chosen[0], chosen[-1], row_keys=known_names)
                _copy_table(
                    office,
                    conn,
                    "consent_minors",
                    "WHERE customer_id IN (SELECT value FROM json_each(?))",
                    (json.dumps(chosen),),
                )
            key_file = KeyFile.from_text(header.keys)
            conn.execute(
                "INSERT INTO key_file (id, generation, content) VALUES (1, ?, ?)",
                (key_file.generation, header.keys),
            )
            audit_mod.AuditLog(conn, audit_mod.derive_audit_key(secrets["data"])).append(
                actor.user,
                "field.pack_prepared",
                f"pack:{header.pack_id}",
                {"user": header.user, "customers": len(chosen), "expires_at": header.expires_at},
            )
        digest = _base_digest(conn, seal_key)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
    return digest


# ------------------------------------------------------------------------------ field mode


class PackVault(Vault):
    """A pack opened on the laptop: a Vault over a private working copy of the pack's database.

    Locking writes the working copy back into the pack file (atomically: the old pack or the
    new one, never half) and deletes the copy. ``pack`` is the header (user, expiry, office).
    Audit checkpoints (audit.anchor) are not kept: the office checks the pack's hash chain
    under the pack's key when it merges.
    """

    pack: PackHeader | None = None
    pack_path: Path | None = None
    _work: Path | None = None
    _opened_digest: str = ""

    def _begin_checkpoints(self, slot, kek) -> None:  # see the class docstring
        return

    def lock(self, *, audit: bool = False) -> None:
        was_open = not self.is_locked
        data_key = self._secrets["data"] if was_open and self._secrets else None
        super().lock(audit=audit)
        work, self._work = self._work, None
        if work is None:
            return
        try:
            if was_open and data_key is not None and self.pack_path is not None and self.pack is not None:
                db_path = work / VAULT_DB
                wal_path = work / (VAULT_DB + "-wal")
                if wal_path.exists() and wal_path.stat().st_size:
                    conn = database.connect(db_path, data_key)
                    try:
                        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                    finally:
                        conn.close()
                data = db_path.read_bytes()
                if hashlib.sha256(data).hexdigest() != self._opened_digest:
                    self._check_unchanged_on_disk()
                    files.write_atomic(self.pack_path, _encode(self.pack, data))
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _check_unchanged_on_disk(self) -> None:
        """Another window or command saved the pack since this one opened it: writing now would
        silently drop its changes, so this session's changes are refused instead."""
        try:
            _header, on_disk = _read(self.pack_path)
        except PackError:
            on_disk = b""
        if hashlib.sha256(on_disk).hexdigest() != self._opened_digest:
            raise PackError(
                _(
                    "{file} was changed by another window or command while this one had it open: the"
                    " changes made here were not saved. Open the pack again and redo them."
                ).format(file=self.pack_path.name)
            )


def is_field_mode(vault) -> bool:
    """Whether ``vault`` is a field pack opened on a laptop (the UI shows field mode)."""
    return isinstance(vault, PackVault)


def open_pack(path: Path, user: str | None, password: str) -> PackVault:
    """Open a pack in field mode with the field user's own password.

    Refused: a file that is not a pack or is damaged (one message), a wrong password, and an
    expired pack — that one only goes back to the office to be merged.
    """
    path = Path(path)
    header, db = _read(path)
    if header.expired():
        raise PackError(
            _(
                "This field pack expired on {date}: it no longer opens here. Bring it back to the office"
                " to be merged."
            ).format(date=header.expires_at[:10])
        )
    work = Path(tempfile.mkdtemp(prefix="custos-field-"))
    try:
        (work / VAULT_KEYS).write_text(header.keys, "utf-8")
        files.create_private(work / VAULT_DB)
        (work / VAULT_DB).write_bytes(db)
        try:
            vault = PackVault.unlock(work, user or header.user, password)
        except DamagedVaultError:
            raise _damaged(path) from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    vault.pack, vault.pack_path, vault._work = header, path, work
    vault._opened_digest = hashlib.sha256(db).hexdigest()
    return vault


# ------------------------------------------------------------------------------ the office's list


_PACK_SELECT = (
    "SELECT id, user, role, prepared_at, prepared_by, expires_at, customer_ids, fields, selection, status,"
    " file_name, merged_at, lost_at, incident_id FROM field_packs"
)


def _info(row: Sequence[Any]) -> PackInfo:
    return PackInfo(
        id=row[0],
        user=row[1],
        role=row[2],
        prepared_at=row[3],
        prepared_by=row[4],
        expires_at=row[5],
        customers=len(json.loads(row[6])),
        fields=json.loads(row[7]),
        selection=json.loads(row[8]),
        status=row[9],
        file_name=row[10],
        merged_at=row[11],
        lost_at=row[12],
        incident_id=row[13],
    )


def _may_list(vault, actor: Actor):
    access = access_mod.access_for(vault, actor)
    if not (access.allows("prepare_field_packs") or access.allows("merge_field_packs")):
        access.require("prepare_field_packs")
    return access


def outstanding(vault, actor: Actor, *, all_packs: bool = False) -> list[PackInfo]:
    """Packs still out (not merged, not declared lost), oldest first; every pack with ``all_packs``."""
    _may_list(vault, actor)
    where = "" if all_packs else " WHERE status = 'out'"
    return [_info(r) for r in vault.connection().execute(f"{_PACK_SELECT}{where} ORDER BY prepared_at, id")]


def get_pack(vault, actor: Actor, pack: str, *, permission: str | None = None) -> PackInfo:
    """One pack by its id (or a unique beginning of it, as ``field list`` shows it)."""
    if permission:
        access_mod.require(vault, actor, permission)
    else:
        _may_list(vault, actor)
    text = (pack or "").strip().lower()
    rows = (
        vault.connection().execute(f"{_PACK_SELECT} WHERE id LIKE ? || '%'", (text,)).fetchall()
        if len(text) >= 4 and all(c in "0123456789abcdef" for c in text)
        else []
    )
    if len(rows) != 1:
        raise NotFoundError(_("There is no field pack {id}.").format(id=repr(pack)))
    return _info(rows[0])


def _pack_ref(vault, actor: Actor, pack: str | Path) -> PackInfo:
    """A pack named by its file or its id."""
    path = Path(pack)
    if path.is_file():
        header = read_header(path)
        if header.vault_id != vault.vault_id:
            raise _other_vault(header)
        return get_pack(vault, actor, header.pack_id)
    return get_pack(vault, actor, str(pack))


def _other_vault(header: PackHeader) -> PackError:
    return PackError(
        _("This field pack was prepared by another vault ({business}); it cannot be used here.").format(
            business=header.business or header.vault_id
        )
    )


def declare_lost(vault, actor: Actor, pack: str | Path) -> PackInfo:
    """Mark a pack lost and open an incident naming the customers and fields it held.

    Needs 'prepare_field_packs' and 'manage_incidents'. The incident starts with the decision
    not to notify (the pack is encrypted under the field user's password), which the person
    handling the incident reviews; customers erased since are left out of it.
    """
    access = access_mod.require(vault, actor, "prepare_field_packs")
    access.require("manage_incidents")
    info = _pack_ref(vault, actor, pack)
    if info.status != "out":
        raise KnownError(
            _("Field pack {id} is not out (it is {status}): nothing to declare.").format(
                id=info.id[:8], status=info.status
            )
        )
    conn = vault.connection()
    ids = json.loads(
        conn.execute("SELECT customer_ids FROM field_packs WHERE id = ?", (info.id,)).fetchone()[0]
    )
    present = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM customers WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)
        )
    ]
    sensitive_went = conn.execute("SELECT sensitive FROM field_packs WHERE id = ?", (info.id,)).fetchone()[0]
    reason = _(
        "The pack is encrypted (AES-256) and opens only with {user}'s password; review this decision if"
        " the password may be known to others."
    ).format(user=info.user)
    draft = incidents.Draft(
        title=_("Field pack of {user} lost").format(user=info.user),
        what_happened=_(
            "A field pack prepared on {prepared} for {user} ({customers} customers, fields: {fields}) was"
            " declared lost. It expires on {expires}."
        ).format(
            prepared=info.prepared_at[:10],
            user=info.user,
            customers=info.customers,
            fields=", ".join(info.fields),
            expires=info.expires_at[:10],
        ),
        discovered_at=datetime.now(UTC),
        severity="high" if sensitive_went else "medium",
        notify_customers=False,
        notify_customers_reason=reason,
        notify_regulator=False,
        notify_regulator_reason=reason,
        occurred_from=datetime.fromisoformat(info.prepared_at),
        fields=list(info.fields),
        customer_ids=present,
        found_by=_("the customers and fields field pack {id} held").format(id=info.id[:8]),
    )
    with database.transaction(conn):
        incident = incidents.add(vault, actor, draft)
        conn.execute(
            "UPDATE field_packs SET status = 'lost', lost_at = ?, lost_by = ?, incident_id = ? WHERE id = ?",
            (_now(), actor.user, incident.id, info.id),
        )
        vault.audit().append(actor.user, "field.lost", f"pack:{info.id}", {"incident": incident.id})
    return get_pack(vault, actor, info.id)


# ------------------------------------------------------------------------------ merging


@dataclass
class _Opened:
    header: PackHeader
    conn: Any
    secrets: dict[str, bytes]
    record: tuple
    work: Path


def _open_for_merge(vault, path: Path) -> _Opened:
    """Check everything before reading anything: the vault, the record, the seal, every page,
    the base values and the pack's own audit chain. One PackError names what is wrong."""
    header, db = _read(path)
    if header.vault_id != vault.vault_id:
        raise _other_vault(header)
    conn = vault.connection()
    record = conn.execute(
        "SELECT status, secrets, base_digest, merged_at, user, role, merge_report"
        " FROM field_packs WHERE id = ?",
        (header.pack_id,),
    ).fetchone()
    if record is None:
        raise PackError(
            _(
                "This vault has no record of field pack {id}: it was not prepared here (or the vault was"
                " restored"
                " from a backup older than the pack)."
            ).format(id=header.pack_id[:8])
        )
    if record[0] == "void":
        raise PackError(
            _("Field pack {id} was never handed out: preparing it failed.").format(id=header.pack_id[:8])
        )
    secrets = {k: bytes.fromhex(v) for k, v in json.loads(record[1]).items()}
    if not hmac.compare_digest(_seal(secrets["seal"], header.signed_bytes()), header.seal):
        raise _damaged(path)
    work = Path(tempfile.mkdtemp(prefix="custos-merge-"))
    try:
        db_path = work / VAULT_DB
        files.create_private(db_path)
        db_path.write_bytes(db)
        try:
            pack = database.connect(db_path, secrets["data"])
        except DamagedVaultError:
            raise _damaged(path) from None
        try:
            database.check_integrity(pack)
            meta = dict(pack.execute("SELECT key, value FROM meta"))
            if meta.get("field_pack_id") != header.pack_id or meta.get("vault_id") != vault.vault_id:
                raise _damaged(path)
            if not hmac.compare_digest(_base_digest(pack, secrets["seal"]), record[2]):
                raise _damaged(path)
            if not audit_mod.AuditLog(pack, audit_mod.derive_audit_key(secrets["data"])).verify().ok:
                raise _damaged(path)
        except (database.DatabaseError, DamagedVaultError):
            pack.close()
            raise _damaged(path) from None
        except BaseException:
            pack.close()
            raise
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return _Opened(header, pack, secrets, record, work)


def _field_actor(vault, opened: _Opened) -> Actor:
    """The field user as the office knows them now (a role changed since is the one that counts)."""
    row = (
        vault.connection()
        .execute("SELECT name, role FROM users WHERE name = ?", (opened.header.user,))
        .fetchone()
    )
    return Actor(row[0], row[1]) if row else Actor(opened.record[4], opened.record[5])


def merge(vault, actor: Actor, path: Path, *, dry_run: bool = False) -> MergeReport:
    """Bring a pack's work into the office vault, all or nothing (see the module docstring).

    Needs 'merge_field_packs'. A pack already merged gives its report again and changes
    nothing. ``dry_run`` reports what would happen and writes nothing.
    """
    access = access_mod.require(vault, actor, "merge_field_packs")
    opened = _open_for_merge(vault, Path(path))
    try:
        if opened.record[0] == "merged":
            return _earlier_report(opened.record[6], dry_run)
        return _merge(vault, actor, access, opened, dry_run)
    finally:
        opened.conn.close()
        shutil.rmtree(opened.work, ignore_errors=True)


def _merge(vault, actor: Actor, access, opened: _Opened, dry_run: bool) -> MergeReport:
    conn = vault.connection()
    pack = opened.conn
    header = opened.header
    report = MergeReport(header.pack_id, header.user, dry_run=dry_run)
    field_actor = _field_actor(vault, opened)
    field_access = access_mod.access_for(vault, field_actor)
    catalogue = field_access.catalogue
    writable = {f.key for f in catalogue if field_access.can_write(f.key) and not f.retired}
    pack_cipher = (
        sensitive.SensitiveCipher(opened.secrets["sensitive"]) if "sensitive" in opened.secrets else None
    )
    office_cipher = vault.sensitive_cipher()
    base = {
        cid: _decrypted(cid, json.loads(stored), pack_cipher)
        for cid, stored in pack.execute("SELECT customer_id, base FROM field_base")
    }
    pack_rows = {
        r[0]: (r[-1], _row_values(r[:-1], pack_cipher))
        for r in pack.execute(f"SELECT id, {', '.join(BUILTIN_KEYS)}, extra, deleted_at FROM customers")
    }
    # The pinyin keys the pack worked out for names typed in the field: not worked out again.
    known_names = search_index.RowKeys()
    for name, name_pinyin, initials in pack.execute(
        "SELECT name, name_pinyin, name_initials FROM customers"
        " WHERE id NOT IN (SELECT customer_id FROM field_base)"
    ):
        known_names.know_name(name, (name_pinyin, initials))
    consents = _pack_consents(pack)
    with_consents = {r["customer_id"] for r in consents}
    erased = erasure.erased_ids(vault)
    restricted = restrictions.in_force(conn)
    office_rows: dict[int, tuple] = {}
    known = sorted(base)
    for start in range(0, len(known), 2000):
        chunk = known[start : start + 2000]
        for row in conn.execute(
            f"SELECT id, {', '.join(BUILTIN_KEYS)}, extra, deleted_at FROM customers"
            " WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(chunk),),
        ):
            office_rows[row[0]] = row
    edits: dict[int, dict[str, str | None]] = {}
    conflicts: list[tuple[int, str, str | None, str | None, str | None]] = []
    id_map: dict[int, int] = {}  # pack id -> office id of every customer whose work is kept
    for cid in known:
        deleted_in_pack, now_values = pack_rows.get(cid, ("", {}))
        started = base[cid]
        changed = (
            set()
            if deleted_in_pack is not None
            else {k for k in set(started) | set(now_values) if started.get(k) != now_values.get(k)}
        )
        office_row = office_rows.get(cid)
        if cid in erased or office_row is None:
            if changed or cid in with_consents:
                report.erased_discarded.append(cid)
            continue
        if office_row[-1] is not None:
            if changed or cid in with_consents:
                report.deleted_discarded.append(cid)
            continue
        id_map[cid] = cid
        if not changed:
            continue
        if cid in restricted:
            report.restricted_discarded.append(cid)
            continue
        office_values = _row_values(office_row[:-1], office_cipher)
        for key in sorted(changed):
            if key not in writable:
                report.not_permitted.append([cid, key])
                continue
            try:
                value = catalogue.get(key).clean(now_values.get(key))
            except ValueError as exc:
                report.invalid.append([cid, key, str(exc)])
                continue
            decision, taken = three_way(started.get(key), office_values.get(key), value)
            if decision == "take":
                edits.setdefault(cid, {})[key] = taken
            elif decision == "conflict":
                conflicts.append((cid, key, started.get(key), office_values.get(key), value))
    report.applied = {cid: sorted(values) for cid, values in edits.items()}
    report.conflicts = [
        {"customer_id": c[0], "field": c[1], "base": c[2], "office": c[3], "field_value": c[4]}
        for c in conflicts
    ]
    # New customers: ids the base does not know, not deleted in the field.
    erased_match = _erased_matcher(vault)
    new_rows: list[tuple[int, dict[str, Any]]] = []
    for cid, (deleted_in_pack, values) in sorted(pack_rows.items()):
        if cid in base or deleted_in_pack is not None:
            continue
        kept = {}
        for key, value in values.items():
            if key in writable:
                kept[key] = value
            else:
                report.not_permitted.append([cid, key])
        try:
            cleaned = catalogue.clean(kept, creating=True)
        except ValidationError as exc:
            report.invalid.append([cid, "", str(exc)])
            continue
        erased_kinds = erased_match(cleaned)
        if set(erased_kinds) & IDENTIFYING:
            report.erased_new_discarded.append(cid)
            continue
        if erased_kinds:
            report.erased_name_queued.append(cid)
        new_rows.append((cid, cleaned))
    matches = duplicates.match_stored_many(vault, access, [values for _cid, values in new_rows])
    review = set(report.erased_name_queued)
    to_create = [
        (cid, values)
        for (cid, values), found in zip(new_rows, matches, strict=True)
        if not found and cid not in review
    ]
    queued = {
        cid: sorted(found)
        for (cid, _values), found in zip(new_rows, matches, strict=True)
        if found or cid in review
    }
    report.duplicates_queued = {cid: found for cid, found in queued.items() if found}
    report.new = [cid for cid, _values in to_create]
    will_exist = set(id_map) | {cid for cid, _values in to_create}
    for record in consents:
        if record["customer_id"] in will_exist:
            report.consents_added += 1
        elif record["customer_id"] in queued:
            report.consents_queued += 1
        else:
            report.consents_discarded += 1
    entries = pack.execute(
        "SELECT seq, at, actor, action, object, details FROM audit ORDER BY seq"
    ).fetchall()
    report.audit_entries_added = len(entries)
    if dry_run:
        return report
    now = _now()
    with database.transaction(conn):
        searchable = set(search_index.SEARCH_COLUMNS)
        for cid, values in edits.items():
            customers.write_changes(
                vault,
                field_access,
                office_cipher,
                cid,
                values,
                field_actor.user,
                {"field_pack": header.pack_id, "merged_by": actor.user},
                reindex=False,
            )
        search_index.reindex_customers(
            conn, [cid for cid, values in edits.items() if searchable & set(values)]
        )
        faults.step("fieldpack.merge.edits")
        for cid, key, base_value, office_value, field_value in conflicts:
            protect = _protector(catalogue, key, office_cipher, cid)
            conn.execute(
                "INSERT INTO field_conflicts (pack_id, kind, customer_id, field, base_value, office_value,"
                " field_value, created_at) VALUES (?, 'edit', ?, ?, ?, ?, ?, ?)",
                (
                    header.pack_id,
                    cid,
                    key,
                    protect(base_value),
                    protect(office_value),
                    protect(field_value),
                    now,
                ),
            )
        if to_create:
            rows = [values for _cid, values in to_create]
            created = customers.create_many(
                vault,
                field_actor,
                rows,
                assume_clean=True,  # cleaned by the office's catalogue above
                keys=[
                    known_names(v.get("name") or None, v.get("company") or None, v.get("tags") or None)
                    for v in rows
                ],
            )
            report.created = {
                cid: office_id for (cid, _values), office_id in zip(to_create, created, strict=True)
            }
            id_map.update(report.created)
        faults.step("fieldpack.merge.created")
        evidence = _pack_evidence(pack, consents)
        _insert_consents(conn, [r for r in consents if r["customer_id"] in id_map], id_map, evidence)
        for cid, values in new_rows:
            if cid not in queued:
                continue
            records = [r for r in consents if r["customer_id"] == cid]
            payload = {
                "pack_customer": cid,
                "values": _protect_values(catalogue, values, office_cipher),
                "matches": queued[cid],
                "erased_name": cid in review,
                "consents": records,
                "evidence": {
                    str(e): {**evidence[e], "data": bytes(evidence[e]["data"]).hex()}
                    for e in sorted({r["evidence_id"] for r in records if r["evidence_id"]})
                },
            }
            conn.execute(
                "INSERT INTO field_conflicts (pack_id, kind, customer_id, payload, created_at)"
                " VALUES (?, 'new', NULL, ?, ?)",
                (header.pack_id, json.dumps(payload, ensure_ascii=False), now),
            )
        faults.step("fieldpack.merge.consents")
        log = vault.audit()
        for seq, at, who, action, obj, details in entries:
            log.append(
                who,
                f"field.{action}",
                _map_object(obj, id_map),
                {"origin": {"pack": header.pack_id, "seq": seq, "at": at}, **json.loads(details or "{}")},
            )
        faults.step("fieldpack.merge.audit")
        report.merged_at = now
        conn.execute(
            "UPDATE field_packs SET status = 'merged', merged_at = ?, merged_by = ?, merge_report = ?"
            " WHERE id = ?",
            (now, actor.user, json.dumps(report.as_dict(), ensure_ascii=False), header.pack_id),
        )
        log.append(
            actor.user, "field.merge", f"pack:{header.pack_id}", {"user": header.user, **_counts(report)}
        )
    return report


def _earlier_report(stored: str, dry_run: bool) -> MergeReport:
    """The report of the merge that already took this pack in, marked as such."""
    data = json.loads(stored)
    for key in ("applied", "created", "duplicates_queued"):
        data[key] = {int(k): v for k, v in data[key].items()}
    return MergeReport(**{**data, "dry_run": dry_run, "already_merged": True})


def _counts(report: MergeReport) -> dict[str, int]:
    """What a merge did, in numbers: kept in the office's record and audit (no values, no names)."""
    return {
        "applied": sum(len(v) for v in report.applied.values()),
        "conflicts": len(report.conflicts),
        "created": len(report.created),
        "duplicates_queued": len(report.duplicates_queued),
        "erased_name_queued": len(report.erased_name_queued),
        "erased_discarded": len(report.erased_discarded) + len(report.erased_new_discarded),
        "deleted_discarded": len(report.deleted_discarded),
        "restricted_discarded": len(report.restricted_discarded),
        "not_permitted": len(report.not_permitted),
        "invalid": len(report.invalid),
        "consents_added": report.consents_added,
        "consents_queued": report.consents_queued,
        "consents_discarded": report.consents_discarded,
        "audit_entries_added": report.audit_entries_added,
    }


# A new customer sharing one of these with an erased person is that person: never brought back.
# The same name alone may be someone else (names repeat): such a customer waits for review.
IDENTIFYING = frozenset({"phone", "email", "id_number"})


def _erased_matcher(vault):
    """Which identifiers of a customer's values (stored form) an erased person had, from one read
    of the erasure ledger (``erasure.matches_erased`` answers the same question per customer
    with a scan of the ledger each)."""
    ledger = erasure.read_ledger(vault)
    salt = bytes.fromhex(ledger.salt)
    known = {(kind, digest) for entry in ledger.entries for kind, digest in entry.hashes.items()}

    def match(values: dict[str, Any]) -> list[str]:
        return [
            kind
            for kind in erasure.IDENTIFIERS
            if (kind, erasure.identifier_hash(salt, kind, values.get(kind))) in known
        ]

    return match


_QUEUE_ID = 0  # sensitive values of a queued new customer are encrypted for "customer 0"


def _protector(catalogue: Catalogue, key: str, cipher, customer_id: int):
    """Sensitive values wait in the review queue encrypted under the sensitive-field key."""
    if key in catalogue and catalogue.get(key).sensitivity == sensitive.SENSITIVE and cipher is not None:
        return lambda value: cipher.encrypt(customer_id, key, value) if value else value
    return lambda value: value


def _protect_values(catalogue: Catalogue, values: dict[str, Any], cipher) -> dict[str, Any]:
    return {k: _protector(catalogue, k, cipher, _QUEUE_ID)(v) for k, v in values.items()}


def _pack_evidence(pack, consents: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    evidence: dict[int, dict[str, Any]] = {}
    for e in sorted({r["evidence_id"] for r in consents if r["evidence_id"]}):
        row = pack.execute(
            "SELECT kind, mime, size, sha256, data, created_at FROM consent_evidence WHERE id = ?", (e,)
        ).fetchone()
        evidence[e] = dict(zip(("kind", "mime", "size", "sha256", "data", "created_at"), row, strict=True))
    return evidence


def _map_object(obj: str, id_map: dict[int, int]) -> str:
    if obj.startswith("customer:"):
        try:
            cid = int(obj.split(":", 1)[1])
        except ValueError:
            return obj
        if cid in id_map:
            return f"customer:{id_map[cid]}"
        return f"pack-customer:{cid}"
    return obj


_CONSENT_COLUMNS = (
    "id", "customer_id", "purpose", "partner", "status", "text_version_id", "text_sha256", "channel",
    "collected_at", "collected_by", "recorded_at", "expires_on", "separate", "minor", "guardian", "witness",
    "evidence_id", "withdraws", "note",
)  # fmt: skip


def _pack_consents(pack) -> list[dict[str, Any]]:
    return [
        dict(zip(_CONSENT_COLUMNS, r, strict=True))
        for r in pack.execute(f"SELECT {', '.join(_CONSENT_COLUMNS)} FROM consents ORDER BY id")
    ]


def _insert_consents(
    conn, records: list[dict[str, Any]], id_map: dict[int, int], evidence: dict[int, dict]
) -> int:
    """Consent records (and their evidence) under office ids; ``withdraws`` follows the new ids.
    Each record's notice text must be the office's own version (same id and digest)."""
    evidence_ids: dict[int, int] = {}
    record_ids: dict[int, int] = {}
    for record in records:
        version = conn.execute(
            "SELECT sha256 FROM consent_text_versions WHERE id = ?", (record["text_version_id"],)
        ).fetchone()
        if version is None or version[0] != record["text_sha256"]:
            raise PackError(
                _(
                    "A consent record in the pack cites a notice text this vault does not have; nothing was"
                    " merged."
                )
            )
        old_evidence = record["evidence_id"]
        if old_evidence and old_evidence not in evidence_ids:
            item = evidence[old_evidence]
            cursor = conn.execute(
                "INSERT INTO consent_evidence (kind, mime, size, sha256, data, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (item["kind"], item["mime"], item["size"], item["sha256"], item["data"], item["created_at"]),
            )
            evidence_ids[old_evidence] = cursor.lastrowid
        values = dict(record)
        values["customer_id"] = id_map[record["customer_id"]]
        values["evidence_id"] = evidence_ids.get(old_evidence) if old_evidence else None
        values["withdraws"] = record_ids.get(record["withdraws"]) if record["withdraws"] else None
        columns = [c for c in _CONSENT_COLUMNS if c != "id"]
        cursor = conn.execute(
            f"INSERT INTO consents ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [values[c] for c in columns],
        )
        record_ids[record["id"]] = cursor.lastrowid
    return len(record_ids)


# ------------------------------------------------------------------------------ the review queue


def _shown(access, key: str, value: str | None, customer_id: int, cipher) -> str | None:
    """A queued value as the reader may see it: decrypted, masked or left out by their role."""
    if value and sensitive.is_encrypted(value):
        value = cipher.decrypt(customer_id, key, value) if cipher is not None else None
    if not access.can_see(key):
        return None
    if not access.can_read(key):
        return masking.mask(access.catalogue.get(key), value)
    return value


def _conflict(row: Sequence[Any], access, cipher, office: str | None = None) -> Conflict:
    payload = json.loads(row[8] or "{}")
    payload.pop("evidence", None)  # the images stay in the queue; the list names the records
    key, customer_id = row[4], row[3]
    if "values" in payload:
        payload["values"] = {
            k: _shown(access, k, v, _QUEUE_ID, cipher)
            for k, v in payload["values"].items()
            if access.can_see(k)
        }
    if row[2] == "edit":
        base, field_value = (_shown(access, key, v, customer_id, cipher) for v in (row[5], row[7]))
        office = _shown(access, key, office, customer_id, None)
    else:
        base = field_value = None
    return Conflict(
        id=row[0],
        pack_id=row[1],
        kind=row[2],
        customer_id=customer_id,
        field=key,
        base=base,
        office=office,
        field_value=field_value,
        payload=payload,
        created_at=row[9],
        status=row[10],
        resolution=row[11],
    )


_CONFLICT_SELECT = (
    "SELECT id, pack_id, kind, customer_id, field, base_value, office_value, field_value, payload,"
    " created_at,"
    " status, resolution FROM field_conflicts"
)


def _current_value(vault, customer_id: int, key: str) -> str | None:
    row = vault.connection().execute(f"{_RAW} WHERE id = ? AND deleted_at IS NULL", (customer_id,)).fetchone()
    if row is None:
        return None
    return _row_values(row, vault.sensitive_cipher()).get(key)


def list_conflicts(vault, actor: Actor, *, include_resolved: bool = False) -> list[Conflict]:
    """The review queue, oldest first; 'office' is the office value now, each value as the
    reader's role may see it. Needs 'merge_field_packs'."""
    access = access_mod.require(vault, actor, "merge_field_packs")
    cipher = vault.sensitive_cipher()
    where = "" if include_resolved else " WHERE status = 'open'"
    rows = vault.connection().execute(f"{_CONFLICT_SELECT}{where} ORDER BY id").fetchall()
    return [
        _conflict(r, access, cipher, _current_value(vault, r[3], r[4]) if r[2] == "edit" else None)
        for r in rows
    ]


def resolve_conflict(vault, actor: Actor, conflict_id: int, take: str, value: str | None = None) -> Conflict:
    """Settle one queued item. For an edit: keep the office value, take the field's, or write
    ``value``. For a new customer matching office ones: 'field' adds them as a new customer,
    'office' treats them as the first matching office customer (their consent records go to
    that customer; the field's details are dropped). A new customer queued because their name
    is an erased person's: 'field' adds them (someone else of the same name), 'office' drops
    them. Needs 'merge_field_packs'; audited."""
    access = access_mod.require(vault, actor, "merge_field_packs")
    if take not in (TAKE_OFFICE, TAKE_FIELD, TAKE_VALUE):
        raise ValidationError({"take": _("take office, field or value")})
    conn = vault.connection()
    with database.transaction(conn):
        row = conn.execute(f"{_CONFLICT_SELECT} WHERE id = ?", (conflict_id,)).fetchone()
        if row is None:
            raise NotFoundError(_("There is no conflict {id} in the review queue.").format(id=conflict_id))
        if row[10] != "open":
            raise KnownError(_("Conflict {id} was already resolved.").format(id=conflict_id))
        kind, customer_id, key = row[2], row[3], row[4]
        details: dict[str, Any] = {"conflict": conflict_id, "pack": row[1], "take": take}
        if kind == "edit":
            if take == TAKE_VALUE and value is None:
                raise ValidationError({"value": _("give the value to write")})
            exists = conn.execute(
                "SELECT 1 FROM customers WHERE id = ? AND deleted_at IS NULL", (customer_id,)
            ).fetchone()
            if exists is None:
                raise NotFoundError(_("Customer {id} does not exist or was deleted.").format(id=customer_id))
            if take != TAKE_OFFICE:
                chosen = row[7] if take == TAKE_FIELD else value
                if chosen and sensitive.is_encrypted(chosen):
                    chosen = _office_cipher(vault).decrypt(customer_id, key, chosen)
                cleaned = access.catalogue.clean({key: chosen}, creating=False)
                access.require_write(key)
                customers.write_changes(
                    vault,
                    access,
                    customers._cipher(vault, access, cleaned),
                    customer_id,
                    cleaned,
                    actor.user,
                    {"field_pack": row[1], "conflict": conflict_id},
                )
            details.update(customer=customer_id, field=key)
        else:
            if take == TAKE_VALUE:
                raise ValidationError({"take": _("a new customer is taken from the office or the field")})
            payload = json.loads(row[8])
            values = _decrypted(_QUEUE_ID, payload["values"], vault.sensitive_cipher())
            if set(_erased_matcher(vault)(values)) & IDENTIFYING:
                target = None
                details["erased"] = True
            elif take == TAKE_FIELD:
                access.require("merge_field_packs")
                (target,) = customers.create_many(vault, actor, [values])
            else:
                live = [
                    r[0]
                    for r in conn.execute(
                        "SELECT id FROM customers WHERE deleted_at IS NULL"
                        " AND id IN (SELECT value FROM json_each(?))"
                        " ORDER BY id",
                        (json.dumps(payload["matches"]),),
                    )
                ]
                target = live[0] if live else None
            if target is not None and payload.get("consents"):
                evidence = {
                    int(k): {**v, "data": bytes.fromhex(v["data"])}
                    for k, v in payload.get("evidence", {}).items()
                }
                _insert_consents(conn, payload["consents"], {payload["pack_customer"]: target}, evidence)
            details.update(customer=target)
        conn.execute(
            "UPDATE field_conflicts SET status = 'resolved', resolved_at = ?, resolved_by = ?,"
            " resolution = ?, payload = CASE kind WHEN 'new' THEN '{}' ELSE payload END,"
            " base_value = NULL, office_value = NULL,"
            " field_value = NULL WHERE id = ?",
            (_now(), actor.user, take, conflict_id),
        )
        vault.audit().append(actor.user, "field.resolve", f"conflict:{conflict_id}", details)
    return _conflict(
        conn.execute(f"{_CONFLICT_SELECT} WHERE id = ?", (conflict_id,)).fetchone(), access, None
    )
