"""County government-disclosure (政务公开) site generation, wired into MkDocs by ``hooks/site.py``.

One module per concept: ``catalog`` (标准目录), ``orgs`` (organisation tree), ``documents``
(disclosed documents), ``columns`` (栏目), ``pages`` (generated pages), ``nav``, ``output``;
the ``checks`` package holds the regulatory checks (政务公开检查).
"""
