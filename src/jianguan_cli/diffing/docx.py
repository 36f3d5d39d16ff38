"""The .docx redline of each changed measure: the 公文 as `jianguan render` writes it, with 修订."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from jianguan_cli.catalog import Catalog
from jianguan_cli.diffing.changes import RENAMED, DiffReport, MeasureChange
from jianguan_cli.diffing.redline import redline
from jianguan_cli.diffing.versions import MeasureVersion
from jianguan_cli.safe_text import safe_name


def document_name(change: MeasureChange) -> str:
    """QLH-MZ-004.docx (files without an item code are named after their file)."""
    return f"{safe_name(change.code or PurePosixPath(change.current.path).stem)}.docx"


class DocxRedline:
    """Renders both versions with jianguan's document writer and tracks the differences."""

    def __init__(self, writer, catalog: Catalog | None) -> None:
        self.writer = writer
        self.catalog = catalog

    def _organ(self, change: MeasureChange) -> str:
        """The department that signs the document: the item's in the catalogue, else its folder's."""
        parts = PurePosixPath(change.current.path).parts
        folder = parts[-2] if len(parts) >= 2 else ""
        if self.catalog is None:
            return folder
        item = self.catalog.items.get(change.code)
        department = self.catalog.departments.get(item.department if item else folder)
        return department.name if department else folder

    def _document(self, version: MeasureVersion | None, organ: str) -> bytes | None:
        if version is None:
            return None
        return self.writer.measure_document(f"{version.name}事中事后监管办法", organ, version.data)

    def files(self, report: DiffReport) -> Iterator[tuple[str, bytes]]:
        """(file name, .docx bytes) for every measure whose document changes."""
        for change in report.measures:
            if change.kind == RENAMED and not change.fields:
                continue  # the same text in another file: nothing to track
            organ = self._organ(change)
            yield document_name(change), redline(self._document(change.old, organ), self._document(change.new, organ),
                                                 change.signature.author, change.signature.date)
