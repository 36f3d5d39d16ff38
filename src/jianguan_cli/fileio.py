"""Reading only what is really a file, and writing without ever leaving a half-written one.

A repository is untrusted: where a measure should be there may be a folder, a broken or looping
symbolic link, a link out of the repository, a named pipe or a device (/dev/zero). Each is
recognised from its file-system entry before a single byte is read, so nothing hangs, fills the
memory or leaks a file from outside; only regular files within the size limit are read.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from jianguan_cli.findings import JianguanError, UsageError


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, every link resolved, lies in `root` (False for a link loop)."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


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


def os_reason(error: OSError, verb: str = "写入") -> str:
    """Why reading or writing (`verb`) failed, in Chinese."""
    return {errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "超出磁盘配额", errno.EACCES: f"没有{verb}权限",
            errno.EPERM: f"没有{verb}权限", errno.EROFS: "文件系统只读", errno.ENAMETOOLONG: "名称太长",
            errno.ENOTDIR: "路径中有一个文件（不是文件夹）", errno.ELOOP: "符号链接循环", errno.ENOENT: "不存在",
            }.get(error.errno, error.strerror or str(error))


def write_error(path: Path, error: OSError) -> JianguanError:
    """A Chinese message for a failed write; the original file is untouched."""
    return JianguanError(f"无法写入 {path}：{os_reason(error)}。原文件未改动。")


class Unreadable(Exception):
    """The entry cannot be read as a file: a Chinese reason and a hint."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


class TooLarge(Exception):
    """A regular file over the size limit; never read."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def read_regular(path: Path, max_bytes: int, root: Path | None = None) -> bytes:
    """The bytes of `path` if it is (or links, inside `root`, to) a regular file of at most `max_bytes`."""
    info = _entry(path, root)
    if info.st_size > max_bytes:
        raise TooLarge(info.st_size)
    try:
        with open(path, "rb") as stream:
            raw = stream.read(max_bytes + 1)
    except OSError as error:
        raise Unreadable(f"无法读取文件（{_reason(error)}）", "检查文件是否存在、是否有读取权限。") from None
    if len(raw) > max_bytes:  # it grew while being read
        raise TooLarge(len(raw))
    return raw


def _entry(path: Path, root: Path | None) -> os.stat_result:
    """The stat of what `path` is; Unreadable for anything but a regular file."""
    try:
        info = path.lstat()
    except OSError as error:
        raise Unreadable(f"无法读取（{_reason(error)}）", "检查文件是否存在、是否有读取权限。") from None
    if stat.S_ISLNK(info.st_mode):
        info = _link_target(path, root)
    if stat.S_ISDIR(info.st_mode):
        raise _folder(path)
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable("这不是普通文件（而是命名管道、设备或套接字），不读取",
                         "监管办法只能是普通的 .yaml 文本文件：删除这一项，把文件本身放在这里。")
    return info


def _link_target(path: Path, root: Path | None) -> os.stat_result:
    try:
        target = path.resolve(strict=True)
        info = target.stat()
    except FileNotFoundError:
        raise Unreadable("这是一个断开的符号链接：它指向的文件不存在",
                         "删除这个符号链接，或把文件本身放在这里。") from None
    except (RuntimeError, OSError) as error:
        if isinstance(error, RuntimeError) or getattr(error, "errno", None) == errno.ELOOP:
            raise Unreadable("这是一个循环的符号链接（链接最终指回自己）", "删除这个符号链接，把文件本身放在这里。") from None
        raise Unreadable(f"无法读取符号链接指向的文件（{_reason(error)}）", "检查它指向的文件。") from None
    if root is not None and not inside(target, root):
        raise Unreadable("这是指向数据仓库以外的符号链接，不读取",
                         "把文件本身放进数据仓库（measures/ 下），不要用符号链接引用仓库以外的文件。")
    return info


def _folder(path: Path) -> Unreadable:
    try:
        os.listdir(path)
    except OSError as error:
        return Unreadable(f"无法读取这个文件夹（{_reason(error)}），其中的监管办法都没有检查",
                          "让运行 jianguan 的用户能读取这个文件夹（如 chmod a+rx），或把文件移出来。")
    if path.is_symlink():
        return Unreadable("这是指向文件夹的符号链接，其中的文件不检查",
                          "把监管办法文件直接放在 measures/<部门编号>/ 中，不要用符号链接。")
    return Unreadable("这是一个文件夹，不是文件", "请指定 .yaml 文件；文件夹的名字不要以 .yaml 结尾。")


def _reason(error: OSError) -> str:
    return os_reason(error, "读取")
