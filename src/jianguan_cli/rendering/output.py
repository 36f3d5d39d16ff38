"""Writing a generated folder so that a failure leaves the previous one intact."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from jianguan_cli.findings import UsageError

MARKER = ".jianguan-output"
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}


def safe_name(text: str) -> str:
    """A file name from data: letters, digits, - _ . only; never hidden, reserved or empty."""
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", text).strip(".")[:100] or "_"
    return f"_{name}" if name.split(".")[0].lower() in _RESERVED else name


def existing_outputs(target: Path) -> set[str]:
    """The files (relative, with /) of a previous output in `target`: none unless jianguan made it."""
    if not (target / MARKER).is_file():
        return set()
    found = set()
    for current, folders, names in os.walk(target):
        folders[:] = [name for name in folders if not os.path.islink(os.path.join(current, name))]
        for name in names:
            path = Path(current, name)
            if path.is_file() and not path.is_symlink() and name != MARKER:
                found.add(path.relative_to(target).as_posix())
    return found


class OutputFolder:
    """Files go to a temporary sibling folder; `commit` swaps it in for the old output."""

    def __init__(self, target: Path, protected: list[Path]) -> None:
        self.target = target.resolve()
        _refuse_dangerous(self.target, protected)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.staging = self.target.with_name(f".{self.target.name}.new-{os.getpid()}")
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir()
        (self.staging / MARKER).write_text("jianguan\n", encoding="utf-8")

    def write(self, relative: str, content: str | bytes) -> None:
        """Write one file (text as UTF-8) below the output folder; paths leaving it are refused."""
        path = self._inside(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")

    def keep(self, relative: str) -> None:
        """Carry a file of the previous output over unchanged."""
        source = self.target / relative
        path = self._inside(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)

    def commit(self) -> None:
        """Replace the old output with the new one in two renames."""
        old = self.target.with_name(f".{self.target.name}.old-{os.getpid()}")
        if self.target.exists():
            os.rename(self.target, old)
        os.rename(self.staging, self.target)
        shutil.rmtree(old, ignore_errors=True)

    def _inside(self, relative: str) -> Path:
        path = (self.staging / relative).resolve()
        if self.staging.resolve() not in path.parents:
            raise UsageError(f"拒绝写到输出文件夹之外：{relative}")
        return path

    def abandon(self) -> None:
        """Throw the half-written output away; the previous output stays as it was."""
        shutil.rmtree(self.staging, ignore_errors=True)


def _refuse_dangerous(target: Path, protected: list[Path]) -> None:
    """The output folder is replaced whole, so it must not be or contain the user's files."""
    for place in (p.resolve() for p in protected):
        if target == place or target in place.parents:
            raise UsageError(f"输出文件夹 {target} 包含数据仓库的文件，请换一个文件夹（默认 build/html）。")
    if target.exists() and any(target.iterdir()) and not (target / MARKER).exists():
        raise UsageError(f"输出文件夹 {target} 已有不是 jianguan 生成的文件；为避免删除它们，请换一个空文件夹。")
