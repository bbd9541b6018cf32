"""Two real Syncthing instances on 127.0.0.1, for the real-sync integration test.

``SyncthingPair`` starts two ``syncthing serve`` processes with their own homes
under a temporary folder, isolated from every network but loopback (written
into ``config.xml`` before the first start, so no listener ever opens on
another interface), pairs them over the REST API and shares one folder: the
learner's data folder on each side. A test can take one side offline
(``pause``/``resume``), ask for a scan, and wait until both sides hold the same
files (``wait_in_sync``). Every wait is bounded; every process is stopped by
its PID, also when the test fails.

Use it through the ``syncthing_pair`` fixture and mark the test with
``@pytest.mark.syncthing``. Without the ``syncthing`` binary the test is
skipped locally, but fails when ``CI`` is set: CI must run it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

FOLDER_ID = "growthcourse-data"
START_TIMEOUT = 30.0
SYNC_TIMEOUT = 40.0

# Options written into config.xml before the first start: loopback only, no
# discovery, relays, NAT, usage or crash reporting, upgrades or browser; quick
# reconnection after a resume.
ISOLATION_OPTIONS = {
    "globalAnnounceEnabled": "false",
    "localAnnounceEnabled": "false",
    "relaysEnabled": "false",
    "natEnabled": "false",
    "urAccepted": "-1",
    "crashReportingEnabled": "false",
    "autoUpgradeIntervalH": "0",
    "startBrowser": "false",
    "announceLANAddresses": "false",
    "reconnectionIntervalS": "1",
    "setLowPriority": "false",
}

# Files Syncthing keeps for itself in a shared folder; never part of the data.
_SYNCTHING_OWN = (".stfolder", ".stversions", ".stignore")


def require_syncthing() -> str:
    """The path of the syncthing binary; skip (locally) or fail (in CI) without it."""
    binary = shutil.which("syncthing")
    if binary is None:
        message = (
            "the real-sync test needs Debian's syncthing binary on PATH "
            "(apt-get install syncthing; .ci/run installs it)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {message}", pytrace=False)
        pytest.skip(message)
    return binary


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(
    condition: Callable[[], bool], *, timeout: float, what: str, interval: float = 0.1
) -> None:
    """Poll ``condition`` until it holds; fail the test naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return
        if time.monotonic() >= deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}", pytrace=False)
        time.sleep(interval)


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every data file in ``folder`` (Syncthing's own files left out)."""
    digest: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] in _SYNCTHING_OWN or path.name.startswith((".syncthing.", "~syncthing~")):
            continue
        if path.is_file():
            digest[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest


@dataclass
class SyncthingNode:
    """One Syncthing instance: its home, the folder it shares, its ports and process."""

    name: str
    home: Path
    folder: Path
    gui_port: int
    sync_port: int
    log: Path
    api_key: str = ""
    device_id: str = ""
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def listen_address(self) -> str:
        return f"tcp://127.0.0.1:{self.sync_port}"

    def api(self, method: str, path: str, body: Any = None, *, timeout: float = 10.0) -> Any:
        """Call the REST API; the decoded JSON answer (None for an empty one)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}", data=data, method=method
        )
        request.add_header("X-API-Key", self.api_key)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
        return json.loads(payload) if payload.strip() else None

    def responds(self) -> bool:
        try:
            return self.api("GET", "/rest/system/ping", timeout=2).get("ping") == "pong"
        except (OSError, urllib.error.URLError, ValueError):
            return False

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


class SyncthingPair:
    """Two paired Syncthing instances sharing ``FOLDER_ID``: ``a.folder`` <-> ``b.folder``."""

    def __init__(self, base: Path, folder_a: Path, folder_b: Path) -> None:
        self.binary = require_syncthing()
        self.base = base
        self.a = self._node("a", folder_a)
        self.b = self._node("b", folder_b)
        self._env = dict(
            os.environ, STNOUPGRADE="1", STNORESTART="1", STNODEFAULTFOLDER="1", STNOUPGRADECHECK="1"
        )
        self._env.pop("STHOMEDIR", None)

    @property
    def nodes(self) -> tuple[SyncthingNode, SyncthingNode]:
        return (self.a, self.b)

    def _node(self, name: str, folder: Path) -> SyncthingNode:
        home = self.base / f"syncthing-{name}"
        return SyncthingNode(
            name=name,
            home=home,
            folder=folder,
            gui_port=_free_port(),
            sync_port=_free_port(),
            log=self.base / f"syncthing-{name}.log",
        )

    # -- life cycle ---------------------------------------------------------

    def start(self) -> None:
        """Generate, isolate, start and pair both instances; returns once they are connected."""
        for node in self.nodes:
            node.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._generate(node)
        for node in self.nodes:
            node.process = subprocess.Popen(
                [
                    self.binary, "serve", "--home", str(node.home), "--no-browser",
                    "--no-restart", "--no-upgrade", "--no-default-folder",
                    f"--gui-address=http://127.0.0.1:{node.gui_port}",
                    f"--logfile={node.log}", "--logflags=3",
                ],
                env=self._env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        for node in self.nodes:
            wait_until(
                lambda node=node: self._alive(node) and node.responds(),
                timeout=START_TIMEOUT,
                what=f"syncthing {node.name} to answer on 127.0.0.1:{node.gui_port}\n{node.log_tail()}",
                interval=0.2,
            )
        for node in self.nodes:
            self._assert_isolated(node)
        self._pair()
        self.wait_connected()

    def stop(self) -> None:
        """Stop both processes by PID: terminate, then kill after 10 s."""
        for node in self.nodes:
            if node.process is not None and node.process.poll() is None:
                node.process.terminate()
        for node in self.nodes:
            if node.process is None:
                continue
            try:
                node.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                node.process.kill()
                node.process.wait(timeout=10)

    def _alive(self, node: SyncthingNode) -> bool:
        if node.process is not None and node.process.poll() is not None:
            pytest.fail(
                f"syncthing {node.name} exited with {node.process.returncode}\n{node.log_tail()}",
                pytrace=False,
            )
        return True

    def _assert_isolated(self, node: SyncthingNode) -> None:
        """Listening on our loopback address only, with no discovery running."""
        status = node.api("GET", "/rest/system/status")
        listeners = sorted(status.get("connectionServiceStatus", {}))
        assert listeners == [node.listen_address], f"syncthing {node.name} listens on {listeners}"
        assert not status.get("discoveryEnabled"), f"syncthing {node.name} has discovery on"
        assert not status.get("discoveryStatus"), f"syncthing {node.name} runs discovery: {status['discoveryStatus']}"

    def _generate(self, node: SyncthingNode) -> None:
        subprocess.run(
            [self.binary, "generate", "--home", str(node.home), "--no-default-folder",
             "--skip-port-probing"],
            env=self._env, check=True, capture_output=True, timeout=60,
        )
        config_path = node.home / "config.xml"
        tree = ET.parse(config_path)
        root = tree.getroot()
        options = root.find("options")
        assert options is not None, f"no <options> in {config_path}"
        for element in options.findall("listenAddress"):
            options.remove(element)
        ET.SubElement(options, "listenAddress").text = node.listen_address
        for key, value in ISOLATION_OPTIONS.items():
            element = options.find(key)
            if element is None:
                element = ET.SubElement(options, key)
            element.text = value
        gui = root.find("gui")
        assert gui is not None, f"no <gui> in {config_path}"
        gui.set("tls", "false")
        address = gui.find("address")
        assert address is not None
        address.text = f"127.0.0.1:{node.gui_port}"
        api_key = gui.find("apikey")
        assert api_key is not None and api_key.text
        node.api_key = api_key.text
        tree.write(config_path)
        device = root.find("device")
        assert device is not None
        node.device_id = device.get("id", "")

    def _pair(self) -> None:
        for node, peer in ((self.a, self.b), (self.b, self.a)):
            node.api(
                "POST",
                "/rest/config/devices",
                {"deviceID": peer.device_id, "name": f"node-{peer.name}",
                 "addresses": [peer.listen_address]},
            )
            node.api(
                "POST",
                "/rest/config/folders",
                {
                    "id": FOLDER_ID,
                    "label": FOLDER_ID,
                    "path": str(node.folder),
                    "type": "sendreceive",
                    "rescanIntervalS": 60,
                    "fsWatcherEnabled": True,
                    "fsWatcherDelayS": 1,
                    "maxConflicts": -1,
                    "devices": [{"deviceID": self.a.device_id}, {"deviceID": self.b.device_id}],
                },
            )

    # -- controls ----------------------------------------------------------

    def connected(self) -> bool:
        for node, peer in ((self.a, self.b), (self.b, self.a)):
            connections = node.api("GET", "/rest/system/connections")["connections"]
            if not connections.get(peer.device_id, {}).get("connected"):
                return False
        return True

    def wait_connected(self, timeout: float = START_TIMEOUT) -> None:
        wait_until(self.connected, timeout=timeout, what="the two syncthing instances to connect")

    def pause(self) -> None:
        """Take the two sides offline from each other (each pauses the other device)."""
        for node, peer in ((self.a, self.b), (self.b, self.a)):
            node.api("POST", f"/rest/system/pause?device={peer.device_id}")
        wait_until(lambda: not self._any_connected(), timeout=10, what="the pause to disconnect")

    def resume(self) -> None:
        """Bring the two sides back online; returns once they are connected again."""
        for node, peer in ((self.a, self.b), (self.b, self.a)):
            node.api("POST", f"/rest/system/resume?device={peer.device_id}")
        self.wait_connected()

    def _any_connected(self) -> bool:
        for node, peer in ((self.a, self.b), (self.b, self.a)):
            connections = node.api("GET", "/rest/system/connections")["connections"]
            if connections.get(peer.device_id, {}).get("connected"):
                return True
        return False

    def scan(self, node: SyncthingNode | None = None) -> None:
        """Ask one side (default: both) to rescan the shared folder now."""
        for each in (node,) if node is not None else self.nodes:
            each.api("POST", f"/rest/db/scan?folder={FOLDER_ID}")

    def _settled(self) -> bool:
        for node, peer in ((self.a, self.b), (self.b, self.a)):
            status = node.api("GET", f"/rest/db/status?folder={FOLDER_ID}")
            if status.get("state") != "idle" or status.get("needTotalItems", 1) != 0:
                return False
            completion = node.api(
                "GET", f"/rest/db/completion?folder={FOLDER_ID}&device={peer.device_id}"
            )
            if completion.get("completion") != 100 or completion.get("needItems", 1) != 0:
                return False
        return tree_digest(self.a.folder) == tree_digest(self.b.folder)

    def wait_in_sync(self, timeout: float = SYNC_TIMEOUT) -> None:
        """Scan both sides, then wait until both are idle, complete and hold identical files.

        The state must hold on two checks half a second apart, so a change
        still travelling (watcher delay) is not mistaken for convergence.
        """
        self.scan()
        streak = 0

        def stable() -> bool:
            nonlocal streak
            streak = streak + 1 if self._settled() else 0
            return streak >= 2

        try:
            wait_until(stable, timeout=timeout, what="both data folders to be in sync", interval=0.5)
        except BaseException:
            print("files on a:", sorted(tree_digest(self.a.folder)))
            print("files on b:", sorted(tree_digest(self.b.folder)))
            for node in self.nodes:
                print(f"--- syncthing {node.name} log ---\n{node.log_tail()}")
            raise


@pytest.fixture
def syncthing_pair(tmp_path: Path) -> Iterator[SyncthingPair]:
    """Two connected Syncthing instances sharing ``tmp_path/a/data`` and ``tmp_path/b/data``."""
    pair = SyncthingPair(tmp_path, tmp_path / "a" / "data", tmp_path / "b" / "data")
    try:
        pair.start()
        yield pair
    finally:
        pair.stop()
