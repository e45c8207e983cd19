"""机构代码: an organisation's 统一社会信用代码 (GB 32100-2015) or its older 组织机构代码 (GB 11714-1997),
checked once for every reader (``_org.yml``, the organisations spreadsheet, ``make new-county``'s CODE).
The code is the first part of every 索引号 of the organisation, so a mistyped one is refused where it is
typed, with the check character it should have.

What is enforced is what each standard makes checkable on its own:

- 统一社会信用代码: 18 characters from 0-9 and the capitals without I, O, S, V, Z; characters 3–8 (登记管理
  机关行政区划码) are digits; the 18th is the check character of the first 17 (weights 3^i mod 31,
  check = 31 − sum mod 31, written in the same 31 characters). It catches every single mistyped character.
- 组织机构代码: 8 digits or capitals and a check character (weights 3 7 9 10 5 8 4 2, check = 11 − sum
  mod 11, 10 → X, 11 → 0), written with or without the hyphen (12345678-9).

Characters 9–17 of a 统一社会信用代码 are its 主体标识码, coded by GB 11714, so their 9th character is an
organisation-code check digit too. That is **not** enforced: it adds nothing the 18th character does not
already catch for a typo, and codes have been issued that do not follow the standard to the letter (some
registries' codes fail even the 18th character), so a second, stricter rule would only add ways to
refuse a code printed on a real certificate.
"""

from __future__ import annotations

import re

from . import text

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015 4.1: no I, O, S, V, Z
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)  # 3^i mod 31
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714-1997
USCC_FORM = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")
ORG_FORM = re.compile(r"([0-9A-Z]{8})-?([0-9X])")

FIX = ("对照统一社会信用代码证书（或营业执照、登记证书）逐位核对：18位统一社会信用代码，或9位组织机构代码（如 12345678-9）；"
       "抄错任何一位，校验码都会不符。")


def uscc_check(body: str) -> str:
    """The 18th character of a 统一社会信用代码 whose first 17 characters are ``body``."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body, USCC_WEIGHTS))
    return USCC_CHARS[(31 - total % 31) % 31]


def org_check(body: str) -> str:
    """The 9th character of a 组织机构代码 whose first 8 characters are ``body`` (A = 10 … Z = 35)."""
    total = sum(int(c, 36) * w for c, w in zip(body, ORG_WEIGHTS))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def problem(code: str) -> str | None:
    """What is wrong with a 机构代码 (Chinese), or None when it is a valid 统一社会信用代码 or 组织机构代码."""
    shown = text.visible(code[:40])
    if len(code) == 18:
        if not USCC_FORM.fullmatch(code):
            if re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{18}", code):
                return f"统一社会信用代码“{shown}”的第3—8位（登记管理机关行政区划码）应为数字，请核对"
            return f"“{shown}”不是有效的机构代码：统一社会信用代码只用数字和除 I、O、S、V、Z 以外的大写字母"
        expected = uscc_check(code[:17])
        if code[17] != expected:
            return f"统一社会信用代码“{shown}”的校验码（第18位）应为 {expected}，请核对"
        return None
    match = ORG_FORM.fullmatch(code)
    if match is None:
        return f"“{shown}”不是有效的机构代码：应为18位统一社会信用代码或9位组织机构代码"
    expected = org_check(match[1])
    if match[2] != expected:
        return f"组织机构代码“{shown}”的校验码（第9位）应为 {expected}，请核对"
    return None
