"""The catalogs: every translated text of the source is in every language, with the same
placeholders and markup, and the template is current (`make i18n` was run)."""

from __future__ import annotations

import ast
import gettext
import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from bot.replies import MESSAGE_LIMIT, in_parts, shown_length
from domain.groups import texts as groups_texts
from domain.languages.catalogs import (
    DOMAIN,
    LANGUAGES,
    LOCALES_DIR,
    SOURCE_LANGUAGE,
    Catalogs,
    in_language,
    isolated,
)
from domain.moderation import texts
from domain.onboarding import texts as onboarding_texts
from domain.privacy import texts as privacy_texts
from sandbox.formatting import render_text, utf16_len

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{(\w*)\}")
TAG = re.compile(r"</?\w+[^>]*>")
TRANSLATED = sorted(set(LANGUAGES) - {SOURCE_LANGUAGE})

MessageId = str | tuple[str, ...]


def _source_messages() -> set[MessageId]:
    """What `make i18n` extracts: _("...") and ngettext(...) in the product's code."""
    found: set[MessageId] = set()
    for package in ("domain", "bot"):
        for *_where, message, _comments, _context in extract_from_dir(
            ROOT / package,
            method_map=[("**.py", "python")],
            keywords={**DEFAULT_KEYWORDS, "N_": None},
        ):
            found.add(message if isinstance(message, str) else tuple(message))
    return found


def _key(message_id: str | tuple[str, ...] | list[str]) -> MessageId:
    return message_id if isinstance(message_id, str) else tuple(message_id)


def _catalog(code: str):  # type: ignore[no-untyped-def]
    with (LOCALES_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        return read_po(po, locale=code, domain=DOMAIN)


def test_the_template_holds_exactly_the_source_texts() -> None:
    with (LOCALES_DIR / f"{DOMAIN}.pot").open("rb") as pot:
        template = {_key(m.id) for m in read_po(pot) if m.id}
    assert template == _source_messages(), "run `make i18n` and translate what it adds"


def test_every_language_offered_has_a_catalog_and_every_catalog_is_offered() -> None:
    catalogs = {p.parent.parent.name for p in LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    assert catalogs == set(TRANSLATED)


def _forms_of_one(catalog) -> set[int]:  # type: ignore[no-untyped-def]
    """The plural forms a catalog's rule uses for the number one and for no other number."""
    rule = gettext.c2py(catalog.plural_expr)
    others = {rule(n) for n in range(1000) if n != 1}
    return {rule(1)} - others


def _problems(catalog, sources: set[MessageId]) -> list[str]:  # type: ignore[no-untyped-def]
    translated = {_key(m.id): m for m in catalog if m.id}
    problems = []
    for message_id in sorted(sources, key=str):
        message = translated.get(message_id)
        if message is None:
            problems.append(f"missing: {message_id!r}")
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {message_id!r}")
        originals = [message_id] if isinstance(message_id, str) else list(message_id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if isinstance(message_id, tuple) and len(strings) != catalog.num_plurals:
            problems.append(f"{catalog.num_plurals} plural forms expected: {message_id!r}")
        if not all(strings):
            problems.append(f"untranslated: {message_id!r}")
            continue
        placeholders = {name for original in originals for name in PLACEHOLDER.findall(original)}
        tags = Counter(TAG.findall(originals[0]))
        for form, string in enumerate(strings):
            found = set(PLACEHOLDER.findall(string))
            if found != placeholders and not (
                # A form said of exactly one may leave out the number: "ההורה הנוסף".
                isinstance(message_id, tuple)
                and form in _forms_of_one(catalog)
                and found < placeholders
                and len(placeholders - found) == 1
            ):
                problems.append(f"placeholders differ: {message_id!r} -> {string!r}")
            if Counter(TAG.findall(string)) != tags:
                problems.append(f"markup differs: {message_id!r} -> {string!r}")
    return problems


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_text_is_translated_with_the_same_placeholders_and_markup(code: str) -> None:
    assert _problems(_catalog(code), _source_messages()) == []


def test_a_missing_text_a_changed_placeholder_or_lost_markup_is_caught() -> None:
    catalog = _catalog("ru")
    sources = _source_messages()
    missing = "Taken down."
    del catalog[missing]
    catalog["Talk to me in private: {link}"].string = "Напишите мне: {url}"
    admin_chat_now = "The admin chat is now <b>{chat}</b>; linking another moves it there."
    catalog[admin_chat_now].string = "Сейчас чат администраторов — {chat}."
    catalog["Cancel"].string = ""
    assert _problems(catalog, sources) == [
        "untranslated: 'Cancel'",
        "missing: 'Taken down.'",
        "placeholders differ: 'Talk to me in private: {link}' -> 'Напишите мне: {url}'",
        f"markup differs: {admin_chat_now!r} -> 'Сейчас чат администраторов — {{chat}}.'",
    ]


def test_texts_speak_the_current_language_and_fall_back_to_english() -> None:
    with in_language("ru"):
        assert texts.only_organizers() == "Это могут делать только администраторы группы."
        assert groups_texts.welcome("Class 2B", "facedrop_bot").startswith("Привет, Class 2B!")
    with in_language("es"):
        assert groups_texts.join_button() == "Recibir las fotos y vídeos de mi hijo"
    for unknown in ("xx", None, "en"):
        with in_language(unknown):
            assert groups_texts.join_button() == "Get my child's photos and clips"


def test_names_inside_hebrew_keep_their_own_direction() -> None:
    with in_language("he"):
        hint = texts.takedown_refused("Class 2B (5)")
        assert "\u2068Class 2B (5)\u2069" in hint
        assert isolated("42") == "\u206842\u2069"
    with in_language("en"):
        assert isolated("Class 2B") == "Class 2B"
        assert "\u2068" not in texts.takedown_refused("Class 2B")


def test_only_a_form_said_of_one_alone_may_leave_its_number_out() -> None:
    """Hebrew says "ההורה הנוסף" of one other guardian, not "1 הורה נוסף"; Russian's first
    form is said of 21 too, so it keeps the number; no form may lose another placeholder."""
    hebrew, russian = _catalog("he"), _catalog("ru")
    assert _forms_of_one(hebrew) == {0}
    assert _forms_of_one(russian) == set()
    sources = _source_messages()
    told = ("Sending {count} photo.", "Sending {count} photos.")
    assert _problems(hebrew, sources) == []
    russian[told].string = ("Отправляю фото.", *russian[told].string[1:])
    hebrew[told].string = ("שולח תמונה.", "שולח.")
    assert _problems(russian, sources) == [f"placeholders differ: {told!r} -> 'Отправляю фото.'"]
    assert _problems(hebrew, sources) == [f"placeholders differ: {told!r} -> 'שולח.'"]


PLURAL_PO = """msgid ""
msgstr ""
"Language: ru\\n"

msgid "{n} photo"
msgid_plural "{n} photos"
msgstr[0] "{n} фото (одна)"
msgstr[1] "{n} фото (несколько)"
msgstr[2] "{n} фото (много)"
"""


def test_plural_forms_follow_the_languages_rules(tmp_path: Path) -> None:
    """The .po files are compiled in memory at start (no .mo); a catalog without a
    Plural-Forms header gets its language's rule from Babel: Russian's three forms."""
    (tmp_path / "ru" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "ru" / "LC_MESSAGES" / f"{DOMAIN}.po").write_text(PLURAL_PO, encoding="utf-8")
    catalogs = Catalogs(path=tmp_path, default_locale=SOURCE_LANGUAGE, domain=DOMAIN)
    said = [
        catalogs.gettext("{n} photo", "{n} photos", n, locale="ru").format(n=n)
        for n in (1, 2, 5, 11, 21, 22)
    ]
    assert said == [
        "1 фото (одна)",
        "2 фото (несколько)",
        "5 фото (много)",
        "11 фото (много)",
        "21 фото (одна)",
        "22 фото (несколько)",
    ]
    english = [catalogs.gettext("{n} photo", "{n} photos", n, locale="en") for n in (1, 2)]
    assert english == ["{n} photo", "{n} photos"]
    assert not list(tmp_path.rglob("*.mo"))


def _untranslated_literals(source: str) -> list[str]:
    """Literals in ``source`` with words in them that reach a reader without the catalogs:
    everything but the argument of ``_``, ``ngettext`` and ``N_``, docstrings, and strings
    the code only compares or looks up (keys, ``in (...)``, ``.get(...)``)."""
    tree = ast.parse(source)
    exempt: set[int] = set()

    def exempt_all(node: ast.AST) -> None:
        exempt.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            exempt_all(body[0])  # a docstring
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ("_", "ngettext", "N_"):
                exempt_all(node)
            elif name in ("get", "pop", "startswith", "endswith", "isinstance"):
                for arg in node.args[:1]:
                    exempt_all(arg)
            else:  # a key passed to a lookup: action_label("birth")
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and IDENTIFIER.fullmatch(str(arg.value)):
                        exempt.add(id(arg))
        elif isinstance(node, ast.Compare):
            exempt_all(node)
        elif isinstance(node, ast.Dict):
            for key in node.keys:
                if key is not None:
                    exempt_all(key)
        elif isinstance(node, ast.Subscript):
            exempt_all(node.slice)
        elif isinstance(node, ast.Tuple) and any(
            isinstance(n, ast.Call) and getattr(n.func, "id", "") == "N_" for n in node.elts
        ):
            # A table's row: its codes and command names beside its marked texts.
            for item in node.elts:
                if isinstance(item, ast.Constant) and IDENTIFIER.fullmatch(str(item.value)):
                    exempt.add(id(item))
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in exempt
        ):
            words = WORDS.findall(PLACEHOLDER.sub("", TAG.sub("", node.value)))
            if words:
                found.append(f"line {node.lineno}: {node.value!r}")
    return found


WORDS = re.compile(r"[^\W\d_]{2,}")
IDENTIFIER = re.compile(r"[a-z_]+")


@pytest.mark.parametrize(
    "module", sorted(str(p.relative_to(ROOT)) for p in (ROOT / "domain").glob("*/texts.py"))
)
def test_every_sentence_in_texts_goes_through_the_catalogs(module: str) -> None:
    source = (ROOT / module).read_text(encoding="utf-8")
    assert _untranslated_literals(source) == []


def test_an_english_literal_outside_the_catalogs_is_caught() -> None:
    source = '''
def greeting(name: str) -> str:
    """Docstrings are no text."""
    if name in ("admin", "root"):
        return _("Hello, {name}!").format(name=STATUS["x"])
    return f"Hi {name}" + ", " + N_("welcome")
'''
    assert _untranslated_literals(source) == ["line 6: 'Hi '"]


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_help_fits_one_telegram_message_in_every_language(code: str) -> None:
    """The private /help is one message (Telegram's 4096 characters) in every language:
    what I keep is /privacy's, one command away."""
    with in_language(code):
        text = onboarding_texts.help_text()
    assert shown_length(text) <= MESSAGE_LIMIT
    assert in_parts(text) == [text]


# A reader in as many groups as anyone, each titled as long as Telegram allows (128), with
# emoji (two UTF-16 units each, as Telegram counts), some keeping faces for a time.
_GROUPS = [(f"{n:02d} 🏫 Class" + "🎈" * 60 + "&<b>", (30 if n % 2 else None)) for n in range(25)]


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_privacy_reaches_the_reader_whole_in_messages_telegram_accepts(code: str) -> None:
    """/privacy (and "What exactly is stored?") in every language: each message it is sent
    as is at most 4096 UTF-16 units once Telegram parsed its markup (measured as the
    emulator measures it: sandbox/formatting.py), and together they say all of it. The
    Spanish and Russian "What I keep" list alone was longer than that (4335 and 4188):
    Telegram refused the message and the reader got nothing."""
    with in_language(code):
        text = privacy_texts.privacy(_GROUPS)
        keep = privacy_texts.what_i_keep()
    parts = in_parts(text)
    for part in parts:
        shown, _ = render_text(part, "HTML", None, allow_empty=False)
        assert utf16_len(shown) <= MESSAGE_LIMIT, (code, utf16_len(shown))
        assert shown_length(part) == utf16_len(shown)
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())  # nothing left out
    assert len(in_parts(keep)) == (1 if code in ("en", "he") else 2)


def test_a_text_too_long_for_one_message_is_cut_between_paragraphs() -> None:
    assert in_parts("aaaa\n\nbbbb\n\ncc", limit=10) == ["aaaa\n\nbbbb", "cc"]
    assert in_parts("aaaa\n\nbbbbbbbbbbbb", limit=10) == ["aaaa", "bbbbbbbbbbbb"]
    assert in_parts("short", limit=10) == ["short"]
    # A paragraph longer than a message: cut between its lines, lines together while they
    # fit (its first lines after the paragraph before, where they fit).
    assert in_parts("aa\n\nbb\ncc\ndddd\nee", limit=6) == ["aa", "bb\ncc", "dddd", "ee"]
    assert in_parts("a\n\nbb\ncc\ndddd", limit=8) == ["a\n\nbb\ncc", "dddd"]
    # Telegram counts UTF-16 units: an emoji is two.
    assert in_parts("🎈🎈\n\n🎈", limit=5) == ["🎈🎈", "🎈"]


def test_hebrew_joins_a_one_letter_prefix_to_a_name_with_a_hyphen_everywhere() -> None:
    """The catalog writes "מ-{group}", "ל-{name}" (a hyphen); one message wrote the maqaf
    ("מ־{group}"), so the same group read two ways in one chat (the fourth walk)."""
    with_maqaf = [
        message.id
        for message in _catalog("he")
        if message.id
        and "\u05be"
        in "".join(message.string if isinstance(message.string, tuple) else [message.string])
    ]
    assert with_maqaf == []


def test_hebrew_names_a_group_after_the_word_group_not_after_a_bare_prefix() -> None:
    """walkhe3 2: "ב-גן חצב", "מ-גן חצב": a one-letter prefix glued to a Hebrew name with a
    hyphen reads as a typo (the hyphen is for a number or a Latin word: "ב-Class 1A"); "בקבוצה
    גן חצב", as the approval card said already, reads right whatever the group's name."""
    glued = [
        message.id
        for message in _catalog("he")
        if message.id
        and re.search(
            r"(?<![\w])[בלמ]-(<b>)?\{group\}",
            "".join(message.string if isinstance(message.string, tuple) else [message.string]),
        )
    ]
    assert glued == []
