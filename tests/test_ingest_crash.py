"""kill -9 at random moments of a real `vanban ingest`, and two ingests started together: the next
ingest serves the current corpus, with no traceback (issue 14; `python -m tests.robustness`
runs the full 20 kills and 5 pairs). Here three kills at random points (with this seed at 0.32, 0.83
and 1.42 times the first ingest's time: the last may come after the end) and one pair: each costs two
or three real ingests, interpreter start-up and models included; more of them repeat the mechanism."""
from __future__ import annotations

import pytest

from .robustness import trials


@pytest.mark.slow
def test_killed_and_concurrent_ingests_serve_the_current_corpus() -> None:
    results = trials(kills=3, pairs=1, seed=7)
    assert [r for r in results if not r.current or r.tracebacks] == []
    assert sum(r.what == "pair" for r in results) == 1
    assert sum(r.what == "kill -9" for r in results) >= 1  # at least one kill came while the ingest ran
