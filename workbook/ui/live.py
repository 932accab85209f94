"""Live updates and presence for an open page.

An asyncio task in the page's kernel asks the store every ``POLL_SECONDS``
whether someone else changed the team's workbook. When they did, a page whose
editors can update in place (``Frame.update``, ``tracking.py``) changes only
what changed, even while the person types; what waits for the person's own
unsaved edits is said on the page and shown as soon as they are saved. Other
pages are rebuilt from the store when the person has no unsaved edits; with
unsaved edits, the page says that teammates' changes are waiting and rebuilds as
soon as the edits are saved (a save merges with the teammates' changes anyway). Every
other poll also reports the page as open and shows who else is there. When the
kernel ends (the server shuts it down soon after the tab closed, see
``workbook/kernels.py``), the person is taken off the team's presence list.

When the person's link is revoked (or the person removed), the session's next
call raises InvalidKey (``workbook/service/access.py``): polling and presence
stop for good and the person leaves the presence list at once; the frame says
so and keeps the page as it is.
"""

from __future__ import annotations

import asyncio
import atexit
import logging

from ..exceptions import InvalidKey

log = logging.getLogger("workbook.ui")
POLL_SECONDS = 0.5  # a query of about 0.5 ms (benchmarks/live_latency.py)
PRESENCE_EVERY = 8  # polls: every 4 s


class Live:
    def __init__(self, frame, team_id: str, page: str):
        self.frame, self.team_id, self.page = frame, team_id, page
        self.session = frame.ctx.session
        self.marker = self.session.change_marker(team_id)
        self.waiting = self.stopped = self.paused = False
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        try:
            self.task = asyncio.ensure_future(self._run())
        except RuntimeError:  # no event loop (a plain script): no live updates
            self.task = None
        if not self.paused:  # a section built ahead of a visit is not "here" yet
            self.presence()
        atexit.register(self.leave)

    def leave(self) -> None:
        try:
            self.session.leave(self.team_id)
        except Exception:  # noqa: BLE001 - the kernel is ending; presence expires anyway
            log.warning("could not clear presence on exit", exc_info=True)

    def stop(self) -> None:
        """No more polls or presence (the link stopped working); off the presence list."""
        if self.stopped:
            return
        self.stopped = True
        if self.task is not None:
            self.task.cancel()
        self.leave()

    def pause(self) -> None:
        """The page is out of view (another section of the app is shown)."""
        self.paused = True

    def resume(self) -> None:
        """Back in view: catch up with teammates' saves and say who is here, now."""
        if not self.paused or self.stopped:
            return
        self.paused = False
        self._step(presence=True)

    async def _run(self) -> None:
        tick = 0
        while not self.stopped:
            await asyncio.sleep(POLL_SECONDS)
            if not self.paused:
                tick += 1
                self._step(presence=tick % PRESENCE_EVERY == 0)

    def _step(self, presence: bool) -> None:
        """One poll, and the presence report when ``presence``; a failure is logged and
        the next step tries again, except an ended access, which stops for good."""
        try:
            self.poll()
            if presence:
                self.presence()
        except InvalidKey:
            self.stop()  # the frame has been told and shows why
        except Exception:  # noqa: BLE001 - a failed poll must not end live updates
            log.exception("live update failed")

    def poll(self) -> bool:
        """Show what someone else saved, in place or by a rebuild when nothing is
        unsaved; True if all of it is shown."""
        marker = self.session.change_marker(self.team_id)
        # a change that waits for the person's edits is tried again once they are saved
        # (not at every poll: at the community limit an update is not free)
        if marker != self.marker or (self.waiting and not self.frame.tracker.busy()):
            # no cached "still valid" before showing teammates' data: a link revoked a
            # moment ago must not see what was written after (InvalidKey stops the page)
            self.session.check_access()
            self.marker = marker
            done = self.frame.update()
            if done is not None:
                self.waiting = not done
                return done
            if self.frame.tracker.busy():
                self.waiting = True
                self.frame.show_waiting(True)
                return False
            self.waiting = False
            self.frame.render(keep=True)
            return True
        return False

    def presence(self) -> None:
        self.frame.show_presence(self.session.here(self.team_id, self.page))
