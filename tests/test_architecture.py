"""The pure core never imports textual; the scripting CLI stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import growthcourse

PACKAGE = Path(growthcourse.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_textual_import_outside_tui() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "tui":
            continue
        for name in _imported_modules(path):
            if name == "textual" or name.startswith("textual."):
                offenders.append(f"{relative}: imports {name}")
    assert offenders == []


def test_core_modules_do_not_load_textual_at_runtime() -> None:
    core = sorted(
        ".".join(("growthcourse",) + path.relative_to(PACKAGE).with_suffix("").parts)
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] != "tui" and path.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {core!r}:\n"
        "    importlib.import_module(name.removesuffix('.__init__'))\n"
        "import growthcourse.cli as cli\n"
        "cli.build_parser()\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout
