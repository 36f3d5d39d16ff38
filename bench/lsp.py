"""Benchmark `jianguan lsp`: how soon diagnostics follow a change, and memory over many edits.

    python bench/lsp.py                          # 4 KB demo measure, 50 timed changes, 1,000 edits
    python bench/lsp.py --changes 20 --edits 200 # a quick look

The server runs as an editor runs it, a `jianguan lsp` subprocess on stdio; this script is a
minimal LSP client (Content-Length framed JSON-RPC, no library between). Latency is the time
from writing a didChange to reading the publishDiagnostics for that version, so it includes the
server's debounce pause; the engine's own time on the same text is measured in process too.
Each change toggles a full-width colon, so the diagnostics really change.
Memory is the server's resident set (VmRSS from /proc) sampled while 1,000 edits are made, each
followed by a hover request, which lints the new text at once (without waiting for the pause).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
MEASURE = PROJECT / "measures" / "nl" / "QLH-NL-003.yaml"  # 4.1 KB, the demo measure nearest 4 KB
TARGET_MS = 200


class Connection:
    """JSON-RPC over a server's stdin and stdout; a thread reads and timestamps every message."""

    def __init__(self, command: list[str], env: dict) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.inbox: queue.Queue = queue.Queue()
        self.ids = itertools.count(1)
        threading.Thread(target=self._read, daemon=True).start()

    def send(self, method: str, params, request: bool = False) -> int | None:
        """Write one message; a request gets an id, which is returned."""
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        number = next(self.ids) if request else None
        if request:
            message["id"] = number
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return number

    def wait(self, accept, timeout: float = 30.0) -> tuple[float, dict]:
        """(arrival time, message) of the first message `accept` takes; others are dropped."""
        deadline = time.perf_counter() + timeout
        while True:
            arrived, message = self.inbox.get(timeout=max(0.0, deadline - time.perf_counter()))
            if accept(message):
                return arrived, message

    def request(self, method: str, params) -> dict:
        """Send a request and wait for its response."""
        number = self.send(method, params, request=True)
        return self.wait(lambda m: m.get("id") == number)[1]

    def rss_mb(self) -> float:
        """The server's resident set size (Linux /proc)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                byte = stream.read(1)
                if not byte:
                    return
                header += byte
            length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
            body = stream.read(length)
            self.inbox.put((time.perf_counter(), json.loads(body)))


def published(uri: str, version: int):
    """Accepts the diagnostics of `uri` at `version`."""
    return lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                      and m["params"]["uri"] == uri and m["params"].get("version") == version)


def toggled(text: str, version: int) -> tuple[dict, list[str]]:
    """The change to `version`: even versions put in a full-width colon after `daily`, odd ones take it out.

    Returned with the rule codes the diagnostics must then show.
    """
    line = next(n for n, content in enumerate(text.split("\n")) if content.startswith("  daily"))
    put_in = version % 2 == 0
    replaced, width = ("：", 2) if put_in else (": ", 1)
    edit = {"range": {"start": {"line": line, "character": 7}, "end": {"line": line, "character": 7 + width}},
            "text": replaced}
    return edit, (["Y103"] if put_in else [])


def session(command: list[str], work: Path, changes: int, edits: int) -> dict:
    """Start the server on a copy of the demo district; time the changes, then sample memory over the edits."""
    repo = work / "demo"
    if repo.exists():
        shutil.rmtree(repo)
    shutil.copytree(PROJECT / "measures", repo / "measures")
    for name in ("catalog.yaml", "jianguan.toml"):
        shutil.copy(PROJECT / name, repo / name)
    path = repo / MEASURE.relative_to(PROJECT)
    text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    server = Connection(command, {**os.environ, "JIANGUAN_CACHE_DIR": str(work / "cache")})
    started = time.perf_counter()
    server.request("initialize", {"processId": os.getpid(), "rootUri": repo.as_uri(), "capabilities": {}})
    server.send("initialized", {})
    server.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                          "text": text}})
    opened = server.wait(published(uri, 1))[0] - started
    latencies, version = [], 1
    for _ in range(changes):
        version += 1
        edit, expected = toggled(text, version)
        sent = time.perf_counter()
        server.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [edit]})
        arrived, message = server.wait(published(uri, version))
        assert [d["code"] for d in message["params"]["diagnostics"]] == expected, message
        latencies.append(round(1000 * (arrived - sent), 1))
        time.sleep(0.05)
    memory = [(0, round(server.rss_mb(), 1))]
    position = {"line": 3, "character": 3}
    for number in range(1, edits + 1):
        version += 1
        edit, _ = toggled(text, version)
        server.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [edit]})
        server.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": position})
        if number % (edits // 10 or 1) == 0:
            memory.append((number, round(server.rss_mb(), 1)))
    server.request("shutdown", None)
    server.send("exit", None)
    server.process.wait(timeout=30)
    return {"file_bytes": len(text.encode("utf-8")), "open_to_diagnostics_s": round(opened, 2),
            "latency_ms": latencies, "memory_mb": memory}


def lint_only_ms(repo: Path, runs: int = 50) -> dict:
    """Median milliseconds of the engine alone on the measure, clean and with the full-width colon."""
    from jianguan_cli.lsp.engine import lint_text, open_project

    project = open_project(repo)
    path = repo / MEASURE.relative_to(PROJECT)
    clean = path.read_text(encoding="utf-8")
    trapped = clean.replace("  daily: ", "  daily：", 1)
    timings = {}
    for name, text in (("clean", clean), ("full-width colon", trapped)):
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            lint_text(project, path, text)
            samples.append(1000 * (time.perf_counter() - started))
        timings[name] = round(statistics.median(samples), 2)
    return timings


def report(result: dict) -> None:
    """Print the measurements against the targets."""
    latencies = sorted(result["latency_ms"])
    median = statistics.median(latencies)
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
    print(f"measure: {MEASURE.relative_to(PROJECT)} ({result['file_bytes']} bytes)")
    print(f"start-up to first diagnostics: {result['open_to_diagnostics_s']} s")
    print("lint alone (in process, median): " + ", ".join(f"{k} {v} ms" for k, v in result["lint_ms"].items()))
    print(f"change → diagnostics (debounce included), {len(latencies)} changes: median {median:.0f} ms, "
          f"95th percentile {p95:.0f} ms, max {latencies[-1]:.0f} ms; target {TARGET_MS} ms: "
          + ("met" if p95 <= TARGET_MS else "NOT met"))
    memory = result["memory_mb"]
    print("server memory (RSS) over edits: " + ", ".join(f"{n}: {mb:.1f} MB" for n, mb in memory))
    after_warm_up = [mb for n, mb in memory if n >= memory[-1][0] // 10]
    print(f"growth from edit {memory[1][0]} to edit {memory[-1][0]}: {after_warm_up[-1] - after_warm_up[0]:+.1f} MB")


def main() -> None:
    """Parse the options, run the session, print and save the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=50, help="timed changes (default 50)")
    parser.add_argument("--edits", type=int, default=1000, help="edits for the memory curve (default 1000)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "jianguan-bench-lsp")
    parser.add_argument("--json", type=Path, help="also write the measurements to this file")
    args = parser.parse_args()
    jianguan = Path(sys.executable).with_name("jianguan")
    command = [str(jianguan), "lsp"] if jianguan.exists() else [sys.executable, "-m", "jianguan_cli", "lsp"]
    args.work.mkdir(parents=True, exist_ok=True)
    result = session(command, args.work, args.changes, args.edits)
    result["lint_ms"] = lint_only_ms(args.work / "demo")
    report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
