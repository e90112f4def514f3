"""A fresh clone has no compiled catalogues (.mo files are git-ignored and built by
`make`): the server started with `python -m app` must still speak nb and nn."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import requests

from tests.support.servers import ROOT, ServerProcess

MO = "LC_MESSAGES/messages.mo"


def fresh_clone(target: Path) -> Path:
    """The project as `git clone` gives it: no .mo files, no data folder."""
    copy = target / "verksted"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        "*.mo", ".git", ".venv", "instance", "tests", "test-artifacts", "__pycache__",
        ".pytest_cache", ".ruff_cache", "bench", "docs"))
    assert not list((copy / "translations").glob(f"*/{MO}"))
    return copy


def speaks_nb_and_nn(server: ServerProcess) -> None:
    server.start(timeout=60)
    try:
        nb = requests.get(f"{server.url}/", timeout=30).text
        nn = requests.get(f"{server.url}/?lang=nn", timeout=30).text
    finally:
        server.stop()
    assert 'lang="nb"' in nb and "Lag et verksted" in nb and "Create a workshop" not in nb
    assert 'lang="nn"' in nn and "Lag ein verkstad" in nn


def test_a_fresh_clone_compiles_its_catalogues_at_start(tmp_path):
    copy = fresh_clone(tmp_path)
    (tmp_path / "data").mkdir()
    speaks_nb_and_nn(ServerProcess(tmp_path / "data", cwd=copy))
    for language in ("nb", "nn", "en"):
        assert (copy / "translations" / language / MO).exists()


def read_only(folders: list[Path], on: bool) -> None:
    """Make folders unwritable, for root too (chattr +i; root ignores the mode bits)."""
    for folder in folders:
        if os.geteuid() == 0 and not on:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR if on else stat.S_IRWXU)
        if os.geteuid() == 0 and on:
            subprocess.run(["chattr", "+i", str(folder)], check=True)


def test_a_read_only_clone_compiles_them_into_the_data_folder(tmp_path):
    copy = fresh_clone(tmp_path)
    (tmp_path / "data").mkdir()
    folders = [p for p in (copy / "translations").rglob("*") if p.is_dir()]
    folders.append(copy / "translations")
    read_only(folders, True)
    try:
        with pytest.raises(OSError):
            (copy / "translations" / "nn" / "probe").touch()
        speaks_nb_and_nn(ServerProcess(tmp_path / "data", cwd=copy))
        assert (tmp_path / "data" / "translations" / "nn" / MO).exists()
        assert not (copy / "translations" / "nn" / MO).exists()
    finally:
        read_only(folders, False)
