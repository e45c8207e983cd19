"""The nastiest values a county can type after a make target (issue 21), for the tests of the tools' command
lines (tests/unit/test_tools_arguments.py) and of the Makefile (tests/build/test_make_arguments.py): each would
run a command if it were pasted into shell or make syntax (touching ``marker``), or break out of a YAML line."""

from __future__ import annotations

from pathlib import Path


def hostile(marker: Path) -> dict[str, str]:
    """Values of one line, by what they try; each one must arrive exactly as written."""
    return {
        "backticks": f"关于`touch {marker}`的通知",
        "make-shell": f"关于$(shell touch {marker})的通知",
        "shell-substitution": f"关于$(touch {marker})的通知",
        "double-quotes": f'关于"; touch {marker}; "的通知',
        "single-quotes": f"关于'; touch {marker}; '的通知",
        "make-reference": "关于$(…)的通知",  # a legitimate title that make used to empty: 关于的通知
        "dollars": "价格$$1与$HOME与${x}",
        "leading-dash": "-x 关于通知",
        "chinese": "城关镇关于做好冬季森林防火工作的通知",
    }


def breaking_line(marker: Path) -> str:
    """A value with a line break that, pasted into a YAML file's text, would add a top-level key."""
    return f"关于\nhooks: [{marker}]\n#的通知"
