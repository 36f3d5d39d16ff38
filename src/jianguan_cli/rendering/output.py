"""Writing a generated folder so that a failure leaves the previous one intact."""

from __future__ import annotations

import glob
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from jianguan_cli.fileio import os_reason
from jianguan_cli.findings import JianguanError, UsageError

MARKER = ".jianguan-output"


def existing_outputs(target: Path) -> set[str]:
    """The files (relative, with /) of a previous output in `target`: none unless jianguan made it."""
    try:
        if not (target / MARKER).is_file():
            return set()
    except OSError:  # a name too long, a file on the way: OutputFolder says so
        return set()
    found = set()
    for current, folders, names in os.walk(target):
        folders[:] = [name for name in folders if not os.path.islink(os.path.join(current, name))]
        for name in names:
            path = Path(current, name)
            if path.is_file() and not path.is_symlink() and name != MARKER:
                found.add(path.relative_to(target).as_posix())
    return found


@dataclass(frozen=True)
class Protected:
    """What an output folder must keep clear of: it may not be or contain `keep` (the repository,
    its measures, catalogue and templates), nor lie inside `sources` (folders jianguan reads from,
    where output would become the next run's input)."""

    keep: tuple[Path, ...]
    sources: tuple[Path, ...] = ()


class OutputFolder:
    """Files go to a temporary sibling folder; `commit` swaps it in for the old output."""

    def __init__(self, target: Path, protected: Protected) -> None:
        self.target = target.resolve()
        try:
            _refuse_dangerous(self.target, protected)
        except OSError as error:
            raise JianguanError(f"无法使用输出文件夹 {target}：{os_reason(error)}。") from None
        self.written: set[str] = set()
        self.staging = self.target.with_name(f".{self.target.name}.new-{os.getpid()}")
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            _remove_abandoned(self.target)
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging.mkdir()
            (self.staging / MARKER).write_text("jianguan\n", encoding="utf-8")
        except (FileExistsError, NotADirectoryError):
            raise UsageError(f"输出文件夹 {target} 所在的路径中有一个文件（不是文件夹），请换一个文件夹。") from None
        except OSError as error:
            self.abandon()
            raise JianguanError(f"无法建立输出文件夹 {target}：{os_reason(error)}。原有输出保持不变。") from None

    def write(self, relative: str, content: str | bytes) -> None:
        """Write one file (text as UTF-8) below the output folder; paths leaving it are refused,
        and so is a second file under one name (two items whose codes give the same file name)."""
        if relative.casefold() in self.written:
            raise JianguanError(f"两个文件都要写到输出文件夹中的 {relative}：事项编码整理成文件名后相同。"
                                "运行 jianguan check 查看（K806），改正事项编码后再生成。")
        self.written.add(relative.casefold())
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


def _refuse_dangerous(target: Path, protected: Protected) -> None:
    """The output folder is replaced whole, so it must not be or contain the user's files, nor
    lie where jianguan reads its input."""
    for place in (p.resolve() for p in protected.keep):
        if target == place or target in place.parents:
            raise UsageError(f"输出文件夹 {target} 包含数据仓库的文件，请换一个文件夹（默认 build/html）。")
    for place in (p.resolve() for p in protected.sources):
        if place in target.parents:
            raise UsageError(f"输出文件夹 {target} 在 {place} 之中：那里的文件是 jianguan 读取的模板或数据，"
                             "生成的文件放进去会在下次运行时被当作输入。请换一个文件夹（默认 build/html）。")
    if target.exists() and not target.is_dir():
        raise UsageError(f"输出文件夹 {target} 是一个文件，不是文件夹，请换一个文件夹。")
    if target.exists() and any(target.iterdir()) and not (target / MARKER).exists():
        raise UsageError(f"输出文件夹 {target} 已有不是 jianguan 生成的文件；为避免删除它们，请换一个空文件夹。")


def _remove_abandoned(target: Path) -> None:
    """Staging folders left by a run that was killed (its process is gone) are removed."""
    for stray in target.parent.glob(f".{glob.escape(target.name)}.*-*"):
        kind, _, pid = stray.name.rpartition("-")
        if kind.endswith((".new", ".old")) and pid.isdigit() and not _alive(int(pid)) and (stray / MARKER).exists():
            shutil.rmtree(stray, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is someone else's
        return True
    return True
