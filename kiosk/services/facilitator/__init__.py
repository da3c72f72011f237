"""What the facilitator's area can do, one service per use case (setup and PIN, workshops,
rankings, polls, transfer, paper, demo data), over the store's ports; no Qt."""

from __future__ import annotations

from kiosk.domain.replay import ReplayFrame
from kiosk.domain.workshop import MAX_IDLE_S, MIN_IDLE_S
from kiosk.services.catalog import Catalog
from kiosk.services.facilitator.changes import Changes, Listener
from kiosk.services.facilitator.names import Names
from kiosk.services.facilitator.paper import PaperService
from kiosk.services.facilitator.polls import PollsService
from kiosk.services.facilitator.rankings import Correction, RankingService, RankingSummary
from kiosk.services.facilitator.set_aside import SetAsideService
from kiosk.services.facilitator.setup import SetupError, SetupService
from kiosk.services.facilitator.transfer import DemoService, TransferService
from kiosk.services.facilitator.workshops import WorkshopService
from kiosk.services.ports import FacilitatorStore
from kiosk.services.shared_store import SharedStore

__all__ = ["MAX_IDLE_S", "MIN_IDLE_S", "FacilitatorService", "RankingSummary", "ReplayFrame",
           "SetupError"]


class FacilitatorService:
    """The facilitator's services, built once over one store and catalog and sharing one
    lock and one change feed."""

    def __init__(self, store: FacilitatorStore, catalog: Catalog,
                 corrections: Correction | None = None) -> None:
        """`corrections`: on a room's hub, told of each ranking relabelled or deleted here,
        so the kiosk that holds it is corrected too. A SharedStore's lock is the services'
        lock: what they do in several calls is then one step for its other users too."""
        self._store = store
        self.catalog = catalog
        self.changes = Changes(store.lock if isinstance(store, SharedStore) else None)
        self.names = Names(catalog)
        self.setup = SetupService(store, store, catalog, self.changes)
        self.workshops = WorkshopService(store, store, self.setup, self.changes)
        self.rankings = RankingService(store, catalog, self.names, self.workshops,
                                       self.changes, corrections)
        self.polls = PollsService(store, catalog, self.changes)
        self.transfer = TransferService(store, catalog, self.rankings, self.changes)
        self.paper = PaperService(store, catalog, self.workshops, self.rankings, self.setup,
                                  self.changes)
        self.set_aside = SetAsideService(store, self.changes)
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
