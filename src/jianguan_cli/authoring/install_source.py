"""Where a district's CI and pre-commit get jianguan from: no package index has it.

The running jianguan knows its own origin from PEP 610's direct_url.json: a VCS URL and
commit, an archive URL, a local folder (a git checkout whose pushed commit we can name) or,
without the file, a version from a package index. `--jianguan-source` overrides it.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

from jianguan_cli import __version__
from jianguan_cli.findings import UsageError

DISTRIBUTION = "jianguan"
_SCP_LIKE = re.compile(r"^(?P<user>[\w.-]+)@(?P<host>[\w.-]+):(?P<path>[^/].*)$")  # git@host:group/jianguan.git
_REQUIREMENT = re.compile(r"^jianguan\s*(\[[\w,\s-]+\])?\s*(==|>=|~=|<=|!=|<|>|===)?\s*[\w.*+!-]*$", re.IGNORECASE)


@dataclass(frozen=True)
class InstallSource:
    """What `pip install` takes, and for a git source the repository and commit pre-commit takes."""

    pip: str
    origin: str  # how the source was found, said to the user
    repo: str = ""
    rev: str = ""


def git_source(url: str, rev: str, origin: str) -> InstallSource:
    """A git repository URL (https, ssh, scp-like or file) and a commit or tag."""
    url = _ssh_url(url)
    return InstallSource(f"jianguan @ git+{url}@{rev}", origin, url, rev)


def _ssh_url(url: str) -> str:
    match = _SCP_LIKE.match(url)
    return f"ssh://{match['user']}@{match['host']}/{match['path']}" if match else url


def parse_source(spec: str) -> InstallSource:
    """`--jianguan-source`: git+URL@REV, a requirement such as jianguan==0.1.0, or an archive URL."""
    spec = spec.strip()
    origin = f"按 --jianguan-source {spec}"
    if spec.startswith("git+"):
        url, sep, rev = spec[4:].rpartition("@")
        if not sep or not rev or any(c in rev for c in "/:") or not url or url.endswith(":"):
            raise UsageError(f"--jianguan-source {spec}：git 地址后面要写 @提交号 或 @标签，"
                             "如 git+https://git.example.gov.cn/tools/jianguan.git@v0.1.0。")
        return git_source(url, rev, origin)
    if _REQUIREMENT.match(spec):
        return InstallSource(spec, origin)
    if urlparse(spec).scheme in ("http", "https") and spec.endswith((".whl", ".tar.gz", ".zip")):
        return InstallSource(f"jianguan @ {spec}", origin)
    raise UsageError(f"--jianguan-source {spec} 的写法不对。可以写：git+仓库地址@提交号（本区的 git 服务器），"
                     "jianguan==版本号（本区的软件包镜像），或 .whl、.tar.gz 文件的 https 地址。")


def running_source() -> InstallSource | None:
    """Where the running jianguan was installed from, when someone else's CI could get it there."""
    try:
        raw = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if raw is None:  # PEP 610: no direct_url.json means it came from a package index
        return InstallSource(f"jianguan=={__version__}", f"本机的 jianguan {__version__} 是从软件包索引安装的")
    try:
        direct = json.loads(raw)
    except ValueError:
        return None
    return source_from_direct_url(direct if isinstance(direct, dict) else {})


def source_from_direct_url(direct: dict) -> InstallSource | None:
    """The source a PEP 610 direct_url.json names, or None where no other machine can reach it."""
    url = str(direct.get("url", ""))
    vcs = direct.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return git_source(url, str(vcs["commit_id"]), f"本机的 jianguan 是从 {url} 安装的")
    if "archive_info" in direct and urlparse(url).scheme in ("http", "https"):
        return InstallSource(f"jianguan @ {url}", f"本机的 jianguan 是从 {url} 安装的")
    if "dir_info" in direct and url.startswith("file://"):
        return checkout_source(Path(unquote(urlparse(url).path)))
    return None


def checkout_source(folder: Path) -> InstallSource | None:
    """A git checkout's remote and commit, when the commit has been pushed there."""
    remote = _git(folder, "remote", "get-url", "origin")
    head = _git(folder, "rev-parse", "HEAD")
    if not remote or not head or "://" not in remote and not _SCP_LIKE.match(remote):
        return None  # no remote, or a local path that CI cannot reach
    if remote.startswith("file://") or not _git(folder, "branch", "-r", "--contains", head):
        return None  # the commit exists only on this machine
    return git_source(remote, head, f"本机的 jianguan 是 {remote} 的检出（提交 {head[:12]}）")


def _git(folder: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""
