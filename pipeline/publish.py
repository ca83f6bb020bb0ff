"""Datasette settings: where the metadata, templates and plugins of the project live.

`vanban serve` runs `datasette serve` with `datasette_args`; tests and the latency benchmark build
the same server in-process with `make_datasette`, so both see the same configuration."""
from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .store.followup import ensure

# Datasette settings: facets over 100,000 duties need more than the default 200 ms budget, and
# facet suggestions (one query per column of every page) would cost more than the page itself.
SETTINGS: dict[str, int | bool] = {"facet_time_limit_ms": 1000, "sql_time_limit_ms": 3000, "default_page_size": 50,
                                   "suggest_facets": False}


def datasette_dir() -> Path:
    return Path(str(resources.files("pipeline").joinpath("datasette")))


@cache
def metadata() -> dict[str, Any]:
    data = yaml.safe_load((datasette_dir() / "metadata.yml").read_text("utf-8"))
    return data if isinstance(data, dict) else {}


def followup_path(db_path: Path) -> Path:
    """data/followup.db beside data/vanban.db."""
    return db_path.with_name("followup.db")


def datasette_args(db_path: Path, host: str = "127.0.0.1", port: int = 8001,
                   followup: Path | None = None) -> list[str]:
    d = datasette_dir()
    ensure(followup or followup_path(db_path))  # not served: the plugin reads and writes it (store.followup)
    args = ["serve", str(db_path), "--host", host, "--port", str(port),
            "--metadata", str(d / "metadata.yml")]
    for name, value in SETTINGS.items():
        args += ["--setting", name, ("on" if value else "off") if isinstance(value, bool) else str(value)]
    if (d / "templates").is_dir():
        args += ["--template-dir", str(d / "templates")]
    if (d / "plugins").is_dir():
        args += ["--plugins-dir", str(d / "plugins")]
    return args


def make_datasette(db_path: Path, followup: Path | None = None, meta: dict[str, Any] | None = None) -> Any:
    """An in-process Datasette configured like `vanban serve` (for tests and benchmarks)."""
    from datasette.app import Datasette

    d = datasette_dir()
    ensure(followup or followup_path(db_path))
    return Datasette(
        [str(db_path)], metadata=meta if meta is not None else metadata(),
        template_dir=str(d / "templates"), plugins_dir=str(d / "plugins"), settings=SETTINGS,
    )
