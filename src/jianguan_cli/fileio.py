"""Writing files without ever leaving a half-written one behind."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from jianguan_cli.findings import JianguanError, UsageError


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(path: Path, text: str) -> None:
    """Write `text` as UTF-8 to `path` through a temporary file and a rename."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, content: bytes) -> None:
    """Write `content` to `path` through a temporary file and a rename."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"输出文件夹不存在：{folder}")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise write_error(path, error) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private; give it the mode a plain open() would have.
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise write_error(path, error) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_error(path: Path, error: OSError) -> JianguanError:
    """A Chinese message for a failed write; the original file is untouched."""
    reason = {errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "超出磁盘配额", errno.EACCES: "没有写入权限",
              errno.EPERM: "没有写入权限", errno.EROFS: "文件系统只读"}.get(error.errno, error.strerror or str(error))
    return JianguanError(f"无法写入 {path}：{reason}。原文件未改动。")
