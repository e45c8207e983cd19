"""County government-disclosure (政务公开) site generation, wired into MkDocs by ``hooks/govsite_hooks.py``.

Data flows one way: ``parse`` (editor files, declared schemas and settings) → ``model`` (catalog 标准目录,
organisations 机构, columns 栏目, documents 文件) → ``urls`` → ``views`` (one view model per page type, the
search record) → ``render`` (MkDocs pages, templates, sanitizer, CSP, atomic output) → ``checks``
(政务公开检查) → ``search`` (Pagefind) → ``pipeline`` (the build as one function of its inputs) → ``speed``
(reuse, the second process, caches: switched off, the same site) → ``build`` runs the steps for the hooks.
"""
