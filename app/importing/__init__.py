"""Importing customers from the files a small business already has (CSV/TSV, XLSX, vCard).

``readers`` opens a file and streams its rows (encodings in ``encoding``, phones' contacts in
``vcard``), ``mapping`` decides which column goes into which field, and ``engine`` checks,
de-duplicates and commits an import as one transaction, records where it came from, and
undoes it. Qt-free: the desktop wizard and ``custos import`` are two faces of these functions.
"""

from app.importing.engine import (
    CREATE,
    FILL,
    ON_DUPLICATE,
    OVERWRITE,
    SKIP,
    ImportCancelled,
    ImportRecord,
    ImportResult,
    RowOutcome,
    UndoResult,
    get_import,
    list_imports,
    run,
    undo,
    write_invalid_rows,
)
from app.importing.mapping import Mapping, auto_mapping, mapping_for, recognise
from app.importing.readers import ImportFileError, Source, open_source

__all__ = [
    "CREATE",
    "FILL",
    "ON_DUPLICATE",
    "OVERWRITE",
    "SKIP",
    "ImportCancelled",
    "ImportFileError",
    "ImportRecord",
    "ImportResult",
    "Mapping",
    "RowOutcome",
    "Source",
    "UndoResult",
    "auto_mapping",
    "get_import",
    "list_imports",
    "mapping_for",
    "open_source",
    "recognise",
    "run",
    "undo",
    "write_invalid_rows",
]
