"""The built site served on loopback for the tests and the benchmarks, with deadlines everywhere.

- ``static_site(folder, headers)``: Python's threaded HTTP server. It binds port 0 itself, so the
  port is taken before anyone learns its number (no free-port race).
- ``nginx(site, folder)``: Debian's nginx with deploy/nginx.conf, only ``listen``, ``root`` and the
  folder of its include replaced and the rest of Debian's main nginx.conf (with
  deploy/shishou-portal-http.conf in ``http``) written into a temporary folder.
  ``nginx(site, folder, column_config(other_site))``: the portal as a column instead, the include
  deploy/shishou-portal-column.conf (only its folders replaced) in a server whose ``/`` is
  ``other_site``, a different site. The listening socket is made here and handed to nginx (nginx adopts inherited sockets named in the ``NGINX``
  environment variable, as in its binary upgrade), so the port is held from the start; a server
  that does not answer within its deadline stops the caller with nginx's own log.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import http.server
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

DEPLOY_FOLDER = Path(__file__).resolve().parent.parent / "deploy"
DEPLOY = DEPLOY_FOLDER / "nginx.conf"
COLUMN = DEPLOY_FOLDER / "shishou-portal-column.conf"
HTTP_PART = DEPLOY_FOLDER / "shishou-portal-http.conf"  # nginx's http context, for both
INSTALLED_SNIPPETS = "/etc/nginx/snippets/"  # where the files' installation puts the shared snippet
COLUMN_PATH = "/hqzc/"  # the column's path in deploy/shishou-portal-column.conf
PUBLISHED = "/var/www/shishou-portal"  # the published folder in both files
START_DEADLINE = 30.0  # seconds for a server to answer its first request


class ServerDidNotStart(RuntimeError):
    """A server did not answer in time or exited; the message carries its log."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def end_headers(self):
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def static_site(folder: Path, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve ``folder`` until the block ends; yields its URL (``http://127.0.0.1:<port>/``)."""
    handler_class = type("Handler", (_QuietHandler,), {"extra_headers": dict(headers or {})})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler_class, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# -- nginx ------------------------------------------------------------------------------------------

def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if not found:
        raise ServerDidNotStart("nginx is not installed: make system-test-deps (part of make test) installs "
                                "Debian's nginx")
    return found


def replaced(text: str, name: str, replacements: dict[str, tuple[str, int]]) -> str:
    """``text`` with each pattern (a regular expression) replaced, each exactly as often as given."""
    for pattern, (replacement, expected) in replacements.items():
        text, count = re.subn(pattern, replacement, text, flags=re.M)
        if count != expected:
            raise ValueError(f"{name} must have {pattern!r} {expected} time(s), has it {count}")
    return text


# The includes of the shared snippet, pointed at deploy/ instead of its installed folder.
INCLUDE_INSTALLED, INCLUDE_FROM_REPOSITORY = rf"^( +)include {INSTALLED_SNIPPETS}", rf"\1include {DEPLOY_FOLDER}/"


def site_config(port: int, root: Path) -> str:
    """deploy/nginx.conf with only the listen address, the published folder and the include's folder replaced."""
    return replaced(DEPLOY.read_text(encoding="utf-8"), "deploy/nginx.conf", {
        r"^    listen 80;$": (f"    listen 127.0.0.1:{port};", 1),
        rf"^    root {PUBLISHED};$": (f"    root {root};", 1),
        INCLUDE_INSTALLED: (INCLUDE_FROM_REPOSITORY, 1)})


def column_config(other_site: Path) -> Callable[[int, Path], str]:
    """A server on the port whose ``/`` is ``other_site`` (a different site) and whose COLUMN_PATH is the
    portal: deploy/shishou-portal-column.conf inside it, only the published folder and the include's
    folder replaced."""
    def config(port: int, root: Path) -> str:
        column = replaced(COLUMN.read_text(encoding="utf-8"), COLUMN.name, {
            rf"^    alias {PUBLISHED}/;$": (f"    alias {root}/;", 1),
            INCLUDE_INSTALLED: (INCLUDE_FROM_REPOSITORY, 1)})
        return (f"server {{\n    listen 127.0.0.1:{port};\n    server_name _;\n    root {other_site};\n"
                f"    index index.html;\n    location / {{\n        try_files $uri $uri/ =404;\n    }}\n\n"
                f"{column}}}\n")
    return config


def main_config(folder: Path) -> str:
    """The part Debian's /etc/nginx/nginx.conf plays, with every path in a temporary folder."""
    temp = "\n".join(f"    {name}_temp_path {folder}/{name};"
                     for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = ("user root root;  # the master runs as root here; workers must read the temporary folder\n"
            if os.geteuid() == 0 else "")
    return (f"{user}daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log notice;\n"
            f"events {{ worker_connections 128; }}\n"
            f"http {{\n    access_log {folder}/access.log;\n{temp}\n    include {HTTP_PART};\n"
            f"    include {folder}/site.conf;\n}}\n")


@dataclass(frozen=True)
class Nginx:
    port: int
    folder: Path
    tested: subprocess.CompletedProcess  # ``nginx -t`` of the configuration

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return self.origin + "/"

    @property
    def log(self) -> Path:
        return self.folder / "error.log"

    def log_text(self) -> str:
        parts = [self.folder / "stderr.log", self.log]
        return "\n".join(p.read_text(errors="replace") for p in parts if p.exists())


def listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def wait_until_answering(server: Nginx, process: subprocess.Popen, deadline: float) -> None:
    """Until nginx answers a request; a connection waits in the held socket's queue meanwhile."""
    stop = time.monotonic() + deadline
    while True:
        if process.poll() is not None:
            raise ServerDidNotStart(f"nginx exited with {process.returncode}:\n{server.log_text()}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=1)
            connection.request("HEAD", "/")
            connection.getresponse().read()
            connection.close()
            return
        except OSError:
            if time.monotonic() > stop:
                raise ServerDidNotStart(f"nginx did not answer within {deadline:.0f} s:\n{server.log_text()}") from None


@contextlib.contextmanager
def nginx(site: Path, folder: Path, config: Callable[[int, Path], str] = site_config,
          deadline: float = START_DEADLINE) -> Iterator[Nginx]:
    """Serve ``site`` with nginx and ``config(port, site)`` (deploy/nginx.conf) until the block ends."""
    binary = nginx_binary()
    folder.mkdir(parents=True, exist_ok=True)
    sock = listening_socket()
    try:
        port = sock.getsockname()[1]
        (folder / "site.conf").write_text(config(port, site), encoding="utf-8")
        (folder / "nginx.conf").write_text(main_config(folder), encoding="utf-8")
        command = [binary, "-p", f"{folder}/", "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")]
        tested = subprocess.run(command + ["-t"], capture_output=True, text=True, timeout=60)
        server = Nginx(port, folder, tested)
        if tested.returncode != 0:
            raise ServerDidNotStart(f"nginx -t refused the configuration:\n{tested.stderr}")
        with open(folder / "stderr.log", "wb") as stderr:
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, pass_fds=[sock.fileno()],
                                       env={**os.environ, "NGINX": f"{sock.fileno()};"})
    finally:
        sock.close()  # nginx has its own copy now (or never started)
    try:
        wait_until_answering(server, process, deadline)
        yield server
    finally:
        process.terminate()  # SIGTERM: nginx's fast shutdown, master and worker
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
