"""The README's two set-up commands stay true, and CI runs the same test command."""

from __future__ import annotations

import re
import sys

from conftest import ROOT

README = (ROOT / "README.md").read_text()


def bash_block_after(heading: str) -> str:
    section = README.split(f"## {heading}", 1)[1]
    return re.search(r"```bash\n(.+?)\n```", section, re.S).group(1).strip()


def test_ci_runs_the_readme_test_command_verbatim():
    command = bash_block_after("Run all the tests")
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()
    assert ci[-1] == command
    assert "pytest" in command and "requirements-dev.txt" in command


def test_the_start_command_installs_and_runs_the_app():
    command = bash_block_after("Start the app")
    assert command == "pip install -r requirements.txt && streamlit run app.py"
    assert (ROOT / "app.py").exists()


def test_dev_requirements_include_the_runtime_ones_and_pin_ranges():
    dev = (ROOT / "requirements-dev.txt").read_text()
    assert "-r requirements.txt" in dev
    for line in (ROOT / "requirements.txt").read_text().splitlines() + dev.splitlines():
        if line and not line.startswith(("#", "-r")):
            assert re.search(r">=[\d.]+,<[\d.]+$", line), f"unpinned range: {line}"


def test_engine_imports_only_numpy():
    for path in (ROOT / "engine").glob("*.py"):
        imports = re.findall(r"^\s*(?:import|from)\s+(\w+)", path.read_text(), re.M)
        outside = set(imports) - {"numpy", "engine"} - sys.stdlib_module_names
        assert not outside, (path, outside)
