"""The shape of the code: layers point down, modules stay small, docstrings stay shorter than their code.

Read from the source (every import, at module level or inside a function),
so a lazy import cannot slip past.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for package in ("compare", "tui") for p in (ROOT / package).rglob("*.py"))
MAX_LINES = 520  # "about 500"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, absolute names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            out.add(base)
            out.update(f"{base}.{alias.name}" for alias in node.names)
    return out


def _ours(names: set[str]) -> set[str]:
    return {n for n in names if n == "compare" or n.startswith(("compare.", "tui.")) or n == "tui"}


def _under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _modules_of(package: str) -> list[Path]:
    return [p for p in SOURCES if _under(_module_name(p), package)]


def _ours_outside(path: Path, *allowed: str) -> set[str]:
    """Modules of ours that `path` imports from outside the `allowed` packages (the bare `compare` aside)."""
    return {n for n in _ours(_imports(path)) if n != "compare" and not any(_under(n, p) for p in allowed)}


@pytest.mark.parametrize("path", _modules_of("compare.text"), ids=_module_name)
def test_the_text_floor_imports_nothing_of_ours_but_types(path):
    bad = _ours_outside(path, "compare.text", "compare.types")
    assert not bad, f"{_module_name(path)} imports {sorted(bad)}"


@pytest.mark.parametrize("path", _modules_of("compare.translate"), ids=_module_name)
def test_the_translators_never_reach_up_to_the_aligner_or_the_detectors(path):
    bad = {n for n in _imports(path) if _under(n, "compare.diverge") or _under(n, "compare.align")}
    assert not bad, f"{_module_name(path)} imports {sorted(bad)}"


@pytest.mark.parametrize("path", _modules_of("compare.align"), ids=_module_name)
def test_the_aligner_is_pure_numpy_over_vectors(path):
    bad = _ours_outside(path, "compare.align", "compare.types")
    assert not bad, f"{_module_name(path)} imports {sorted(bad)}"


@pytest.mark.parametrize("path", _modules_of("compare"), ids=_module_name)
def test_the_engine_never_imports_the_ui(path):
    bad = {n for n in _imports(path) if _under(n, "tui") or n.split(".")[0] in ("textual", "rich")}
    assert not bad, f"{_module_name(path)} imports {sorted(bad)}"


@pytest.mark.parametrize("path", SOURCES, ids=_module_name)
def test_no_module_is_past_about_500_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)}: {lines} lines; split it by job"


def _code_lines(body: list[ast.stmt]) -> int:
    return sum((stmt.end_lineno or stmt.lineno) - stmt.lineno + 1 for stmt in body)


@pytest.mark.parametrize("path", SOURCES, ids=_module_name)
def test_no_docstring_is_longer_than_the_code_it_documents(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        doc = ast.get_docstring(node, clean=False)
        if doc is None:
            continue
        if isinstance(node, ast.Module) and path.name == "__init__.py":
            continue  # a package's docstring documents the package, not the file
        body = node.body[1:]
        code = _code_lines(body)
        doc_lines = len(doc.strip().splitlines())
        if body and doc_lines > max(code, 3):
            long.append(f"{getattr(node, 'name', 'module')} (docstring {doc_lines} lines, code {code})")
    assert not long, f"{path.relative_to(ROOT)}: " + "; ".join(long)
