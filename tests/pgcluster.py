"""A private throw-away PostgreSQL cluster (initdb, pg_ctl) on a free port; never the shared one."""

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path


def _bin_dir() -> Path:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    if not candidates:
        raise RuntimeError("PostgreSQL server binaries not found under /usr/lib/postgresql")
    return Path(candidates[-1])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


class PrivateCluster:
    """initdb a cluster in a temporary folder; start and stop it at will."""

    def __init__(self) -> None:
        self.bin = _bin_dir()
        # initdb refuses to run as root: the cluster then belongs to the postgres user.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.root = Path(tempfile.mkdtemp(prefix="policyapi-pgfault-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port = _free_port()
        if self.as_user:
            shutil.chown(self.root, user="postgres", group="postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / tool), *args],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self, **settings: str) -> None:
        """Start the cluster, with server `settings` (e.g. log_connections="on") if given."""
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.root} -c fsync=off"
        )
        options += "".join(f" -c {name}={value}" for name, value in settings.items())
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self) -> None:
        # "fast": connections are closed at once, as when the database is restarted for real.
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def _processes(self) -> list[int]:
        """The postmaster and its children (backends, background workers)."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:  # the process ended meanwhile
                continue
            if int(fields[1]) == postmaster:
                children.append(int(stat.parent.name))
        return [postmaster, *children]

    def freeze(self) -> None:
        """SIGSTOP every process of the cluster: it neither answers nor refuses (a partition)."""
        for pid in self._processes():
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in self._processes():
            os.kill(pid, signal.SIGCONT)

    def is_running(self) -> bool:
        status = subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "status"],
            capture_output=True,
            timeout=30,
        )
        return status.returncode == 0

    def destroy(self) -> None:
        if self.is_running():
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
