"""Reading a file staff hand over (a spreadsheet, a Word document) within limits, zip bombs included."""

from __future__ import annotations

import zipfile
from pathlib import Path

from jianguan_cli.fileio import TooLarge, Unreadable, read_regular
from jianguan_cli.findings import JianguanError


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of `path` (`what` names the kind of file); JianguanError when missing, not a regular
    file (a folder, a pipe, a device) or over `limit` — checked before anything is read."""
    if not path.exists() and not path.is_symlink():
        raise JianguanError(f"找不到{what} {path}", exit_code=2)
    try:
        return read_regular(path, limit)
    except TooLarge as large:
        raise JianguanError(f"{path} 有 {large.size // 1024 // 1024} MB，超过 {limit // 1024 // 1024} MB，"
                            f"不像一份{what}。") from None
    except Unreadable as entry:
        raise JianguanError(f"{path}：{entry.message}，不是{what}。", exit_code=2 if path.is_dir() else 3) from None


def check_unpacked(archive: zipfile.ZipFile, path: Path, limit: int, what: str) -> None:
    """Refuse a zip that unpacks past `limit` bytes: a few kilobytes can unpack to gigabytes ("zip bomb")."""
    unpacked = sum(entry.file_size for entry in archive.infolist())
    if unpacked > limit:
        raise JianguanError(f"{path} 解压后有 {unpacked // 1024 // 1024} MB，超过 {limit // 1024 // 1024} MB，"
                            f"不像一份{what}，未读取。")
