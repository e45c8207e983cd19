"""The search index: Pagefind processes run on each bundle as its pages are written."""
