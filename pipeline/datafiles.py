"""YAML data files (catalogues, word lists, settings) read with libyaml's C loader.

PyYAML's pure-Python SafeLoader took 0.23 s CPU to read pipeline/data/ at every start of a
process (each `vanban` command and each worker); the C loader reads the same files to the same
values in a tenth of that. Where PyYAML was built without libyaml, the Python loader reads them."""
from __future__ import annotations

from typing import IO, Any

import yaml

LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(source: str | bytes | IO[str] | IO[bytes]) -> Any:
    """What `yaml.safe_load(source)` gives, read by the C loader when there is one."""
    return yaml.load(source, Loader=LOADER)  # noqa: S506  # a safe loader: plain data, no Python objects
