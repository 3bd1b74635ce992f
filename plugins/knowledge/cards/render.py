"""Drawing one card (Pillow). The layout, on a 1200×630 canvas with 80 px margins:

    KICKER (accent, bold caps)                              [logo]
    The title, bold, as large as fits: 72 px down to 44 px,
    at most five lines; a title longer than that ends in "…"
    ───────────────────────────────────────────── (accent rule)
    Author · date                                     Site name

Text is measured with the real font, so accents and ñ take the width they take.
"""

from __future__ import annotations

import io
from pathlib import Path

from knowledge.cards.model import CARD_HEIGHT, CARD_WIDTH, CardOptions, CardText

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = FONTS_DIR / "DejaVuSans.ttf"
BOLD = FONTS_DIR / "DejaVuSans-Bold.ttf"
#: Bump when the drawing changes: it is part of every cached card's key.
RENDER_VERSION = "2"

MARGIN = 80
TITLE_TOP = 150
TITLE_BOTTOM = CARD_HEIGHT - 150  # the rule and the footer are below
TITLE_SIZES = range(72, 43, -4)
TITLE_MAX_LINES = 5
LINE_HEIGHT = 1.2
KICKER_SIZE = 30
FOOTER_SIZE = 30
LOGO_BOX = (240, 80)


def _font(path: Path, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(path), size)


def _split_long_word(word: str, font, width: float) -> list[str]:
    """A word wider than the line (a URL, a long compound) broken where it must be."""
    pieces, current = [], ""
    for char in word:
        if current and font.getlength(current + char) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return pieces + [current] if current else pieces


def wrap(text: str, font, width: float) -> list[str]:
    """Greedy word wrap by the font's real advance widths."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        if font.getlength(word) <= width:
            current = word
        else:
            *whole, current = _split_long_word(word, font, width)
            lines += whole
    if current:
        lines.append(current)
    return lines


def _ellipsize(line: str, font, width: float) -> str:
    """``line`` cut to ``width`` with "…", at a word boundary when there is one."""
    strip = " ,.;:-—·"
    if font.getlength(line) <= width:
        return line
    words = line.split()
    while len(words) > 1 and font.getlength(" ".join(words).rstrip(strip) + "…") > width:
        words.pop()
    line = " ".join(words)
    while line and font.getlength(line.rstrip(strip) + "…") > width:  # one word longer than the line
        line = line[:-1]
    return line.rstrip(strip) + "…"


def _breaks_words(title: str, font, width: float) -> bool:
    return any(font.getlength(word) > width for word in title.split())


def fit_title(title: str, width: float, height: float) -> tuple[int, list[str]]:
    """The largest size at which the title fits in the box, whole words first (a
    smaller size beats a word broken in two); at the smallest size, the lines that
    fit, the last one ending in "…" after a whole word."""
    for allow_breaks in (False, True):
        for size in TITLE_SIZES:
            font = _font(BOLD, size)
            if not allow_breaks and _breaks_words(title, font, width):
                continue
            lines = wrap(title, font, width)
            if len(lines) <= TITLE_MAX_LINES and len(lines) * size * LINE_HEIGHT <= height:
                return size, lines
    size = TITLE_SIZES[-1]
    font = _font(BOLD, size)
    lines = wrap(title, font, width)
    keep = min(TITLE_MAX_LINES, int(height // (size * LINE_HEIGHT)))
    return size, lines[: keep - 1] + [_ellipsize(" ".join(lines[keep - 1 :]), font, width)]


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], share_of_a: float) -> tuple[int, int, int]:
    return tuple(round(x * share_of_a + y * (1 - share_of_a)) for x, y in zip(a, b))  # type: ignore[return-value]


def render_card(text: CardText, options: CardOptions) -> bytes:
    """The card as PNG bytes, 1200×630, RGB."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (CARD_WIDTH, CARD_HEIGHT), options.background)
    draw = ImageDraw.Draw(image)
    inner = CARD_WIDTH - 2 * MARGIN

    logo_width = 0
    if options.logo is not None:
        with Image.open(options.logo) as source:
            logo = source.convert("RGBA")
        logo.thumbnail(LOGO_BOX, Image.Resampling.LANCZOS)
        logo_width = logo.width + 32
        image.paste(logo, (CARD_WIDTH - MARGIN - logo.width, 64 + (LOGO_BOX[1] - logo.height) // 2), logo)

    if text.kicker:
        kicker_font = _font(BOLD, KICKER_SIZE)
        kicker = text.kicker.upper()
        if kicker_font.getlength(kicker) > inner - logo_width:
            kicker = _ellipsize(kicker, kicker_font, inner - logo_width)
        # Vertically centred on the logo's box, so the two sit on one line.
        draw.text((MARGIN, 64 + LOGO_BOX[1] // 2), kicker, font=kicker_font, fill=options.accent, anchor="lm")

    size, lines = fit_title(text.title, inner, TITLE_BOTTOM - TITLE_TOP)
    title_font = _font(BOLD, size)
    line_height = size * LINE_HEIGHT
    # Centred in its box: a short title does not float at the top of an empty card.
    y = TITLE_TOP + (TITLE_BOTTOM - TITLE_TOP - len(lines) * line_height) / 2
    for line in lines:
        draw.text((MARGIN, y + line_height / 2), line, font=title_font, fill=options.foreground, anchor="lm")
        y += line_height

    rule_y = CARD_HEIGHT - 118
    draw.rectangle((MARGIN, rule_y, MARGIN + 120, rule_y + 5), fill=options.accent)

    footer_y = CARD_HEIGHT - 66
    site_font = _font(BOLD, FOOTER_SIZE)
    details_font = _font(REGULAR, FOOTER_SIZE)
    details = " · ".join(part for part in (text.author, text.date) if part)
    site_width = site_font.getlength(text.site_name)
    if details:
        room = inner - site_width - 48
        # A long name and date get a smaller size before anything is cut: the date matters.
        for size in range(FOOTER_SIZE, 21, -2):
            details_font = _font(REGULAR, size)
            if details_font.getlength(details) <= room:
                break
        else:
            details = _ellipsize(details, details_font, room)
        draw.text((MARGIN, footer_y), details, font=details_font, fill=_mix(options.foreground, options.background, 0.85), anchor="lm")
        draw.text((CARD_WIDTH - MARGIN, footer_y), text.site_name, font=site_font, fill=options.foreground, anchor="rm")
    else:
        draw.text((MARGIN, footer_y), text.site_name, font=site_font, fill=options.foreground, anchor="lm")

    out = io.BytesIO()
    # zlib's default level without `optimize`: 20 ms instead of 70 per card, for 5 % more bytes.
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()
