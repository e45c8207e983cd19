"""One typed view model per page type, with ready URLs and breadcrumbs; the search record and the
search bundles; the navigation."""
