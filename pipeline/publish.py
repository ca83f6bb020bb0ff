"""Datasette settings: where the metadata, templates and plugins of the project live.

`vanban serve` runs the site built by `make_datasette` under Uvicorn (`serve`, with the log
configuration the command gives it); tests and the latency benchmark build the same site in-process, so
both see the same configuration."""
from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .datafiles import load_yaml
from .store.followup import ensure

# Datasette settings: facets over 100,000 duties need more than the default 200 ms budget, and
# facet suggestions (one query per column of every page) would cost more than the page itself.
SETTINGS: dict[str, int | bool] = {"facet_time_limit_ms": 1000, "sql_time_limit_ms": 3000, "default_page_size": 50,
                                   "suggest_facets": False}


def datasette_dir() -> Path:
    return Path(str(resources.files("pipeline").joinpath("datasette")))


@cache
def metadata() -> dict[str, Any]:
    data = load_yaml((datasette_dir() / "metadata.yml").read_text("utf-8"))
    return data if isinstance(data, dict) else {}


def followup_path(db_path: Path) -> Path:
    """data/followup.db beside data/vanban.db."""
    return db_path.with_name("followup.db")


def make_datasette(db_path: Path, followup: Path | None = None, meta: dict[str, Any] | None = None) -> Any:
    """An in-process Datasette configured like `vanban serve` (for tests and benchmarks)."""
    from datasette.app import Datasette

    d = datasette_dir()
    ensure(followup or followup_path(db_path))
    return Datasette(
        [str(db_path)], metadata=meta if meta is not None else metadata(),
        template_dir=str(d / "templates"), plugins_dir=str(d / "plugins"), settings=SETTINGS,
    )


def serve(db_path: Path, host: str = "127.0.0.1", port: int = 8001, log_config: dict[str, Any] | None = None) -> None:
    """Serve the site on host:port until stopped (Ctrl+C, SIGTERM), as `datasette serve` would: the
    plugins' startup hooks first, one worker, lifespan events; the log as `log_config` says."""
    import asyncio

    import uvicorn

    ds = make_datasette(db_path)
    asyncio.run(ds.invoke_startup())
    uvicorn.run(ds.app(), host=host, port=port, lifespan="on", workers=1, log_config=log_config,
                access_log=True)
