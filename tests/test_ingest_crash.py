"""kill -9 at random moments of a real `vanban ingest`, and two ingests started together: the next
ingest serves the current corpus, with no traceback (issue 14; `python -m tests.robustness`
runs the full 20 kills and 5 pairs)."""
from __future__ import annotations

import pytest

from .robustness import trials


@pytest.mark.slow
def test_killed_and_concurrent_ingests_serve_the_current_corpus() -> None:
    results = trials(kills=4, pairs=2, seed=7)
    assert [r for r in results if not r.current or r.tracebacks] == []
    assert sum(r.what == "pair" for r in results) == 2
