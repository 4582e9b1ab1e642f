"""Write thidua/lib/data/syllable_counts.json: how often each Vietnamese syllable occurs in the
project's own Vietnamese strings (the message catalogue's source strings and the legal data).

The word splitter uses these counts only to choose between two splits of a glued token that
have the same number of syllables ("BAN HÀNH", not "BANH ÀNH"). Run it again after large
changes to the catalogue: `python scripts/count-syllables.py`.
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from thidua.lib.syllables import COUNTS_PATH, count_syllables  # noqa: E402

SOURCES = [
    "thidua/locale/en/LC_MESSAGES/django.po",
    "thidua/commendations/data/*.json",
    "thidua/movements/data/*.json",
    "thidua/statistics/data/*/*.json",
    "thidua/lib/data/abbreviations.json",
]


def _source_strings(po):
    """The msgid strings of a catalogue (Vietnamese), not its translations."""
    in_source = False
    for line in po.splitlines():
        if line.startswith(("msgid ", "msgid_plural ")):
            in_source = True
        elif line.startswith(("msgstr", "#")) or not line.strip():
            in_source = False
        if in_source and (m := re.search(r'"(.*)"$', line)):
            yield m.group(1)


def texts():
    for pattern in SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".po":
                text = "\n".join(_source_strings(text))
            yield text


counts = count_syllables(texts())
COUNTS_PATH.write_text(
    json.dumps(dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))), ensure_ascii=False, indent=0)
    + "\n",
    encoding="utf-8",
)
print(f"{len(counts)} syllables, {sum(counts.values())} occurrences")
