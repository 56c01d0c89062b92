"""A throwaway Virtuoso open source server for the tests and the benchmarks.

    server = VirtuosoServer.start(tmp_dir)   # RuntimeError (with the reason) when it cannot
    server.query_url, server.update_url, server.user, server.password
    server.stop()

The server runs `virtuoso-t +foreground` from a config file written into `tmp_dir` (database,
logs and temporary files all live there), with its SQL and HTTP ports bound to 127.0.0.1 on free
ports. Once it answers, the `dba` password is changed to a random one (nobody else on the machine
can use the well-known default meanwhile), and writes go through the digest-authenticated
`/sparql-auth` endpoint as `dba`, so the tests exercise the separate update URL and credentials.
Anonymous reads use `/sparql`. `stop()` shuts the server down and removes nothing: the caller
owns the directory.

`python -m tests.virtuoso DIR` starts one and prints its URLs, for trying things by hand.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO = "virtuoso-t"
ISQL = ("isql-vt", "isql")
INSTALL_HINT = ("install Debian's virtuoso-opensource (`make virtuoso`, or "
                "apt-get install --no-install-recommends virtuoso-opensource)")

CONFIG = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{sql_port}
LiteMode                 = 0
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 20
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
CheckpointAuditTrail     = 0
AllowOSCalls             = 0
SchedulerInterval        = 10
DirsAllowed              = ., {dir}, {load_dirs}
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
SingleCPU                = 0
PrefixResultNames        = 0
RdfFreeTextRulesSize     = 100
IndexTreeMaps            = 64
MaxMemPoolSize           = 200000000
MaxQueryMem              = 1G
VectorSize               = 1000
MaxVectorSize            = 1000000
AdjustVectorSize         = 0
ThreadsPerQuery          = 2
AsyncQueueMaxThreads     = 10
NumberOfBuffers          = {buffers}
MaxDirtyBuffers          = {dirty_buffers}

[HTTPServer]
ServerPort                  = 127.0.0.1:{http_port}
ServerRoot                  = {dir}/vsp
MaxClientConnections        = 20
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
ServerThreads               = 20
MaxKeepAlives               = 20
KeepAliveTimeout            = 10
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledGzipContent          = 0

[AutoRepair]
BadParentLinks = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[Replication]
ServerName   = db
ServerEnable = 0

[SPARQL]
ResultSetMaxRows           = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 120
DefaultQuery               = select distinct ?Concept where {{[] a ?Concept}} LIMIT 100
DeferInferenceRulesInit    = 0
"""


def find_executable() -> str | None:
    return shutil.which(VIRTUOSO)


def find_isql() -> str | None:
    for name in ISQL:
        path = shutil.which(name)
        if path and name == "isql" and not _is_virtuoso_isql(path):
            continue  # unixODBC's isql has the same name and another syntax
        if path:
            return path
    return None


def _is_virtuoso_isql(path: str) -> bool:
    try:
        out = subprocess.run([path, "-?"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "OpenLink" in out.stdout + out.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class VirtuosoServer:
    directory: Path
    http_port: int
    sql_port: int
    password: str
    process: subprocess.Popen
    user: str = "dba"

    # --- starting and stopping -----------------------------------------------------------------

    @classmethod
    def start(cls, directory: str | Path, *, timeout: float = 90.0, max_rows: int = 10_000,
              buffers: int = 170_000, load_dirs: tuple[str, ...] = ()) -> VirtuosoServer:
        """Start a server on a fresh database in `directory`; RuntimeError says why it could not.

        `max_rows` is the endpoint's ResultSetMaxRows (Virtuoso's default, 10,000, unless asked):
        the store must cope with an endpoint that cuts results. `buffers` are 8 KB pages of cache
        (170,000 = 1.3 GB, Virtuoso's advice for 2 GB of free memory). `load_dirs` are the
        directories the bulk loader may read (DirsAllowed).
        """
        exe = find_executable()
        if exe is None:
            raise RuntimeError(f"{VIRTUOSO} is not on PATH; {INSTALL_HINT}")
        if find_isql() is None:
            raise RuntimeError(f"isql-vt is not on PATH; {INSTALL_HINT}")
        directory = Path(directory).resolve()
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "vsp").mkdir(exist_ok=True)
        http_port, sql_port = free_port(), free_port()
        while sql_port == http_port:
            sql_port = free_port()
        config = directory / "virtuoso.ini"
        config.write_text(CONFIG.format(
            dir=directory, sql_port=sql_port, http_port=http_port, max_rows=max_rows,
            buffers=buffers, dirty_buffers=buffers * 3 // 4,
            load_dirs=", ".join(str(Path(d).resolve()) for d in load_dirs) or str(directory)))
        log = open(directory / "stdout.log", "wb")
        try:
            process = subprocess.Popen([exe, "+configfile", str(config), "+foreground"], cwd=directory,
                                       stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       start_new_session=True)
        except OSError as exc:
            raise RuntimeError(f"cannot run {exe}: {exc}") from None
        finally:
            log.close()
        server = cls(directory, http_port, sql_port, "dba", process)
        try:
            server._wait_ready(timeout)
            password = "k" + secrets.token_hex(12)  # SET PASSWORD <old> <new>: a name, not a number
            server.isql(f"set password dba {password};")
            server.password = password
            # Anonymous /sparql stays read-only; writes need /sparql-auth and the password.
        except BaseException:
            server.stop()
            raise
        return server

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        url = f"{self.base_url}/sparql?query=ASK%7B%7D"
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with status {self.process.returncode}: {self._log_tail()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except urllib.error.HTTPError as exc:
                last = f"HTTP {exc.code}"
            except OSError as exc:
                last = str(exc)
            time.sleep(0.25)
        raise RuntimeError(f"Virtuoso did not answer on port {self.http_port} within {timeout:g} s "
                           f"({last}): {self._log_tail()}")

    def _log_tail(self) -> str:
        lines = []
        for name in ("virtuoso.log", "stdout.log"):
            try:
                lines += (self.directory / name).read_text(errors="replace").strip().splitlines()[-3:]
            except OSError:
                pass
        return " | ".join(lines) or "no log"

    def stop(self, timeout: float = 30.0) -> None:
        if self.process.poll() is not None:
            return
        try:
            self.isql("shutdown;", timeout=timeout)
        except RuntimeError:
            pass
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    # --- using it ------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/sparql"

    @property
    def update_url(self) -> str:
        return f"{self.base_url}/sparql-auth"

    def store_env(self) -> dict[str, str]:
        """The environment variables that point kg's remote store at this server."""
        return {"KG_SPARQL_UPDATE_URL": self.update_url, "KG_SPARQL_USER": self.user,
                "KG_SPARQL_PASSWORD": self.password}

    def isql(self, sql: str, *, timeout: float = 600.0) -> str:
        """Run SQL through isql-vt as dba; RuntimeError with Virtuoso's message when it fails."""
        exe = find_isql()
        if exe is None:
            raise RuntimeError(f"isql-vt is not on PATH; {INSTALL_HINT}")
        try:
            out = subprocess.run([exe, f"127.0.0.1:{self.sql_port}", self.user, self.password],
                                 input=sql + "\n", capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"isql timed out after {timeout:g} s") from None
        text = out.stdout + out.stderr
        if out.returncode != 0 or "*** Error" in text:
            error = next((line for line in text.splitlines() if "Error" in line), text.strip()[-300:])
            raise RuntimeError(f"isql failed: {error}")
        return text

    def bulk_load(self, directory: str | Path, pattern: str, graph: str = "urn:lore-kg:unused") -> None:
        """Virtuoso's bulk loader over the files matching `pattern` in `directory` (which must be
        among `load_dirs`); N-Quads keep their own graphs, `graph` is for triple formats."""
        self.isql(f"ld_dir('{Path(directory).resolve()}', '{pattern}', '{graph}');\n"
                  "rdf_loader_run();\ncheckpoint;")

    def disk_bytes(self) -> int:
        """Bytes allocated by the database files (after a checkpoint)."""
        total = 0
        for path in self.directory.iterdir():
            if path.name.startswith("virtuoso") and path.suffix in (".db", ".trx"):
                total += path.stat().st_blocks * 512
        return total


def main(argv: list[str]) -> int:  # pragma: no cover - a manual helper
    directory = argv[1] if len(argv) > 1 else "var/virtuoso"
    server = VirtuosoServer.start(directory)
    print(f"query  {server.query_url}\nupdate {server.update_url}\nuser   {server.user}\n"
          f"password {server.password}\nsql    127.0.0.1:{server.sql_port}\npid    {server.process.pid}")
    try:
        server.process.wait()
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv))
