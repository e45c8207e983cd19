"""What every check receives: the loaded county, the check date, the settings and the calendar."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from ..model.site import Site
from .rules import Settings
from .workdays import Calendar


@dataclass
class Context:
    site: Site
    as_of: datetime.date  # 检查日期: "today" of the check, settable for reproducible reports
    settings: Settings
    calendar: Calendar
    root: Path  # the project folder (mkdocs.yml)
    content_dir: Path  # content/ (docs_dir)
