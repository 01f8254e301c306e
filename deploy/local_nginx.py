"""Run deploy/nginx.conf on a loopback port against a built site: the served-site tests and the
Lighthouse benchmark measure the site exactly as it is deployed (headers, gzip, caching, CSP).

Only `listen` and `root` of deploy/nginx.conf are replaced; the rest of Debian's nginx.conf (the
main context) is written into a temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent / "nginx.conf"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def site_config(port: int, root: Path) -> str:
    """deploy/nginx.conf with only the listen address and the published folder replaced."""
    text = DEPLOY.read_text(encoding="utf-8")
    text, listens = re.subn(r"^    listen 80;$", f"    listen 127.0.0.1:{port};", text, flags=re.M)
    text, roots = re.subn(r"^    root /var/www/shishou-portal;$", f"    root {root};", text, flags=re.M)
    if (listens, roots) != (1, 1):
        raise ValueError("deploy/nginx.conf must have one `listen 80;` and one `root /var/www/shishou-portal;`")
    return text


def main_config(folder: Path) -> str:
    """The part Debian's /etc/nginx/nginx.conf plays, with every path in a temporary folder."""
    temp = "\n".join(f"    {name}_temp_path {folder}/{name};"
                     for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = ("user root root;  # the master runs as root here; workers must read the temporary folder\n"
            if os.geteuid() == 0 else "")
    return (f"{user}daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log notice;\n"
            f"events {{ worker_connections 128; }}\n"
            f"http {{\n    access_log {folder}/access.log;\n{temp}\n    include {folder}/site.conf;\n}}\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def served(site: Path, folder: Path) -> Iterator[str]:
    """Serve ``site`` with deploy/nginx.conf until the block ends; yields the origin."""
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx is not installed (make test installs Debian's nginx)")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    (folder / "site.conf").write_text(site_config(port, site), encoding="utf-8")
    (folder / "nginx.conf").write_text(main_config(folder), encoding="utf-8")
    command = [binary, "-p", f"{folder}/", "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:  # nginx either listens or exits
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            try:
                process.wait(timeout=0.05)
                raise RuntimeError(f"nginx exited with {process.returncode}: see {folder}/error.log")
            except subprocess.TimeoutExpired:
                continue
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
