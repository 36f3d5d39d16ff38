"""The language server: documents in, findings, help and fixes out, over stdio (pygls)."""

from __future__ import annotations

import asyncio
import gc
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from jianguan_cli import __version__
from jianguan_cli.findings import Finding
from jianguan_cli.lsp.actions import Fixer
from jianguan_cli.lsp.completion import Completer
from jianguan_cli.lsp.diagnostics import to_diagnostic
from jianguan_cli.lsp.engine import MEASURE, Project, disk_stamp, lint_text, open_project, project_root
from jianguan_cli.lsp.hover import hover_text
from jianguan_cli.lsp.outline import Outline
from jianguan_cli.lsp.positions import UTF16, client_range, from_client
from jianguan_cli.lsp.symbols import Symbols
from jianguan_cli.resources import load_schema
from jianguan_cli.schema import SchemaIndex

# Diagnostics follow a change after this pause in typing; linting a 4 KB measure takes about
# 5 ms more (bench/lsp.py measures both).
DEBOUNCE_SECONDS = 0.1
WATCHED = ("**/jianguan.toml", "**/catalog.yaml")


@dataclass
class Analysis:
    """One version of one open document: its project, kind and findings."""

    version: int | None
    text: str
    project: Project
    kind: str | None
    findings: list[Finding]
    _outline: Outline | None = field(default=None, repr=False)

    @property
    def outline(self) -> Outline:
        """The tolerant reading of this version's text, made on first use."""
        if self._outline is None:
            self._outline = Outline(self.text)
        return self._outline


class JianguanServer(LanguageServer):
    """Keeps each open document's findings and each repository's settings and catalogue."""

    def __init__(self, debounce: float = DEBOUNCE_SECONDS) -> None:
        super().__init__("jianguan", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.debounce = debounce
        self.projects: dict[Path, Project] = {}
        self.analyses: dict[str, Analysis] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.told: dict[Path, str] = {}
        self.indexes = {name: SchemaIndex(load_schema(name)) for name in ("measure", "catalog")}

    @property
    def encoding(self) -> str:
        """The position encoding agreed with the client."""
        return str(getattr(self.workspace.position_encoding, "value", self.workspace.position_encoding) or UTF16)

    def project_for(self, path: Path) -> Project:
        """The repository of `path`, read again when its jianguan.toml or catalogue changed on disk."""
        root = project_root(path, self.workspace_folders())
        project = self.projects.get(root)
        if project is None or disk_stamp(root, project.settings) != project.stamp:
            project = self.projects[root] = open_project(root)
            self._tell(project)
        return project

    def analysis(self, uri: str) -> Analysis | None:
        """The findings of the document's current text (computed now if the text changed)."""
        document = self.workspace.get_text_document(uri)
        path = _file_path(uri)
        if path is None:
            return None
        project = self.project_for(path)
        known = self.analyses.get(uri)
        if known is not None and known.text == document.source and known.project is project:
            known.version = document.version
            return known
        kind = project.kind_of(path, document.source)
        findings = lint_text(project, path, document.source) if kind else []
        self.analyses[uri] = Analysis(document.version, document.source, project, kind, findings)
        return self.analyses[uri]

    def publish(self, uri: str) -> None:
        """Send the document's diagnostics."""
        self.pending.pop(uri, None)
        try:
            found = self.analysis(uri)
        except Exception as error:  # a bug in jianguan: say so, keep serving the other documents
            self.window_log_message(types.LogMessageParams(
                types.MessageType.Error, f"jianguan 内部错误：{error.__class__.__name__}: {error}"))
            return
        if found is None:
            return
        lines = found.outline.lines
        diagnostics = [to_diagnostic(lines, finding, self.encoding) for finding in found.findings]
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, diagnostics, found.version))

    def schedule(self, uri: str, delay: float) -> None:
        """Publish after `delay` seconds, unless the document changes again before then."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.pending[uri] = asyncio.get_running_loop().call_later(delay, self.publish, uri)

    def refresh(self) -> None:
        """Lint every open document again (settings or a catalogue changed)."""
        for uri in list(self.analyses):
            self.schedule(uri, 0)

    def forget(self, uri: str) -> None:
        """A closed document: no more work on it, and its diagnostics cleared."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.analyses.pop(uri, None)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    def workspace_folders(self) -> list[Path]:
        """The folders the editor opened (its root folder when it names no workspace folders)."""
        uris = [folder.uri for folder in self.workspace.folders.values()] or [self.workspace.root_uri]
        return [path for path in map(_file_path, filter(None, uris)) if path is not None]

    def index_of(self, found: Analysis) -> SchemaIndex:
        """The schema of the document's kind (measure or catalogue)."""
        return self.indexes["measure" if found.kind == MEASURE else "catalog"]

    def _tell(self, project: Project) -> None:
        """Say once what is wrong with a repository's settings or catalogue."""
        if project.problem and self.told.get(project.root) != project.problem:
            self.window_show_message(types.ShowMessageParams(types.MessageType.Warning, project.problem))
        self.told[project.root] = project.problem


def _file_path(uri: str) -> Path | None:
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(path).resolve() if path else None


def build_server(debounce: float = DEBOUNCE_SECONDS) -> JianguanServer:
    """A server with every feature registered."""
    server = JianguanServer(debounce)
    _register_documents(server)
    _register_features(server)
    return server


def serve() -> None:
    """Run the language server on stdin and stdout until the editor says exit."""
    server = build_server()
    gc.freeze()  # the modules and schemas loaded by now stay: full collections need not walk them
    server.start_io()


def _register_documents(server: JianguanServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: JianguanServer, params: types.DidOpenTextDocumentParams) -> None:
        """Lint a document as soon as it is opened."""
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: JianguanServer, params: types.DidChangeTextDocumentParams) -> None:
        """Lint again after a pause in typing."""
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: JianguanServer, params: types.DidSaveTextDocumentParams) -> None:
        """Relint the open documents: a saved jianguan.toml or catalogue changes their findings."""
        ls.refresh()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: JianguanServer, params: types.DidCloseTextDocumentParams) -> None:
        """Forget a closed document."""
        ls.forget(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files_changed(ls: JianguanServer, params: types.DidChangeWatchedFilesParams) -> None:
        """Settings or a catalogue changed on disk (the editor watches them for the server)."""
        ls.refresh()

    @server.feature(types.INITIALIZED)
    def initialized(ls: JianguanServer, params: types.InitializedParams) -> None:
        """Ask the editor to report changes of jianguan.toml and catalog.yaml, where it can."""
        if get_capability(ls.client_capabilities, "workspace.did_change_watched_files.dynamic_registration", False):
            watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
            ls.client_register_capability(types.RegistrationParams([types.Registration(
                "jianguan-settings", types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                types.DidChangeWatchedFilesRegistrationOptions(watchers))]))


def _register_features(server: JianguanServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: JianguanServer, params: types.HoverParams) -> types.Hover | None:
        """The schema's Chinese help for the key under the cursor, and the rule of a finding there."""
        found = ls.analysis(params.text_document.uri)
        if found is None or found.kind is None:
            return None
        outline, line = found.outline, params.position.line
        if line >= len(outline.lines):
            return None
        column = from_client(outline.lines[line], params.position.character, ls.encoding)
        shown = hover_text(outline, ls.index_of(found), found.findings, line, column)
        if shown is None:
            return None
        text, span = shown
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text),
                           client_range(outline.lines, *span, ls.encoding) if span else None)

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":", " "]))
    def completion(ls: JianguanServer, params: types.CompletionParams) -> types.CompletionList | None:
        """Keys, values, missing topics and departments that fit at the cursor."""
        found = ls.analysis(params.text_document.uri)
        if found is None or found.kind is None or params.position.line >= len(found.outline.lines):
            return None
        snippets = get_capability(ls.client_capabilities,
                                  "text_document.completion.completion_item.snippet_support", False)
        completer = Completer(found.outline, ls.index_of(found), found.project.catalog, found.kind == MEASURE,
                              bool(snippets), ls.encoding)
        line = params.position.line
        column = from_client(found.outline.lines[line], params.position.character, ls.encoding)
        return types.CompletionList(is_incomplete=False, items=completer.items(line, column))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: JianguanServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        """Quick fixes for the findings on the lines asked about."""
        only = params.context.only
        if only and not any(str(kind).startswith(types.CodeActionKind.QuickFix) for kind in only):
            return None
        found = ls.analysis(params.text_document.uri)
        if found is None or found.kind is None:
            return None
        fixer = Fixer(params.text_document.uri, found.outline, ls.index_of(found), found.project.catalog,
                      found.kind == MEASURE, ls.encoding)
        return fixer.actions(found.findings, params.range.start.line, params.range.end.line) or None

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(ls: JianguanServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol] | None:
        """The numbered Chinese outline of the document."""
        found = ls.analysis(params.text_document.uri)
        if found is None or found.kind is None:
            return None
        return Symbols(found.outline, ls.index_of(found), found.kind == MEASURE, ls.encoding).tree()
