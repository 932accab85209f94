"""The package on its own: a wheel installed into a new virtual environment, served from
an empty folder with nothing beside it, opens the demo with the map's outlines."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"Kaia Kask \(member, [^)]*\)\s+(http://\S+)")


@pytest.mark.slow
def test_the_wheel_serves_the_demo_from_an_empty_folder(tmp_path, page, free_port,
                                                        wait_until_up):
    dist, env_dir, empty, home = (tmp_path / n for n in ("dist", "env", "empty", "home"))
    for folder in (empty, home):
        folder.mkdir()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist),
                    str(ROOT)], check=True, capture_output=True, timeout=600)
    [wheel] = dist.glob("koosloome_workbook-*.whl")
    base = Path(sys.base_prefix) / "bin" / f"python{sys.version_info[0]}"
    subprocess.run([str(base), "-m", "venv", str(env_dir)], check=True, timeout=300)
    # the dependencies come from the package index (the pip cache makes this quick)
    installed = subprocess.run([str(env_dir / "bin" / "pip"), "install", "-q", str(wheel)],
                               capture_output=True, text=True, timeout=1800)
    assert installed.returncode == 0, installed.stderr[-3000:]
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("WORKBOOK_", "KOOSLOOME_", "XDG_")) and k != "QUERY_STRING"}
    env.update(HOME=str(home), WORKBOOK_PORT=str(port), WORKBOOK_POOL_SIZE="0",
               WORKBOOK_BASE_URL=f"http://127.0.0.1:{port}")
    proc = subprocess.Popen([str(env_dir / "bin" / "workbook"), "serve", "--demo"], cwd=empty,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    try:
        said = ""
        while "Serving on" not in said:
            line = proc.stdout.readline()
            assert line, f"the server stopped:\n{said}"
            said += line
        link = LINK.search(said)
        assert link, said
        wait_until_up(f"http://127.0.0.1:{port}", proc, 120, lambda: said)  # "Serving on"
        # comes before Voila listens
        pw = page.open(link.group(1) + "#/kogukonnad", timeout=180_000)
        pw.wait_for_function("document.querySelector('.wb-meta') && document.querySelector("
                             "'.wb-meta').dataset.route.startsWith('kogukonnad')",
                             timeout=120_000)
        visible = ".wb-app-body > .wb-page:not([style*='none'])"
        pw.wait_for_selector(f"{visible} .wb-map path.leaflet-interactive", timeout=120_000)
        assert "Kogukondade kaardistamine" in pw.inner_text(f"{visible} .wb-header h1")
        assert page.remote == [] or all("tile" in url for url in page.remote)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    data = home / ".local" / "share" / "koosloome"  # the one data folder, by default
    assert (data / "workbook.sqlite").is_file()
    assert list(empty.iterdir()) == []  # nothing written where it was started
