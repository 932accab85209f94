"""Which forms on a page hold unsaved edits.

Editors (item lists, text parts, forms) register with the page's tracker while
the page is built, report every value change, and answer ``dirty()``. The page
frame uses this to show "unsaved changes" or "all saved" and to warn before
leaving (the ``wb-dirty`` class, read by the template's script).

Live updates (``live.py``) happen in place: when every editor of a page has an
``update()``, a teammate's save calls each of them, and each changes only what
changed, on the widgets the person is using, never touching unsaved fields
(``update()`` returns False while something waits for the person's own edits).
Every section page does so; a page with an editor that has no ``update()`` (a
``Snapshot`` form whose page does not update it) would be rebuilt instead when
nothing is unsaved. ``kept`` carries each editor's selection across a rebuild, which
a language switch still does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any, Protocol


class Editor(Protocol):
    key: str

    def dirty(self) -> bool: ...

    def state(self): ...


class Tracker:
    def __init__(self, on_change: Callable[[], None] = lambda: None):
        self.editors: list[Editor] = []
        self.kept: dict[str, Any] = {}  # editor key -> its state()
        self.on_change = on_change
        self.last_edit = 0.0

    def dirty(self) -> bool:
        return any(e.dirty() for e in self.editors)

    def busy(self, quiet_seconds: float = 3.0) -> bool:
        """Unsaved edits, or an edit within ``quiet_seconds`` (keys may be in flight)."""
        return self.dirty() or time.monotonic() - self.last_edit < quiet_seconds

    def changed(self, edit: bool = True) -> None:
        """A form changed: by the person typing (``edit``) or by loading or saving."""
        if edit:
            self.last_edit = time.monotonic()
        self.on_change()

    def forget(self, *editors) -> None:
        """Editors taken off the page (replaced by others)."""
        self.editors = [e for e in self.editors if all(e is not x for x in editors)]

    def keep(self) -> None:
        """Remember every editor's state before a rebuild."""
        self.kept = {e.key: e.state() for e in self.editors}
        self.editors = []


_active: list[Tracker] = []


@contextmanager
def building(tracker: Tracker):
    _active.append(tracker)
    try:
        yield tracker
    finally:
        _active.pop()


def register(editor) -> Tracker:
    """Add ``editor`` to the page being built; a detached tracker outside pages."""
    tracker = _active[-1] if _active else Tracker()
    tracker.editors.append(editor)
    return tracker


class Snapshot:
    """Unsaved edits of a hand-made form: its inputs differ from when it was last
    loaded. The form calls ``reset()`` at the end of every load (after a save, a
    selection, a new item)."""

    update: Callable[[], bool] | None = None  # set by a page that updates the form in place

    def __init__(self, key: str, widgets):
        self.key, self.widgets = key, list(widgets)
        self.tracker = register(self)
        self.loading = False
        self.edited_at = 0.0
        for widget in self.widgets:
            widget.observe(self._changed, names="value")
        self.reset()

    def _changed(self, _change) -> None:
        if not self.loading:
            self.edited_at = time.monotonic()
            self.tracker.changed()

    def values(self) -> list:
        return [widget.value for widget in self.widgets]

    def reset(self) -> None:
        self.saved = self.values()
        self.tracker.changed(edit=False)

    def dirty(self) -> bool:
        return self.values() != self.saved

    def state(self):
        return None


def quiet(edited_at: float, seconds: float = 3.0) -> bool:
    """No edit for ``seconds``: keys typed just before may still be on their way."""
    return time.monotonic() - edited_at >= seconds


def follow(shown: tuple[str | None, int | None], entries: dict, busy: bool, *,
           load: Callable, detach: Callable[[], None], gone: Callable[[], None]) -> bool:
    """How a form follows a teammate's save of the item it shows (``shown``: its id and
    version), given the team's ``entries`` by id now; returns ``update()``'s answer.

    Unchanged: nothing. Changed: ``load(entry)``, unless the person is ``busy`` with it
    (unsaved edits, or typing just now): then False, waiting, since their save merges
    or shows the conflict. Deleted: ``gone()``, or when busy ``detach()`` (the typed
    text stays, and a save adds it as a new item)."""
    item_id, version = shown
    if item_id is None:
        return True
    now = entries.get(item_id)
    if now is not None and now.version == version:
        return True
    if now is None:
        (detach if busy else gone)()
        return True
    if busy:
        return False
    load(now)
    return True


class Refresh:
    """Page content drawn from the store (a summary, a chart, a list of proposals):
    drawn again by a live update. ``draw`` returns False when it had to wait for the
    person's own edits (None counts as done)."""

    def __init__(self, key: str, draw: Callable[[], bool | None],
                 dirty: Callable[[], bool] = lambda: False):
        """``dirty``: the content has unsaved edits not watched otherwise."""
        self.key, self.draw, self.dirty = key, draw, dirty
        self.tracker = register(self)

    def state(self):
        return None

    def update(self) -> bool:
        return self.draw() is not False


class View:
    """What a person is looking at, kept across a live rebuild; never unsaved.

    ``before`` is what ``get()`` returned on the page this one replaces (None at first).
    """

    def __init__(self, key: str, get: Callable[[], Any]):
        self.key, self.get = key, get
        self.tracker = register(self)
        self.before = self.tracker.kept.get(key)

    def dirty(self) -> bool:
        return False

    def state(self):
        return self.get()

    def update(self) -> bool:  # what is looked at is not data: nothing to update
        return True
