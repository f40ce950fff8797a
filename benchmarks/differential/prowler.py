"""Prowler in a virtualenv of its own: install it, run it against an endpoint, read its findings.

Prowler pins its own boto3, pydantic and many more, so it never shares seccheck's environment.
It talks to the sandbox through the standard `AWS_ENDPOINT_URL` variable that botocore honours
for every client, so Prowler itself is not patched in any way.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from compare import Row

HERE = Path(__file__).resolve().parent
VENV = Path(os.environ.get("PROWLER_VENV", HERE / ".venv-prowler"))
VERSION = os.environ.get("PROWLER_VERSION", "5.46.0")


def executable() -> Path:
    return VENV / "bin" / "prowler"


def install() -> Path:
    """Create the virtualenv and install the pinned Prowler once (a few minutes the first time)."""
    if executable().exists():
        return executable()
    print(f"installing prowler {VERSION} into {VENV} ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, f"prowler=={VERSION}"], check=True)
    return executable()


def run(
    env: dict[str, str],
    regions: list[str],
    out_dir: Path,
    name: str,
    checks: list[str] | None = None,
    timeout: float = 3600,
) -> tuple[Path, float]:
    """Run Prowler on the sandbox's regions (all its checks, or only `checks`); OCSF JSON out.

    `--scan-unused-services` makes Prowler judge every resource, as seccheck does: by default it
    skips unused security groups, VPCs and network ACLs, which would show up as resources only
    one tool looked at. Raises subprocess.TimeoutExpired after `timeout` seconds (Prowler is
    killed).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = [
        str(executable()),
        "aws",
        "--output-formats",
        "json-ocsf",
        "--output-directory",
        str(out_dir),
        "--output-filename",
        name,
        "--no-banner",
        "--ignore-exit-code-3",
        "--scan-unused-services",
        "--filter-region",
        *regions,
    ]
    if checks:
        cmd += ["--checks", *checks]
    path = out_dir / f"{name}.ocsf.json"
    path.unlink(missing_ok=True)  # Prowler appends to an existing file
    started = time.perf_counter()
    proc = subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    elapsed = time.perf_counter() - started
    # Prowler also writes a CSV per compliance framework (about 40; ~12 GiB at N=100), unread.
    for unread in (out_dir / "compliance").glob(f"{name}_*"):
        unread.unlink()
    if proc.returncode not in (0, 3) or not path.exists():
        tail = (proc.stderr or proc.stdout)[-3000:]
        raise RuntimeError(f"prowler failed (exit {proc.returncode}):\n{tail}")
    return path, elapsed


def rows(path: Path) -> list[Row]:
    """Prowler's OCSF detection findings as comparison rows."""
    out = []
    for finding in json.loads(path.read_text() or "[]"):
        meta = finding.get("metadata", {})
        check = meta.get("event_code") or finding.get("finding_info", {}).get("uid", "")
        cloud = finding.get("cloud", {})
        account = str(cloud.get("account", {}).get("uid", ""))
        for res in finding.get("resources") or [{}]:
            out.append(
                Row(
                    check=str(check),
                    account=account,
                    region=str(res.get("region") or cloud.get("region") or ""),
                    resource=str(res.get("uid") or res.get("name") or ""),
                    status=str(finding.get("status_code", "")).upper(),
                )
            )
    return out
