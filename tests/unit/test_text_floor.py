"""`compare.text` is the floor of the engine: each of its modules imports nothing of ours but `compare.types`."""

import pkgutil
import subprocess
import sys

import pytest

import compare.text

MODULES = sorted(f"compare.text.{m.name}" for m in pkgutil.iter_modules(compare.text.__path__))


def test_the_floor_has_its_modules():
    assert {"compare.text.scripts", "compare.text.numbers", "compare.text.names", "compare.text.sentences",
            "compare.text.cedict"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_a_text_module_imports_nothing_of_ours_but_types(module):
    code = (
        f"import sys, {module}\n"
        "print(' '.join(sorted(m for m in sys.modules if (m == 'compare' or m.startswith(('compare.', 'tui')))"
        " and m not in ('compare', 'compare.types', 'compare.text') and not m.startswith('compare.text.'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} imported {out.stdout.strip()}"
