"""Copies of the working tree with one thing changed, for before/after comparisons.

    python -m bench.variant no-grouping-help /tmp/verksted-nogh
    python -m bench my-scenario ... --app-root /tmp/verksted-nogh
    python -m bench.variant snapshot /tmp/verksted-measured     (a plain copy)
    python -m bench.variant no-grouping-help /tmp/nogh /tmp/verksted-measured  (from a copy)

``no-grouping-help``: the grouping-help refresh (``suggestions`` after every board change,
app/factory.py ``board_listeners``) is not registered; everything else is the same.
Fails loudly when the code it patches has changed.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(".venv", ".git", "test-artifacts", "instance", "results",
                                "node_modules", "__pycache__")

PATCHES = {
    # Diagnostic: fewer full garbage collections (objects alive at start-up frozen,
    # young generation collected every 50,000 allocations instead of 700).
    "gc-tuned": [
        ("app/__main__.py",
         "        serve(app, args.host, args.port, args.async_mode)",
         "        import gc\n        gc.freeze()\n        gc.set_threshold(50_000, 20, 100)\n"
         "        serve(app, args.host, args.port, args.async_mode)"),
    ],
    "snapshot": [],  # a plain copy: measure one fixed state while others edit the tree
    "no-grouping-help": [
        ("app/factory.py",
         'board_listeners[:] = [app.extensions["verksted_suggestions"].changed_board]',
         "board_listeners[:] = []"),
    ],
}


def make(name: str, target: Path, source: Path = ROOT) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=IGNORE)
    if source == ROOT:  # say which code this is (bench.__main__.git_state reads it)
        import subprocess
        def git(*args: str) -> str:
            return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True,
                                  text=True).stdout
        import hashlib
        diff = git("diff", "HEAD", "--", "app", "templates", "static")
        (target / "SNAPSHOT.json").write_text(__import__("json").dumps({
            "head": git("rev-parse", "--short", "HEAD").strip(),
            "app_files_changed": len(git("status", "--short", "app").splitlines()),
            "diff_sha1": hashlib.sha1(diff.encode()).hexdigest()[:12],
            "taken": __import__("datetime").datetime.now().isoformat(timespec="seconds")}))
    for path, old, new in PATCHES[name]:
        file = target / path
        text = file.read_text()
        if text.count(old) != 1:
            raise SystemExit(f"{path}: the code to patch for {name!r} has changed")
        file.write_text(text.replace(old, new))


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4) or sys.argv[1] not in PATCHES:
        raise SystemExit(__doc__)
    make(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) == 4 else ROOT)
    print(f"{sys.argv[2]}: {sys.argv[1]}")
