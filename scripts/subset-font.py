#!/usr/bin/env python3
"""Builds assets/fonts/GameDayHangul-Regular.ttf from Debian's NanumGothic (OFL 1.1).

Keeps ASCII, a little Latin punctuation, the 2,350 KS X 1001 Hangul syllables and the
Hangul compatibility jamo, and renames the family: "Nanum"/"NanumGothic" are Reserved
Font Names under the OFL, so a modified (subset) font must not carry them.

    apt-get install fonts-nanum && pip install fonttools
    python3 scripts/subset-font.py [/usr/share/fonts/truetype/nanum/NanumGothic.ttf]
"""
import sys
from fontTools import subset
from fontTools.ttLib import TTFont

SRC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
OUT = "assets/fonts/GameDayHangul-Regular.ttf"
FAMILY = "GameDay Hangul"


def ksx1001_hangul():
    chars = set()
    for lead in range(0xB0, 0xC9):  # rows 16..40: the 2,350 precomposed syllables
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes([lead, trail]).decode("euc-kr"))
            except UnicodeDecodeError:
                pass
    for trail in range(0xA1, 0xFF):  # row 4: compatibility jamo (ㄱ ㅏ …)
        try:
            chars.add(bytes([0xA4, trail]).decode("euc-kr"))
        except UnicodeDecodeError:
            pass
    return chars


hangul = ksx1001_hangul()
syllables = [c for c in hangul if "\uac00" <= c <= "\ud7a3"]
assert len(syllables) == 2350, len(syllables)
text = "".join(sorted(hangul)) + "".join(chr(c) for c in range(0x20, 0x7F)) + "·…–—‘’“”×→←↑↓"

opts = subset.Options()
opts.layout_features = ["*"]
opts.name_IDs = ["*"]
opts.name_languages = ["*"]
opts.hinting = False
opts.notdef_outline = True
font = TTFont(SRC)
sub = subset.Subsetter(opts)
sub.populate(text=text)
sub.subset(font)

for rec in font["name"].names:
    if rec.nameID in (1, 16):
        rec.string = FAMILY
    elif rec.nameID == 4:
        rec.string = FAMILY + " Regular"
    elif rec.nameID == 6:
        rec.string = "GameDayHangul-Regular"
    elif rec.nameID == 3:
        rec.string = "GameDayHangul-Regular; subset of NanumGothic (NAVER, OFL 1.1)"
    elif rec.nameID in (2, 17):
        rec.string = "Regular"
font.save(OUT)
print(f"{OUT}: {len(syllables)} syllables, {len(text)} characters")
