"""The garbage collector pause restores the collector's state, even when the block raises."""

from __future__ import annotations

import gc

import pytest

from conflict_events.memory import collector_paused, release_freed_memory


def test_the_collector_is_off_inside_and_back_on_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_comes_back_when_the_block_raises() -> None:
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("rule failed")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_releasing_memory_collects_cyclic_garbage() -> None:
    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a
    del a, b
    release_freed_memory()
    assert not any(isinstance(o, Node) for o in gc.get_objects())
