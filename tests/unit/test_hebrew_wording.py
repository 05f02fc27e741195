"""Hebrew texts about a person read right for a girl as for a boy: facedrop does not know a
person's gender, so no verb or adjective about a named person (or an admin in the audit) is
in the masculine; the words for the admin chat and for claiming are the same everywhere."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po

from domain.corrections import texts
from domain.delivery import texts as delivery_texts
from domain.groups import texts as groups_texts
from domain.languages.catalogs import DOMAIN, LOCALES_DIR, _, in_language
from domain.languages.catalogs import _Hebrew as Hebrew
from domain.moderation import texts as moderation_texts
from domain.onboarding import texts as onboarding_texts
from domain.persons import texts as persons_texts

# Masculine forms that agree with the subject they follow: "{name} מופיע", "{name} נמחק"...
MASCULINE = (
    "מופיע|פעיל|נמחק|נרשם|רשום|אושר|נדחה|שויך|משויך|מושהה|חסום|ממתין|נולד|מוזג|הוא|היה|"
    "יכול|עזב|שינה|חסם|אישר|דחה|הסיר|ביטל|תיקן|תייג|מיזג|מחק|יצר|קישר|שייך|נתן|השהה|חידש|"
    "יוצא|נכנס|עובר|נשאר|מקבל|רואה|יודע|בחר|פתח|ישויך|יאושר|יימחק|יזוהה|יחכה|ימתין"
)
PERSON = r"\{(?:name|who|owner|previous|guardian|drop|keep|first|second|names|stricter|other)\}"
# (Not where the name only completes a noun, which the verb agrees with: "השם {keep} נשאר",
# "הורה אחר של {name} עובר".)
OF_A_NOUN = r"(?<!של )(?<!של <b>)(?<!השם )(?<!השם <b>)"
AFTER_A_PERSON = re.compile(
    OF_A_NOUN + PERSON + r"(?:</b>)? (?:" + MASCULINE + r")(?=[\s.,:;!?)]|$)"
)
# ... and no "him" or "his" for that person later in the same clause.
HIM = r"(?:אותו|שלו|עליו|אליו|ממנו)"
PRONOUN_OF_A_NAME = re.compile(PERSON + r"[^.?!,:;\n]*?(?<!\w)" + HIM + r"(?!\w)")
# A "him" with no noun before it to agree with (the person, the child, the account...)
# stands for the person or the user themselves: "I'll stop counting this photo as theirs".
NOUN = re.compile(
    r"(?<!\w)[הלמושכב]*(?:אדם|ילד|הורה|משתתף|חשבון|רישום|מישהו|אחד|צ'אט|קישור|מנהל|בוט|שם|"
    r"תאריך|חיתוך|כרטיס|עותק|סרטון|מי)(?!\w)"
)
LONE_HIM = re.compile(r"(?<!\w)" + HIM + r"(?!\w)")


def _hebrew() -> list[tuple[str, str]]:
    with (LOCALES_DIR / "he" / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        catalog = read_po(po, locale="he", domain=DOMAIN)
    found = []
    for message in catalog:
        if not message.id:
            continue
        original = message.id if isinstance(message.id, str) else message.id[0]
        strings = (
            [message.string] if isinstance(message.string, str) else list(message.string or ())
        )
        found += [(original, string) for string in strings]
    return found


def test_no_masculine_verb_or_adjective_follows_a_persons_name() -> None:
    wrong = [(o, s) for o, s in _hebrew() if AFTER_A_PERSON.search(s)]
    assert wrong == []


def test_no_masculine_pronoun_stands_for_a_named_person() -> None:
    wrong = [(o, s) for o, s in _hebrew() if PRONOUN_OF_A_NAME.search(s)]
    assert wrong == []


def test_no_masculine_pronoun_without_a_noun_it_agrees_with() -> None:
    wrong = [
        (o, s)
        for o, s in _hebrew()
        for him in LONE_HIM.finditer(s)
        if not NOUN.search(s[: him.start()])
    ]
    assert wrong == []


def test_a_persons_status_agrees_with_a_noun_not_with_the_person() -> None:
    with in_language("he"):
        card = persons_texts.person_card(
            "יעל", _(persons_texts.PERSON_STATUS["active"]), None, [], [], 0, 0, 0
        )
        paused = _(persons_texts.PERSON_STATUS["paused"])
        button = delivery_texts.not_person_button("יעל")
    assert card.splitlines()[0] == "<b>\u2068יעל\u2069</b> · שליחה פעילה"  # noqa: RUF001
    assert paused == "שליחה מושהית"
    assert button == "טעות בזיהוי של \u2068יעל\u2069?"  # noqa: RUF001


def test_one_word_for_the_admin_chat_and_for_claiming() -> None:
    strings = " ".join(s for _o, s in _hebrew())
    assert "צ'אט הניהול" not in strings
    assert "צ'אט המנהלים" in strings
    assert not re.search(r"\bתבע|\bתובע|\bתביע", strings)  # noqa: RUF001


# Before the name too: no masculine "this" ("האם זה מאיה?", "כן, זה מאיה", "זה לא מאיה"),
# nor "זה נראה כמו מאיה": the question is about the faces ("האם אלה הפנים של מאיה?").
EXAMPLE = r"(?:יונתן|מאיה)"
THIS_BEFORE_A_PERSON = re.compile(
    r"(?<!\w)זה (?:לא )?(?:נראה כמו )?(?:<b>)?(?:" + PERSON + "|" + EXAMPLE + r")"
)


def test_no_masculine_this_before_a_persons_name() -> None:
    wrong = [(o, s) for o, s in _hebrew() if THIS_BEFORE_A_PERSON.search(s)]
    assert wrong == []
    with in_language("he"):
        assert texts.isnt_person("מאיה") == "לא \u2068מאיה\u2069"  # noqa: RUF001


# The child as the consent says it ("הילד או הילדה שלכם"), never a generic "your boy"; the
# admins and the parents who act are named in the plural ("מנהלי הקבוצה שולחים").
GENERIC_MASCULINE = re.compile(
    r"(?<!\w)[הלבמשו]*ילד (?:שלכם|שלי|שלו|שלהם|הזה|נוסף)(?!\w)"
    r"|(?<!\w)(?:ל|מ|ש)?הורה השני(?!\w)"
    r"|(?<!\w)מנהל (?:של הקבוצה )?(?:לוחץ|שולח|יכול)(?!\w)"
    r"|(?<!\w)מתן שם לילד(?! או)"
    r"|משייך אותו"
    # Whoever opens a link, made a change or sent it, and the one an organizer bans, are
    # said in the plural (issue 32 leftover: "מי שיפתח אותו … שלו", "ההודעות שלו").
    r"|(?<!\w)מי ש(?:יפתח|עשה|שלח|ששלח)(?!\w)"
    r"|(?<!\w)לאחת ההודעות שלו(?!\w)"
)


def test_the_child_is_a_boy_or_a_girl_and_the_admins_are_plural() -> None:
    wrong = [(o, s) for o, s in _hebrew() if GENERIC_MASCULINE.search(s)]
    assert wrong == []
    with in_language("he"):
        assert groups_texts.join_button() == "קבלת התמונות והסרטונים של הילד או הילדה שלי"


def test_one_other_guardian_is_said_without_a_digit() -> None:
    """ "1 הורה נוסף" reads off: the one other guardian is "ההורה הנוסף"."""
    with in_language("he"):
        choices = texts.not_person_choices("מאיה", others=1)
        told = texts.others_told(1)
        two = texts.others_told(2)
    assert choices.endswith(
        "בכל מקרה, התמונה תוסר גם מהצ'אט של ההורה הנוסף של \u2068מאיה\u2069, ואשלח הודעה על כך."  # noqa: RUF001
    )
    assert told == "מחקתי גם את העותק של ההורה הנוסף, ושלחתי הודעה על כך."
    assert two == "מחקתי גם את העותקים של 2 הורים נוספים ועדכנתי אותם."


def test_a_form_said_of_one_shows_no_number() -> None:
    """Hebrew's first plural form is said of exactly one: "תמונה אחת", "יום אחד", "ההורה
    הנוסף", never "1 תמונה" (its number, whatever its name, is left out)."""
    with (LOCALES_DIR / "he" / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        catalog = read_po(po, locale="he", domain=DOMAIN)
    number = re.compile(r"\{(?:count|days|minimum|length)\}")
    wrong = [
        message.id[0]
        for message in catalog
        if isinstance(message.id, tuple) and number.search(next(iter(message.string or ("",))))
    ]
    assert wrong == []
    with in_language("he"):
        assert moderation_texts.retention_value(1) == "יום אחד"
        assert moderation_texts.retention_value(2) == "\u200f2 ימים"  # a right-to-left mark first


def test_an_undo_in_history_is_not_read_as_undone_or_as_its_button() -> None:
    """findings14 3: "(ביטול)" sat one letter from "(בוטל)" (undone) on the next line and
    read as the Undo button's word: an undo is "(פעולת ביטול)" on every line."""
    lines = [s for o, s in _hebrew() if "(an undo)" in o]
    assert lines and all("(פעולת ביטול)" in s for s in lines), lines


def test_no_profile_where_english_says_person_or_child() -> None:
    """findings19 6 (findings17 5 before it): the bot never shows a parent a "profile" (its
    cards and /persons say "האנשים שלכם"), so no Hebrew string says "פרופיל"."""
    wrong = [(o, s) for o, s in _hebrew() if "פרופיל" in s]
    assert wrong == []
    with in_language("he"):
        undone = persons_texts.moved_until_deleted("\u05d9\u05d5\u05d0\u05d1")
    assert undone.endswith(", עד ש\u2068\u05d9\u05d5\u05d0\u05d1\u2069 נמחק/ה.")


def test_a_yes_says_the_name_was_added_to_the_caption_not_to_him() -> None:
    """findings19 11: "הוספתי לו את נועם" read "I added Noam to him" (the photo is
    feminine, and another child is named on it)."""
    with in_language("he"):
        said = texts.suggestion_answered("\u05e0\u05d5\u05e2\u05dd", "in_chat")
    assert "לו " not in said
    assert said.endswith(
        "זה כבר אצלכם בצ'אט: הוספתי את <b>\u2068\u05e0\u05d5\u05e2\u05dd\u2069</b> לכיתוב."
    )


def test_two_children_are_joined_by_and_not_by_a_comma() -> None:
    """findings19 19: "אחפש את יוסף, תמר ... שאמצא בהם את יוסף, תמר" joined two children
    by a bare comma, twice in one sentence (English read "Yosef, Tamar" too)."""
    yosef, tamar = "\u05d9\u05d5\u05e1\u05e3", "\u05ea\u05de\u05e8"
    with in_language("he"):
        said = onboarding_texts.joined("Class", [yosef, tamar])
    assert said.startswith(
        f"נכנסתם: אחפש את <b>\u2068{yosef}\u2069</b> ו<b>\u2068{tamar}\u2069</b> בקבוצה "  # noqa: RUF001
    ), said
    assert said.count(yosef) == 1 and "שאמצא בהם מישהו מהם." in said
    with in_language("en"):
        english = onboarding_texts.joined("Class", ["Yosef", "Tamar"])
    assert "I'll look for <b>Yosef</b> and <b>Tamar</b> in" in english
    with in_language("es"):
        spanish = onboarding_texts.joined("Class", ["Yosef", "Tamar"])
    assert "buscaré a <b>Yosef</b> y <b>Tamar</b> en" in spanish


# The other guardian is someone of unknown gender too (walkhe 2): no "הורה אחר הסיר", "ענה",
# "ביטל", no "ועדכנתי אותו", "וכתבתי לו", "בקשו ממנו": a passive, "לפי הורה אחר", or a
# message sent; and the reader's own words are not in the masculine ("שאני לא מכיר").
ANOTHER_GUARDIAN_DOES = re.compile(
    r"(?<!\w)הורה אחר(?: של (?:<b>)?\{name\}(?:</b>)?)? (?:"
    + MASCULINE
    + r"|ציין|ענה|אמר|ביקש|רשם|שומר)(?!\w)"
)
TOLD_HIM = re.compile(
    r"(?<!\w)(?:ועדכנתי אותו|ואעדכן אותו|ואודיע לו|וכתבתי לו|בקשו ממנו|אצלו)(?!\w)"
)


def test_the_other_guardian_is_not_in_the_masculine() -> None:
    wrong = [
        (o, s)
        for o, s in _hebrew()
        if ANOTHER_GUARDIAN_DOES.search(s)
        or (("guardian" in o or "parent" in o) and TOLD_HIM.search(s))
    ]
    assert wrong == []
    with in_language("he"):
        told = texts.others_told(1)
    assert told == "מחקתי גם את העותק של ההורה הנוסף, ושלחתי הודעה על כך."


def test_waiting_unknown_and_resuming_read_neutral_and_exact() -> None:
    strings = dict(_hebrew())
    assert (
        strings["{name} (waiting for approval in {groups})"] == "{name} (בהמתנה לאישור ב-{groups})"
    )
    assert strings["Someone I don't know"] == "מישהו שלא מוכר לי"
    assert strings["No named child is waiting to be claimed in <b>{group}</b>."] == (
        "אין ילדים שקיבלו שם וממתינים לשיוך בקבוצה <b>{group}</b>."
    )
    paused = "{who} paused <b>{name}</b>: I'll hold new photos and clips of them instead of sending them until one of you resumes, and then offer you the held ones."  # noqa: E501
    assert "עד שמישהו מכם יחדש" in strings[paused]


def test_hebrew_quotes_one_way() -> None:
    """Issue 32 leftover: Hebrew quoted a button or a question three ways („…”, "…", “…”);
    every Hebrew string quotes as most already did, „…” (straight quotes only inside HTML)."""
    outside_html = re.compile(r'=\s*"[^"]*"')
    wrong = [
        s
        for _o, s in _hebrew()
        if re.search(r"[\"“]", outside_html.sub("", s)) or s.count("„") != s.count("”")
    ]
    assert wrong == []
    with in_language("he"):
        said = persons_texts.stale_merge("renamed", "נועה", "נעמה", "טל")
    assert "„מיזוג עם…”" in said, said


def test_a_post_s_date_is_on_the_date() -> None:
    """walkhe N1: "שפורסמה 28 בנוב" read without its "ב-" in the takedown texts, as no
    other message writes a date."""
    posted = re.compile(r"(?<!\w)ש?פורסמ[הו]? (?=\{dates?\})")
    lines = [s for _o, s in _hebrew() if "{date" in s and "פורסמ" in s]
    assert lines and [s for s in lines if posted.search(s)] == []


def test_a_forgotten_answer_reads_as_no_longer_kept() -> None:
    """walkhe N2: "(כבר לא נזכרת)" read as "(no longer recalls)": an answer facedrop
    forgot is one it no longer keeps, "(כבר לא נשמרת)"."""
    lines = [s for o, s in _hebrew() if "no longer remembered" in o]
    assert len(lines) == 3 and all("כבר לא נשמר" in s for s in lines), lines
    assert not [s for _, s in _hebrew() if "נזכר" in s]


def test_a_parent_a_child_or_an_admin_of_unknown_gender_is_no_he() -> None:
    """walkhe N3: the welcome, /privacy and the admin chat's lines spoke of a parent, a
    child or an admin as "he" where every other line says "ילד או ילדה" or the plural."""
    masculine = (
        "הילד או הילדה שלו",
        "ההורה שלו",
        "נתן לו שם",
        "בתמונות של הילד ",
        "מנהל של הקבוצה קישר",
        "רק המנהל שביקש",
        "שמנהל ימחק",
        "מחק מאז את הנתונים שלו",
    )
    found = [(o, m) for o, s in _hebrew() for m in masculine if m in s]
    assert not found, found


def test_names_and_groups_in_notices_are_joined_as_the_language_joins_them() -> None:
    """A co-guardian's notices and the list of groups a parent is back in joined two names
    with a bare comma ("Alice, Bo"), as findings19 19 found of the welcome; a list reads
    "Alice and Bo", "אליס ובו"."""
    with in_language("en"):
        assert persons_texts.was_guardian("Carl", ["Alice", "Bo"]) == (
            "Carl was a co-guardian of <b>Alice</b> and <b>Bo</b> until they deleted their data."
        )
        assert onboarding_texts.welcome_back(["Class 1A", "Class 2B"], []).startswith(
            "You're in <b>Class 1A</b> and <b>Class 2B</b>."
        )
    with in_language("he"):
        said = persons_texts.co_guardian_in_group("כרמל", ["נעמה", "יואב"], None, False)
    assert "<b>\u2068נעמה\u2069</b> ו<b>\u2068יואב\u2069</b>" in said, said  # noqa: RUF001


def test_a_prefix_is_joined_to_a_name_written_in_hebrew() -> None:
    """Hebrew writes "לנעמה" and "ל-Noa", "ב-12.5": a translation's "ל-{name}" keeps its
    hyphen before a value not written in Hebrew letters, and loses it before one that is
    (walkhe 2: "ל-נעמה" read as a typo), markup and isolates around the value or not."""
    with in_language("he"):
        hebrew = moderation_texts.banned("גן חצב", "נעמה")
        latin = moderation_texts.banned("Class 1A", "Noa")
    assert "ל\u2068נעמה\u2069 " in hebrew and "ל-" not in hebrew
    assert "ל-\u2068Noa\u2069 " in latin
    with in_language("en"):
        assert "Noa is banned" in moderation_texts.banned("Class 1A", "Noa")
    # Every Hebrew message with a prefix before a value: none keeps the hyphen before a
    # value in Hebrew letters (in bold, isolated), and each keeps it before digits.
    prefixed = re.compile(r"(?<![\w\u0590-\u05ff])[בהוכלמש]-(?:<b>)?\{(\w+)\}")
    checked = 0
    for _source, translated in _hebrew():
        fields = set(re.findall(r"\{(\w+)\}", translated))
        if not prefixed.search(translated):
            continue
        template = Hebrew(translated)  # as ``_`` gives it (each plural form too)
        as_hebrew = template.format(**{f: "<b>\u2068נעמה\u2069</b>" for f in fields})
        as_digits = template.format(**{f: "12" for f in fields})
        assert not re.search(r"(?<![\w\u0590-\u05ff])[בהוכלמש]-(?:<b>)*\u2068נ", as_hebrew), (
            translated
        )
        assert re.search(r"(?<![\w\u0590-\u05ff])[בהוכלמש]-(?:<b>)?12", as_digits), translated
        checked += 1
    assert checked > 50
    with in_language("he"):  # the prefix before the markup around the name (this walk's)
        assert persons_texts.renamed("נגה") == "השם שונה ל<b>\u2068נגה\u2069</b>."
