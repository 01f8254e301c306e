"""When the build may use other processes: never when PORTAL_SERIAL=1 (to compare or debug), and
forking only from a process that runs no other thread (a command-line build, not ``mkdocs serve``)."""

from __future__ import annotations

import multiprocessing
import os
import threading


def parallel_allowed() -> bool:
    return os.environ.get("PORTAL_SERIAL", "") not in ("1", "true", "yes")


def fork_is_safe() -> bool:
    """Forking copies only the calling thread: safe in a process that runs no other thread."""
    return ("fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
            and threading.current_thread() is threading.main_thread() and parallel_allowed())
