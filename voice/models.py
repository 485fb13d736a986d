"""Getting the official Mandarin vosk model onto a deployment, checked byte for byte.

    python -m voice.models verify ../shared/models/vosk-model-small-cn-0.22.zip
    python -m voice.models fetch  --dest ../shared/models      # needs internet; tests never call it
"""
from __future__ import annotations

import argparse
import hashlib
import urllib.request
import zipfile
from pathlib import Path

VOSK_CN_URL = "https://alphacephei.com/vosk/models/vosk-model-small-cn-0.22.zip"
VOSK_CN_SIZE = 43_898_754
VOSK_CN_SHA256 = "3af8b0e7e0f835ae9d414ce5df580237a3cfb08d586c9fbbb0f7ff29ad5b14ba"


def verify(path: Path, size: int = VOSK_CN_SIZE, sha256: str = VOSK_CN_SHA256) -> None:
    actual = path.stat().st_size
    if actual != size:
        raise ValueError(f"{path}: {actual} bytes, expected {size}")
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != sha256:
        raise ValueError(f"{path}: sha256 {digest.hexdigest()}, expected {sha256}")


def install(archive: Path, dest: Path) -> Path:
    verify(archive)
    with zipfile.ZipFile(archive) as z:
        z.extractall(dest)
    return dest / "vosk-model-small-cn-0.22"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="official Mandarin vosk model: fetch / verify / install")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("verify").add_argument("archive", type=Path)
    inst = sub.add_parser("install")
    inst.add_argument("archive", type=Path)
    inst.add_argument("--dest", type=Path, default=Path("../shared/models"))
    fetch = sub.add_parser("fetch")
    fetch.add_argument("--dest", type=Path, default=Path("../shared/models"))
    args = parser.parse_args(argv)
    if args.command == "verify":
        verify(args.archive)
        print("ok", args.archive)
    elif args.command == "install":
        print("installed", install(args.archive, args.dest))
    else:
        archive = args.dest / "vosk-model-small-cn-0.22.zip"
        args.dest.mkdir(parents=True, exist_ok=True)
        urllib.request.urlretrieve(VOSK_CN_URL, archive)
        print("installed", install(archive, args.dest))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
