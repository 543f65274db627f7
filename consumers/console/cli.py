"""`newsmon console`: serve the desk console in the foreground, or start and stop it in the background."""

from __future__ import annotations

import argparse
import errno
import subprocess
import sys
import time
from pathlib import Path

from newsmon import exitcodes
from newsmon.errors import ConfigError
from newsmon.processes import alive, terminate
from newsmon.settings import Settings

STOP_GRACE_S = 10.0  # seconds `console stop` waits after SIGTERM before SIGKILL


def register(sub: argparse._SubParsersAction) -> None:
    console = sub.add_parser("console", help="the desk console: stories, evidence, search, health, in the browser")
    console.add_argument("action", nargs="?", choices=("serve", "start", "stop", "status"), default="serve",
                         help="serve in the foreground (default); start or stop it in the background; status")
    console.add_argument("--host", help="address to bind (default: NEWSMON_CONSOLE_HOST, 127.0.0.1)")
    console.add_argument("--port", type=int, help="port (default: NEWSMON_CONSOLE_PORT, 8470; 0 picks a free one)")
    console.add_argument("--timeout", type=float, help="stop serving after this many seconds")
    console.add_argument("--wait", type=float, default=180.0, help="start: seconds to wait until it has caught up")
    console.set_defaults(handler=run_console)


def run_console(args: argparse.Namespace, settings: Settings) -> int:
    return {"serve": _serve, "start": _start, "stop": _stop, "status": _status}[args.action](args, settings)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from consumers.console.service import Console

    try:
        console = Console(settings, host=args.host, port=args.port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(f"setting console_port (NEWSMON_CONSOLE_PORT): port {args.port or settings.console_port}"
                              f" is in use; choose another with --port") from None
        raise
    console.start()
    print(f"console: serving {console.address}", flush=True)
    ended = console.run(timeout_s=args.timeout)
    print(f"console: stopped ({ended})")
    return exitcodes.OK


def _pid_file(settings: Settings):
    return settings.state_dir / "console.pid"


def _running(settings: Settings) -> tuple[int, str] | None:
    """The pid and address in the pid file, if that pid is alive and is a console (not a reused pid)."""
    try:
        pid_text, address = _pid_file(settings).read_text().split(maxsplit=1)
        pid = int(pid_text)
    except (OSError, ValueError):
        return None
    return (pid, address.strip()) if alive(pid) and _is_console(pid) else None


def _is_console(pid: int) -> bool:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return True  # no /proc to ask: trust the pid file
    return b"console" in argv and b"serve" in argv


def _start(args: argparse.Namespace, settings: Settings) -> int:
    import httpx

    running = _running(settings)
    if running:
        print(f"console: already running (pid {running[0]}) at {running[1]}")
        return exitcodes.OK
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    log_path = settings.state_dir / "console.log"
    argv = [sys.executable, "-m", "newsmon.cli", "console", "serve"]
    argv += ["--host", args.host] if args.host else []
    argv += ["--port", str(args.port)] if args.port is not None else []
    with open(log_path, "ab") as log_file:
        since = log_file.tell()  # this run's lines only: an earlier run's address may be in the log
        child = subprocess.Popen(argv, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 start_new_session=True)
    deadline = time.monotonic() + args.wait
    address = None
    while time.monotonic() < deadline and child.poll() is None:
        address = address or _address_in(log_path, since)
        if address:
            try:
                if httpx.get(f"{address}readyz", timeout=2.0).status_code == 200:
                    _pid_file(settings).write_text(f"{child.pid} {address}\n")
                    print(f"console: {address} (pid {child.pid}; log {log_path}; stop it with: newsmon console stop)")
                    return exitcodes.OK
            except httpx.HTTPError:
                pass
        time.sleep(0.5)
    if child.poll() is None:
        _pid_file(settings).write_text(f"{child.pid} {address or '?'}\n")
        print(f"console: started (pid {child.pid}) at {address or '?'} but still catching up after {args.wait:.0f} s; "
              f"see {log_path}", file=sys.stderr)
        return exitcodes.OK
    tail = log_path.read_text(errors="replace").strip().splitlines()[-1:] or ["no output"]
    print(f"console: did not start (exit {child.returncode}): {tail[0]}", file=sys.stderr)
    return child.returncode or exitcodes.UNAVAILABLE


def _address_in(log_path, since: int) -> str | None:
    with open(log_path, "rb") as handle:
        handle.seek(since)
        for line in handle.read().decode("utf-8", "replace").splitlines():
            if line.startswith("console: serving "):
                return line.split()[-1]
    return None


def _stop(args: argparse.Namespace, settings: Settings) -> int:
    running = _running(settings)
    if running is None:
        print("console: not running")
        _pid_file(settings).unlink(missing_ok=True)
        return exitcodes.OK
    pid = running[0]
    how = "stopped"
    if terminate(pid, grace_s=STOP_GRACE_S):  # the store is transactional: a kill loses nothing it committed
        how = f"killed after {STOP_GRACE_S:.0f} s without stopping"
    _pid_file(settings).unlink(missing_ok=True)
    print(f"console: {how} (pid {pid})")
    return exitcodes.OK


def _status(args: argparse.Namespace, settings: Settings) -> int:
    running = _running(settings)
    print(f"console: running (pid {running[0]}) at {running[1]}" if running else "console: not running")
    return exitcodes.OK if running else exitcodes.INPUT_SKIPPED
