"""The vault: an encrypted SQLCipher database plus the key slots that unlock it."""

from app.vault.keyslots import DEFAULT_KDF, KdfParams
from app.vault.vault import VAULT_DB, VAULT_KEYS, Vault, default_vault_folder, is_vault, vault_users

__all__ = [
    "DEFAULT_KDF",
    "VAULT_DB",
    "VAULT_KEYS",
    "KdfParams",
    "Vault",
    "default_vault_folder",
    "is_vault",
    "vault_users",
]
