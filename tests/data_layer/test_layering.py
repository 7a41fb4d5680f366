"""The layering rule: data_layer never imports streamlit (caching and widgets live in ui)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import data_layer

ROOT = Path(__file__).resolve().parents[2]


def _data_layer_modules() -> list[str]:
    return sorted(
        info.name for info in pkgutil.walk_packages(data_layer.__path__, prefix="data_layer.")
    )


def test_every_data_layer_module_imports_without_streamlit():
    modules = _data_layer_modules()
    assert "data_layer.commands" in modules and "data_layer.queries.status" in modules
    # A fresh interpreter: this test process has imported streamlit through other tests.
    program = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "", f"data_layer pulled in {result.stdout.strip()}"
