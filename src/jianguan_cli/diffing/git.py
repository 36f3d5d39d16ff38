"""Reading a git repository through the git command line, strictly read-only.

Only plumbing that never writes is used (rev-parse, ls-tree, cat-file, hash-object without -w,
log, config --get): no checkout, stash or index refresh, so the repository, its index and the
working tree stay exactly as they were.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from jianguan_cli.findings import JianguanError
from jianguan_cli.suggest import NAME, closest

_TIMEOUT = 300
# never let git refresh the index, ask for a password or start a pager
_QUIET_ENV = {"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C"}


class DiffError(JianguanError):
    """`jianguan diff` cannot compare: no git repository, unknown revision, unreadable file (exit 2)."""

    exit_code = 2


@dataclass(frozen=True)
class Revision:
    """A revision as the user named it and the commit it stands for."""

    name: str
    commit: str

    @property
    def short(self) -> str:
        """The abbreviated commit, as git log --oneline shows it."""
        return self.commit[:7]

    def describe(self) -> str:
        """修订版本 v2017（1a2b3c4）."""
        return f"修订版本 {self.name}（{self.short}）"


@dataclass(frozen=True)
class TreeFile:
    """A file in a commit: path relative to the top of the git repository."""

    path: str
    mode: str
    kind: str
    oid: str
    size: int


@dataclass(frozen=True)
class Signature:
    """Who made a change and when (the author's own clock, no time zone); date None if uncommitted."""

    author: str
    date: str | None


class GitRepository:
    """The git repository a data repository lives in."""

    def __init__(self, top: Path) -> None:
        self.top = top

    @classmethod
    def around(cls, folder: Path) -> GitRepository:
        """The repository that holds `folder`; DiffError when there is none."""
        done = _run(["rev-parse", "--show-toplevel"], folder)
        if done.returncode != 0:
            raise DiffError(f"{folder} 不在 git 仓库中：jianguan diff 比较的是 git 中保存的修订版本。"
                            "请在数据仓库（git clone 得到的文件夹）中运行；新仓库请先 git init 并提交一次。")
        return cls(Path(os.fsdecode(done.stdout.rstrip(b"\n"))))

    def _git(self, args: list[str], stdin: bytes | None = None) -> bytes:
        done = _run(args, self.top, stdin)
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise DiffError(f"git {args[0]} 失败：{detail[-1] if detail else done.returncode}")
        return done.stdout

    def resolve(self, name: str) -> Revision:
        """The commit `name` (branch, tag, commit, HEAD~2 …) stands for; DiffError with advice if none."""
        if not name.strip() or name.startswith("-"):
            raise DiffError(f"修订版本“{name}”不对：请写分支名、标签名或提交号，如 HEAD、v2017-06、1a2b3c4。")
        done = _run(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}"], self.top)
        if done.returncode == 0:
            return Revision(name, done.stdout.decode().strip())
        raise DiffError(self._unknown(name))

    def _unknown(self, name: str) -> str:
        if _run(["rev-parse", "--verify", "--quiet", "HEAD"], self.top).returncode != 0:
            return "这个 git 仓库中还没有任何提交，无从比较：请先提交一次（git add . && git commit），再修改、比较。"
        if self._git(["rev-parse", "--is-shallow-repository"]).strip() == b"true":
            return (f"修订版本“{name}”不在这个浅克隆（shallow clone）中：克隆时只取了最近的提交。"
                    f"请运行 git fetch --unshallow（或 git fetch origin {name}）取得完整历史后再比较。")
        refs = self._git(["for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/tags", "refs/remotes"])
        guess = closest(name, refs.decode("utf-8", "replace").split(), NAME)
        return (f"修订版本“{name}”不存在" + (f"，是否想写 {guess}？" if guess else "。")
                + "可用 git log --oneline 查看提交，git tag 查看标签（如上次报送或公布时打的标签）。")

    def files(self, commit: str, folder: str) -> list[TreeFile]:
        """Every file under `folder` (relative to the top) in `commit`."""
        listing = self._git(["ls-tree", "-r", "-l", "-z", commit, "--", folder or "."])
        entries = []
        for record in filter(None, listing.split(b"\0")):
            meta, _, path = record.partition(b"\t")
            mode, kind, oid, size = meta.decode().split()
            entries.append(TreeFile(os.fsdecode(path), mode, kind, oid, int(size) if size.isdigit() else 0))
        return entries

    def read(self, oids: list[str]) -> dict[str, bytes]:
        """The contents of blobs, by object id."""
        if not oids:
            return {}
        output = self._git(["cat-file", "--batch"], "".join(f"{oid}\n" for oid in oids).encode())
        contents, at = {}, 0
        for oid in oids:
            header_end = output.index(b"\n", at)
            size = int(output[at:header_end].split()[2])
            contents[oid] = output[header_end + 1:header_end + 1 + size]
            at = header_end + 1 + size + 1
        return contents

    def hashes(self, paths: list[str]) -> list[str]:
        """The object ids the working-tree files would get if added (nothing is written)."""
        if not paths:
            return []
        return self._git(["hash-object", "--stdin-paths"], "".join(f"{p}\n" for p in paths).encode()).decode().split()

    def head(self) -> str | None:
        """The commit HEAD stands for, or None on a branch without commits."""
        done = _run(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], self.top)
        return done.stdout.decode().strip() if done.returncode == 0 else None

    def last_change(self, since: str, paths: list[str]) -> Signature | None:
        """Author and date of the newest commit after `since` up to HEAD that touched `paths`."""
        span = [f"{since}..HEAD"] if since else ["-1", "HEAD"]
        done = _run(["log", "-1", "--no-show-signature", "--format=%an%x00%ad", "--date=format:%Y-%m-%dT%H:%M:%S",
                     *span, "--", *paths], self.top)
        author, _, date = done.stdout.decode("utf-8", "replace").strip().partition("\0")
        return Signature(author, date) if done.returncode == 0 and date else None

    def user_name(self) -> str | None:
        """git config user.name: who is about to commit the uncommitted changes."""
        done = _run(["config", "--get", "user.name"], self.top)
        name = done.stdout.decode("utf-8", "replace").strip() if done.returncode == 0 else ""
        return name or None


def _run(args: list[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    command = ["git", "--no-pager", "--literal-pathspecs", "-c", "core.quotepath=false", *args]
    try:
        return subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, timeout=_TIMEOUT,
                              env={**os.environ, **_QUIET_ENV})
    except FileNotFoundError:
        raise DiffError("没有找到 git 命令：jianguan diff 需要 git。Debian/Ubuntu 上运行 sudo apt-get install git，"
                        "Windows 上从 https://git-scm.com 下载安装。") from None
    except subprocess.TimeoutExpired:
        raise DiffError(f"git {args[0]} 超过 {_TIMEOUT} 秒没有结束，已停止。") from None
    except OSError as error:
        raise DiffError(f"无法运行 git（{error.strerror or error}）。") from None
