"""Datasette settings: where the metadata, templates and plugins of the project live."""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def datasette_dir() -> Path:
    return Path(str(resources.files("pipeline").joinpath("datasette")))


def datasette_args(db_path: Path, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    d = datasette_dir()
    args = ["serve", str(db_path), "--host", host, "--port", str(port), "--metadata", str(d / "metadata.yml")]
    if (d / "templates").is_dir():
        args += ["--template-dir", str(d / "templates")]
    if (d / "plugins").is_dir():
        args += ["--plugins-dir", str(d / "plugins")]
    return args
