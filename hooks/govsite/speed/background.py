"""mkdocs serve: the search bundles still being indexed after their site was served (``search.indexer``
``Indexer(defer=True)``): the last build's index of a changed bundle is served until its new one is placed."""

from __future__ import annotations

from ..search.indexer import Indexer


class Background:
    """mkdocs serve: the indexers still finishing bundles after their site was served. One per process,
    kept on the run's speed room (``speed.Speed``)."""

    def __init__(self) -> None:
        self.indexers: list[Indexer] = []

    def wait(self) -> None:
        """Before the next build (mkdocs serve): the last build's bundles are in place, or given up."""
        while self.indexers:
            self.indexers[0].wait()

    def stop(self) -> None:
        """A new build starts, or mkdocs serve ends: running Pagefind processes are killed. The bundles they
        were making keep no key (``speed.reuse.Reuse.save``), so the next build indexes them."""
        while self.indexers:
            self.indexers[0].abort()

    def forget(self, indexer: Indexer) -> None:
        if indexer in self.indexers:
            self.indexers.remove(indexer)
