"""Sequences of records one after the other as one, not copied: an import's known
persons (made from their rows when asked for, ``loading.RecordsOf``), their other names
and the new rows."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from typing import TypeVar, overload

T = TypeVar("T")


class Joined(Sequence[T]):
    """Sequences one after the other, as one (not copied)."""

    def __init__(self, *parts: Sequence[T]) -> None:
        self._parts = [part for part in parts if len(part)]
        self._ends = list(itertools.accumulate(len(part) for part in self._parts))

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Joined[T]: ...

    def __getitem__(self, index: int | slice) -> T | Joined[T]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                raise ValueError("a step is not supported")
            parts = []
            for part, end in zip(self._parts, self._ends, strict=True):
                begin = end - len(part)
                if begin < stop and start < end:
                    parts.append(part[max(start - begin, 0) : min(stop, end) - begin])
            return Joined(*parts)
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        which = bisect.bisect_right(self._ends, index)
        found = self._parts[which]
        return found[index - (self._ends[which] - len(found))]
