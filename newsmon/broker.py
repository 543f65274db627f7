"""A real single-node Apache Kafka (KRaft) broker on 127.0.0.1, from Maven Central jars.

Used by `newsmon kafka start|stop|status`, by the quickstart and by the test session.
The jars are resolved with Maven (deploy/kafka/pom.xml) into a cache folder keyed by version,
outside the repository. Readiness is judged by a metadata request, not by a log line.
"""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from newsmon.errors import ConfigError, NewsmonError
from newsmon.kafka_io import broker_answers
from newsmon.processes import alive, reap, terminate

log = logging.getLogger(__name__)

DEPLOY_DIR = Path(__file__).resolve().parent.parent / "deploy" / "kafka"
if not DEPLOY_DIR.is_dir():  # installed as a wheel: the files ship inside the package
    DEPLOY_DIR = Path(__file__).resolve().parent / "deploy_kafka"


class BrokerError(NewsmonError):
    """The local broker could not be fetched, started or stopped."""


def jar_dir(cache_dir: Path, version: str) -> Path:
    """Where the jars of one Kafka version live."""
    return cache_dir / f"kafka-{version}" / "libs"


def ensure_jars(cache_dir: Path, version: str) -> Path:
    """Fetch the broker jars from Maven Central once per version; returns the libs folder."""
    libs = jar_dir(cache_dir, version)
    if any(libs.glob(f"kafka_2.13-{version}.jar")):
        return libs
    if shutil.which("mvn") is None:
        raise BrokerError("Maven (mvn) is not installed; it is needed to fetch the Kafka jars")
    libs.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="libs-", dir=libs.parent))
    log.info("Fetching Apache Kafka %s jars from Maven Central into %s.", version, libs)
    cmd = [
        "mvn", "-B", "-q", "-f", str(DEPLOY_DIR / "pom.xml"),
        "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies",
        "-DincludeScope=runtime", f"-DoutputDirectory={staging}", f"-Dkafka.version={version}",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not any(staging.glob("kafka_2.13-*.jar")):
        shutil.rmtree(staging, ignore_errors=True)
        tail = (result.stdout + result.stderr).strip().splitlines()[-3:]
        raise BrokerError(f"fetching Kafka {version} with Maven failed: {' | '.join(tail)}")
    shutil.rmtree(libs, ignore_errors=True)
    staging.rename(libs)
    return libs


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    """True when something accepts connections on 127.0.0.1:port."""
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class LocalBroker:
    """One broker process whose state (config, data, log, pid file) lives in home."""

    home: Path
    cache_dir: Path
    version: str = "4.1.1"
    _proc: subprocess.Popen | None = field(default=None, init=False, repr=False)

    @property
    def pid_file(self) -> Path:
        return self.home / "kafka.pid"

    @property
    def address_file(self) -> Path:
        return self.home / "bootstrap"

    @property
    def log_file(self) -> Path:
        return self.home / "kafka.log"

    def pid(self) -> int | None:
        """The pid in the pid file if that process is alive."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        # A broker that died as our child is a zombie until reaped, and a zombie still "exists".
        if self._proc is not None and self._proc.pid == pid:
            self._proc.poll()
        else:
            reap(pid)
        return pid if alive(pid) else None

    def bootstrap(self) -> str | None:
        """The address the running broker was started on."""
        if self.pid() is None:
            return None
        try:
            return self.address_file.read_text().strip()
        except OSError:
            return None

    def start(self, *, port: int, startup_timeout_s: float = 90.0) -> str:
        """Start the broker on 127.0.0.1:port and wait until it answers; returns host:port."""
        running = self.bootstrap()
        if running:
            return running
        if port_open(port):
            raise BrokerError(
                f"port 127.0.0.1:{port} is already in use by another program; "
                f"set NEWSMON_KAFKA_BOOTSTRAP to a free address"
            )
        libs = ensure_jars(self.cache_dir, self.version)
        if shutil.which("java") is None:
            raise BrokerError("Java 17+ is not installed; it is needed to run the Kafka broker")
        properties = self.home / "server.properties"
        classpath = f"{libs}/*"
        if not self._reusable(properties, port):
            self._format(properties, port, classpath)
        else:
            log.info("Reusing the broker data in %s.", self.home / "data")
        with open(self.log_file, "ab") as out:
            proc = subprocess.Popen(
                ["java", "-Xms128m", "-Xmx512m", "-XX:+UseG1GC",
                 f"-Dlog4j2.configurationFile={DEPLOY_DIR / 'log4j2.properties'}",
                 "-cp", classpath, "kafka.Kafka", str(properties)],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self._proc = proc  # kept so the child is waited for, not left as a zombie
        self.pid_file.write_text(f"{proc.pid}\n")
        address = f"127.0.0.1:{port}"
        self.address_file.write_text(address + "\n")
        deadline = time.monotonic() + startup_timeout_s
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise BrokerError(f"the broker exited with code {proc.returncode}; see {self.log_file}")
            if port_open(port) and broker_answers(address, timeout_s=3.0):
                log.info("Kafka %s is up at %s (pid %d).", self.version, address, proc.pid)
                return address
            time.sleep(0.5)
        self.stop()
        raise BrokerError(f"the broker did not answer within {startup_timeout_s:.0f} s; see {self.log_file}")

    def _reusable(self, properties: Path, port: int) -> bool:
        """True when the data folder is formatted for this port: keep topics across stop/start."""
        meta = self.home / "data" / "kraft-combined-logs" / "meta.properties"
        return meta.is_file() and properties.is_file() and f"PLAINTEXT://127.0.0.1:{port}\n" in properties.read_text()

    def _format(self, properties: Path, port: int, classpath: str) -> None:
        """Write server.properties and format a fresh data folder."""
        data = self.home / "data"
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir(parents=True)
        template = (DEPLOY_DIR / "server.properties.in").read_text()
        properties.write_text(
            template.format(port=port, controller_port=free_port(), log_dir=data / "kraft-combined-logs")
        )
        fmt = subprocess.run(
            ["java", "-cp", classpath, "kafka.tools.StorageTool", "format",
             "-t", _cluster_id(), "-c", str(properties)],
            capture_output=True, text=True, check=False,
        )
        if fmt.returncode != 0:
            raise BrokerError(f"formatting the broker storage failed: {fmt.stderr.strip()[-300:]}")

    def stop(self, *, timeout_s: float = 30.0) -> bool:
        """Stop the broker whose pid is in the pid file (and only it); True if one was running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        if self._proc is not None and self._proc.pid == pid:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        else:
            terminate(pid, grace_s=timeout_s)
        self._proc = None
        self.pid_file.unlink(missing_ok=True)
        return True


def _cluster_id() -> str:
    """A Kafka cluster id: 16 random bytes, URL-safe base64 without padding, never starting with "-" (the storage
    tool would read "-t -Abc..." as a missing value: 1 fresh data dir in 64 failed so)."""
    import base64

    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


def port_of(bootstrap: str) -> int:
    """The port of a host:port bootstrap address that must be on 127.0.0.1."""
    host, _, port = bootstrap.rpartition(":")
    if host not in ("127.0.0.1", "localhost") or not port.isdigit():
        raise ConfigError(
            f"setting kafka_bootstrap (NEWSMON_KAFKA_BOOTSTRAP)={bootstrap}: "
            f"the local broker runs on 127.0.0.1:PORT"
        )
    return int(port)
