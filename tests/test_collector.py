"""The cycle collector is paused only for the bulk operation and always comes back."""

import gc

import pytest

from lotse.core.collector import collector_paused
from lotse.people import duplicates, matching


def test_the_collector_is_off_inside_and_on_again_after_however_the_block_ends():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: still off until the outermost ends
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError, match="boom"), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_detection_runs_without_the_collector_and_gives_it_back(monkeypatch):
    seen = []
    compare = matching.compare

    def watching(*args, **kwargs):
        seen.append(gc.isenabled())
        return compare(*args, **kwargs)

    monkeypatch.setattr(matching, "compare", watching)
    records = [matching.Record("ion", "popescu"), matching.Record("ion", "popescu")]
    detection = duplicates.find_pairs(records, processes=1)
    assert detection.compared == 1
    assert seen == [False]
    assert gc.isenabled()
