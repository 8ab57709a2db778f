"""Cut a worker process off from the network and bound its memory.

The guard (:mod:`bwgraph.sparql_guard`) is the first line: no ``SERVICE`` reaches the engine. This
is the second, for the day the first has a gap: the processes that evaluate client queries live
in a network namespace of their own, with no interface but a loopback that is down, so pyoxigraph
cannot open a connection to anything — not the internet, not the intranet, not this machine's
loopback. Linux only: ``unshare(CLONE_NEWNET)`` (as root, or inside a new user namespace where
unprivileged user namespaces are allowed).

Memory is bounded per worker with ``RLIMIT_AS``: a query that builds a huge intermediate result
fails its own worker (which is replaced) instead of taking the machine.
"""

from __future__ import annotations

import ctypes
import errno
import os
import resource
import socket
import sys

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


class IsolationUnavailable(RuntimeError):
    """The platform offers no way to take the network away from a process."""


def _unshare(flags: int) -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(ctypes.c_int(flags)) == 0:
        return 0
    return ctypes.get_errno()


def network_is_unreachable() -> bool:
    """Probe: a TCP connection to this machine's loopback fails at once (no route)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.settimeout(1.0)
    try:
        probe.connect(("127.0.0.1", 9))
    except OSError as exc:
        return exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL)
    finally:
        probe.close()
    return False


def isolate_network() -> str:
    """Move this (single-threaded, freshly spawned) process into an empty network namespace.

    Returns how (``"netns"`` or ``"userns+netns"``); raises :class:`IsolationUnavailable` with
    the reason when neither works, and when the probe afterwards can still connect.
    """
    if not sys.platform.startswith("linux"):
        raise IsolationUnavailable(f"network namespaces need Linux, not {sys.platform}")
    how = "netns"
    err = _unshare(CLONE_NEWNET)
    if err:
        how = "userns+netns"
        err2 = _unshare(CLONE_NEWUSER | CLONE_NEWNET)
        if err2:
            raise IsolationUnavailable(
                f"unshare(CLONE_NEWNET) failed ({os.strerror(err)}) and so did it inside a new "
                f"user namespace ({os.strerror(err2)})")
    if not network_is_unreachable():
        raise IsolationUnavailable("a connection to 127.0.0.1 still works after unshare")
    return how


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space (``RLIMIT_AS``) at ``megabytes``; 0 leaves it alone."""
    if megabytes <= 0:
        return
    limit = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
