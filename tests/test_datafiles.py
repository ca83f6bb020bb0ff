"""The data files read by libyaml's C loader give what PyYAML's Python SafeLoader gives."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.datafiles import LOADER, load_yaml

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline"
FILES = sorted([*PIPELINE.rglob("*.yaml"), *PIPELINE.rglob("*.yml")])


def test_the_c_loader_is_used_where_pyyaml_has_libyaml() -> None:
    assert LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_a_data_file_reads_as_the_python_loader_reads_it(path: Path) -> None:
    text = path.read_text("utf-8")
    assert load_yaml(text) == yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506
    with path.open(encoding="utf-8") as fh:
        assert load_yaml(fh) == yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506


def test_plain_data_only() -> None:
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")
