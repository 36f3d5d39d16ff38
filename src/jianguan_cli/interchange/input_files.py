"""Reading a file staff hand over (a spreadsheet, a Word document) within limits, zip bombs included."""

from __future__ import annotations

import zipfile
from pathlib import Path

from jianguan_cli.findings import JianguanError


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of `path` (`what` names the kind of file); JianguanError when missing, a folder or over `limit`."""
    if path.is_dir():
        raise JianguanError(f"{path} 是一个文件夹，不是{what}。")
    if not path.exists():
        raise JianguanError(f"找不到{what} {path}", exit_code=2)
    try:
        size = path.stat().st_size
        if size > limit:
            raise JianguanError(f"{path} 有 {size // 1024 // 1024} MB，超过 {limit // 1024 // 1024} MB，"
                                f"不像一份{what}。")
        return path.read_bytes()
    except OSError as error:
        raise JianguanError(f"无法读取 {path}：{error.strerror or error}") from None


def check_unpacked(archive: zipfile.ZipFile, path: Path, limit: int, what: str) -> None:
    """Refuse a zip that unpacks past `limit` bytes: a few kilobytes can unpack to gigabytes ("zip bomb")."""
    unpacked = sum(entry.file_size for entry in archive.infolist())
    if unpacked > limit:
        raise JianguanError(f"{path} 解压后有 {unpacked // 1024 // 1024} MB，超过 {limit // 1024 // 1024} MB，"
                            f"不像一份{what}，未读取。")
