#!/usr/bin/env python3
"""Builds the four UI fonts in assets/fonts/ from egui's default fonts (epaint_default_fonts).

egui's `default_fonts` feature compiles 1.4 MB of fonts into the game (0.78 MB gzip: a third
of the browser build's data), most of it two emoji fonts of which the game draws about forty
glyphs. These subsets keep, renamed as their licences ask of a modified font:

  GameDaySans-Light.ttf   Ubuntu Light (Ubuntu Font Licence 1.0): Latin-1, Latin Extended-A,
                          Greek, punctuation, sub/superscripts, currency, letterlike symbols,
                          arrows and mathematical operators
  GameDayMono-Regular.ttf Hack (MIT; Bitstream Vera licence): Latin-1, Latin Extended-A,
                          punctuation, arrows and box drawing
  GameDaySymbols.ttf      Noto Emoji (OFL 1.1): only the symbols the game and egui draw
  GameDayIcons.ttf        emoji-icon-font (MIT): the same symbols

"The symbols the game draws" are every character above U+2000 in src/, assets/i18n/ and
scenarios/ (found by scanning them), plus the few egui draws itself (menus, warnings, the
replacement box). A test (src/platform/fonts.rs) fails when a text uses a character no
bundled font has: add it to the game's texts, then run this again.

    pip install fonttools
    python3 scripts/subset-ui-fonts.py [path/to/epaint_default_fonts-0.36.x/fonts]
"""
import glob
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
if len(sys.argv) > 1:
    SRC = sys.argv[1]
else:
    found = sorted(glob.glob(os.path.expanduser(
        "~/.cargo/registry/src/*/epaint_default_fonts-0.36.*/fonts")))
    if not found:
        sys.exit("epaint_default_fonts 0.36 not found in ~/.cargo/registry: run `cargo fetch`, "
                 "or pass its fonts/ directory")
    SRC = found[-1]
OUT = os.path.join(ROOT, "assets", "fonts")


def span(a, b):
    return set(range(a, b + 1))


TEXT = (span(0x20, 0x7E) | span(0xA0, 0x17F) | span(0x370, 0x3FF) | span(0x2000, 0x214F)
        | span(0x2190, 0x22FF) | {0xFFFD})
# monospace text (the CLI, the logs) falls back to GameDay Sans for what Hack lacks here
MONO = span(0x20, 0x7E) | span(0xA0, 0x17F) | span(0x2000, 0x206F) | span(0x2190, 0x21FF) | span(0x2500, 0x257F) | {0xFFFD}

# What egui 0.36 draws by itself: menu and combo-box arrows, modifier keys, the warning sign,
# the replacement box for a missing glyph, the theme switch.
EGUI = "⏴⏵⏶⏷⚠◻⌃⌘⌥⇧☀🌙💻⚙✒❤⟲⬍🔥📋"


def used_in_game():
    chars = set()
    patterns = ["src/**/*.rs", "assets/i18n/*.ron", "scenarios/*.ron", "scenarios/*.commands"]
    for pattern in patterns:
        for path in glob.glob(os.path.join(ROOT, pattern), recursive=True):
            with open(path, encoding="utf-8") as f:
                for ch in f.read():
                    cp = ord(ch)
                    # Hangul is the Hangul font's (assets/fonts/GameDayHangul-Regular.ttf)
                    if cp >= 0x2000 and not (0xAC00 <= cp <= 0xD7A3 or 0x3130 <= cp <= 0x318F):
                        chars.add(cp)
    return chars


SYMBOLS = used_in_game() | {ord(c) for c in EGUI}

FONTS = [
    # (source, output, family, style, characters)
    ("Ubuntu-Light.ttf", "GameDaySans-Light.ttf", "GameDay Sans", "Light", TEXT | SYMBOLS),
    ("Hack-Regular.ttf", "GameDayMono-Regular.ttf", "GameDay Mono", "Regular", MONO | SYMBOLS),
    ("NotoEmoji-Regular.ttf", "GameDaySymbols-Regular.ttf", "GameDay Symbols", "Regular", SYMBOLS),
    ("emoji-icon-font.ttf", "GameDayIcons-Regular.ttf", "GameDay Icons", "Regular", SYMBOLS),
]

for source, output, family, style, chars in FONTS:
    opts = subset.Options()
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.glyph_names = False
    font = TTFont(os.path.join(SRC, source))
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(chars))
    sub.subset(font)
    postscript = family.replace(" ", "") + "-" + style
    for rec in font["name"].names:
        if rec.nameID in (1, 16):
            rec.string = family
        elif rec.nameID in (2, 17):
            rec.string = style
        elif rec.nameID == 4:
            rec.string = f"{family} {style}"
        elif rec.nameID == 6:
            rec.string = postscript
        elif rec.nameID == 3:
            rec.string = f"{postscript}; subset of {source} (egui's default fonts)"
    # a fixed timestamp: the same input gives the same bytes
    font["head"].created = font["head"].modified = 0
    font.recalcTimestamp = False
    path = os.path.join(OUT, output)
    font.save(path)
    kept = len(font.getBestCmap())
    print(f"{path}: {kept} characters, {os.path.getsize(path):,} bytes (from {source})")
