"""Card themes: the colour palettes, their WCAG contrast, and the theme query parameters."""

import re
from dataclasses import dataclass
from enum import StrEnum

from flask import request

from flask_smorest import abort

ACCENT_PATTERN = re.compile(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
DEFAULT_ACCENT = "#1f5fbf"


class ThemeName(StrEnum):
    LIGHT = "light"
    DARK = "dark"
    AUTO = "auto"


# Every card colour, per scheme. Text colours reach WCAG AA (4.5:1) on both `bg` and
# `surface`; relation and confidence colours are graphics and reach 3:1 on both (a test checks).
PALETTES: dict[str, dict[str, str]] = {
    "light": {
        "bg": "#ffffff",
        "surface": "#f3f4f6",
        "fg": "#1a1c20",
        "muted": "#4b5160",
        "link": "#0b4fb3",
        "border": "#7a808c",
        "describes": "#2563eb",
        "defends": "#15803d",
        "criticizes": "#b91c1c",
        "mentions": "#6b7280",
        "confirmed": "#15803d",
        "partly_confirmed": "#a16207",
        "inferred": "#6b7280",
    },
    "dark": {
        "bg": "#16181c",
        "surface": "#23262c",
        "fg": "#eceef1",
        "muted": "#b4bac4",
        "link": "#93bbf9",
        "border": "#7c8390",
        "describes": "#60a5fa",
        "defends": "#4ade80",
        "criticizes": "#f87171",
        "mentions": "#9ca3af",
        "confirmed": "#4ade80",
        "partly_confirmed": "#facc15",
        "inferred": "#9ca3af",
    },
}
TEXT_COLOURS = ("fg", "muted", "link")
GRAPHIC_COLOURS = (
    "border",
    "describes",
    "defends",
    "criticizes",
    "mentions",
    "confirmed",
    "partly_confirmed",
    "inferred",
)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two #rrggbb colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink_for(background: str) -> str:
    """Black or white, whichever reads better on `background` (always at least 4.5:1)."""
    return (
        "#000000"
        if contrast(background, "#000000") >= contrast(background, "#ffffff")
        else "#ffffff"
    )


def normalise_accent(value: str) -> str | None:
    """`#abc`, `abc`, `#aabbcc` or `aabbcc` as `#aabbcc`; None when it is not a hex colour."""
    match = ACCENT_PATTERN.fullmatch(value)
    if match is None:
        return None
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return f"#{digits}"


@dataclass(frozen=True)
class Theme:
    """What the embedder asked for: colour scheme and accent colour."""

    name: ThemeName = ThemeName.AUTO
    accent: str = DEFAULT_ACCENT

    @property
    def accent_ink(self) -> str:
        return ink_for(self.accent)

    def query(self) -> dict[str, str]:
        """The non-default settings, as query parameters to pass on to a card URL."""
        out: dict[str, str] = {}
        if self.name != ThemeName.AUTO:
            out["theme"] = self.name.value
        if self.accent != DEFAULT_ACCENT:
            out["accent"] = self.accent.lstrip("#")
        return out


def theme_from_request() -> Theme:
    """Read `theme` and `accent` from the query string; 400 problem when either is invalid."""
    errors: dict[str, list[str]] = {}
    name = request.args.get("theme", ThemeName.AUTO.value)
    if name not in set(ThemeName):
        errors["theme"] = [f"must be one of: {', '.join(ThemeName)}"]
    accent = normalise_accent(request.args.get("accent", DEFAULT_ACCENT))
    if accent is None:
        errors["accent"] = ["must be a hex colour such as 1f5fbf or #1f5fbf"]
    if errors or accent is None:
        said = "; ".join(f"{name} {messages[0]}" for name, messages in errors.items())
        abort(400, message=f"Invalid theme parameters: {said}.", errors=errors)
        raise AssertionError("abort() raises")
    return Theme(ThemeName(name), accent)
