"""Editors' and maintainers' command-line tools, after the build in the layers: ``new`` (``make new``:
a new document with its next 索引号) and ``codeowners`` (``make codeowners``: who may edit which folder)."""
