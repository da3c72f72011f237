"""What the facilitator's area can do, one service per use case — setup (settings and PIN),
workshops, rankings, polls (the case-study polls' answers), transfer (CSV export and
import), paper (a paper session typed in on screen) and demo data — over the store's
ports and the catalog. The screens never touch the store: they call these services, which
validate, persist and tell listeners what changed. No Qt here.

Threads: export and import run on a worker thread so the window never freezes. The store is
single-process but not promised thread-safe, so every store call holds one re-entrant lock
(`Changes.lock`). File reading, parsing and writing happen outside the lock; only the short
store calls hold it (one snapshot of the rankings for an export; one all-or-nothing
`save_rankings` for an import). Listeners may therefore be called from a worker thread: the
Qt side relays them through a signal, which Qt queues onto the GUI thread.
"""

from __future__ import annotations

from kiosk.domain.replay import ReplayFrame
from kiosk.domain.workshop import MAX_IDLE_S, MIN_IDLE_S
from kiosk.services.catalog import Catalog
from kiosk.services.facilitator.changes import Changes, Listener
from kiosk.services.facilitator.names import Names
from kiosk.services.facilitator.paper import PaperService
from kiosk.services.facilitator.polls import PollsService
from kiosk.services.facilitator.rankings import Correction, RankingService, RankingSummary
from kiosk.services.facilitator.setup import SetupError, SetupService
from kiosk.services.facilitator.transfer import DemoService, TransferService
from kiosk.services.facilitator.workshops import WorkshopService
from kiosk.services.ports import FacilitatorStore

__all__ = ["MAX_IDLE_S", "MIN_IDLE_S", "FacilitatorService", "RankingSummary", "ReplayFrame",
           "SetupError"]


class FacilitatorService:
    """The facilitator's services, built once over one store and catalog and sharing one
    lock and one change feed."""

    def __init__(self, store: FacilitatorStore, catalog: Catalog,
                 corrections: Correction | None = None) -> None:
        """`corrections`: on a room's hub, told of each ranking relabelled or deleted here,
        so the kiosk that holds it is corrected too."""
        self._store = store
        self.catalog = catalog
        self.changes = Changes()
        self.names = Names(catalog)
        self.setup = SetupService(store, store, catalog, self.changes)
        self.workshops = WorkshopService(store, store, self.setup, self.changes)
        self.rankings = RankingService(store, catalog, self.names, self.workshops,
                                       self.changes, corrections)
        self.polls = PollsService(store, catalog, self.changes)
        self.transfer = TransferService(store, catalog, self.rankings, self.changes)
        self.paper = PaperService(store, catalog, self.workshops, self.rankings, self.setup,
                                  self.changes)
        self.demo = DemoService(store, catalog, self.names, self.rankings, self.setup,
                                self.workshops, self.changes)

    @property
    def version(self) -> int:
        return self.changes.version

    def subscribe(self, listener: Listener) -> None:
        """`listener(what)` after every change; may be called from a worker thread."""
        self.changes.subscribe(listener)

    def reload(self) -> None:
        """Forget what was read and tell every listener: for when others (the tables) may
        have saved rankings since the area last looked."""
        self.changes.changed("rankings")
