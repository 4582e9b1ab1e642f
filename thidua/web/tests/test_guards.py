"""Guards over the whole project: migrations match the models, and no page goes untested."""

import io
import pathlib

from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUR_NAMESPACES = {
    "web",
    "accounts",
    "units",
    "people",
    "audit",
    "movements",
    "documents",
    "commendations",
    "examples",
    "surveys",
    "privacy",
    "statistics",
    "signatures",
}


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_names(
                pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def test_migrations_are_up_to_date(db):
    out = io.StringIO()
    call_command("makemigrations", check=True, dry_run=True, stdout=out)


def test_every_named_page_is_requested_by_some_test():
    """A page that no test requests has no tested permissions: name it in a test's URL matrix."""
    test_text = "".join(
        path.read_text(encoding="utf-8")
        for path in [*ROOT.glob("thidua/*/tests/*.py"), *ROOT.glob("tests/**/*.py")]
    )
    names = [n for n in _url_names(get_resolver().url_patterns) if n.split(":")[0] in OUR_NAMESPACES]
    assert len(names) > 20
    untested = [n for n in names if f'"{n}"' not in test_text and f"'{n}'" not in test_text]
    assert untested == [], untested


def test_translated_strings_are_marked_with_names_makemessages_finds():
    """makemessages looks for `_`, `gettext`, `gettext_lazy`, `ngettext`…: a string marked with an alias
    (`gettext_lazy as _l`) never reaches the catalogue and shows in Vietnamese on English screens."""
    import re

    alias = re.compile(r"import .*\b(?:n|p|np)?gettext(?:_lazy)? as (?!_\b)\w+")
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "thidua").rglob("*.py")
        if alias.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_english_catalogue_is_complete_and_compiled():
    """Every Vietnamese string has an English translation, and the compiled catalogue has them all."""
    import polib

    folder = ROOT / "thidua" / "locale" / "en" / "LC_MESSAGES"
    po = polib.pofile(str(folder / "django.po"))
    assert len(po) > 500
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(folder / "django.mo")) if not e.msgid_plural
    }
    stale = [e.msgid for e in po if not e.msgid_plural and compiled.get((e.msgctxt, e.msgid)) != e.msgstr]
    assert stale == []
