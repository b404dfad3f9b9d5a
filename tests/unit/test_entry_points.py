"""The two ways in: `parallax` (the UI and the commands) and `python -m compare` (the commands, headless)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = ("report", "translate", "models", "import")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


@pytest.mark.parametrize("module", ["compare", "tui"])
def test_help_runs_and_says_what_each_command_does(module):
    out = run("-m", module, "--help")
    assert out.returncode == 0, out.stderr
    for command in COMMANDS:
        assert command in out.stdout
    assert "compare a set and print the report" in out.stdout
    assert ("open the terminal UI" in out.stdout) == (module == "tui")


def test_the_headless_commands_load_no_ui_toolkit():
    code = ("import sys, compare.cli, compare.__main__\n"
            "print(','.join(m for m in ('textual', 'rich', 'tui') if m in sys.modules))")
    out = run("-c", code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_python_m_compare_without_a_command_says_which_there_are():
    out = run("-m", "compare")
    assert out.returncode == 2
    assert "give a command" in out.stderr and "report" in out.stderr


def test_the_parallax_script_is_the_ui_shell_over_the_commands():
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"parallax": "tui.__main__:main"}
