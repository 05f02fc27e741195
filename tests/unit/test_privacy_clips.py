"""/privacy's list of what is kept, true of clips as they are stored (issue 35): a clip's
faces as the faces followed through it with their times on screen, the one frame a question
about a clip's face shows, which clips were posted and how long each is, and the clips'
frames let go after reading; in each language. ``tests/e2e/test_truth.py`` compares the
English with the stores after a journey with a clip."""

from __future__ import annotations

import pytest

from domain.languages.catalogs import RLM, in_language
from domain.privacy.texts import privacy

# Each language's words for what is kept of a clip, in /privacy's order.
CLIP_LINES = {
    "en": [
        "in the group's photos and clips (in a clip, one for each face I followed through it, "
        "with when it is on screen)",
        "a small crop of each face I show you, and for a face in a clip, the one frame of the "
        "clip I show it on, until you answer (at most 30 days)",
        "which group photos and clips were posted (a link to the Telegram message, its caption, "
        "to keep it on the copies I send, who posted it, and a clip's length)",
        "I fetch the group's photos and clips from Telegram only while I look at them (a clip's "
        "frames are read one by one and let go, but for the one a question shows)",
    ],
    "es": [
        "de las fotos y vídeos del grupo (en un vídeo, una por cada cara que seguí a lo largo de "
        "él, con cuándo aparece en pantalla)",
        "y, para una cara de un vídeo, el único fotograma del vídeo en que te la muestro",
        "qué fotos y vídeos se publicaron en el grupo",
        "quién lo publicó y la duración de un vídeo",
        "los fotogramas de un vídeo se leen uno a uno y se descartan, salvo el que muestra una "
        "pregunta",
    ],
    "he": [
        "ובתמונות ובסרטונים של הקבוצה (בסרטון, אחת לכל פנים שעקבתי אחריהן לאורכו, עם הזמנים "
        "שבהם הן מופיעות)",
        "ועבור פנים בסרטון, הפריים היחיד מהסרטון שעליו אני מראה אותן",
        "אילו תמונות וסרטונים פורסמו בקבוצה",
        "ואורכו של סרטון",
        "את הפריימים של סרטון אני קורא אחד אחד ולא שומר, חוץ מזה ששאלה מציגה",
    ],
    "ru": [
        "на фото и видео группы (в видео — по одному на каждое лицо, за которым я следил по ходу "
        "видео, с тем, когда оно на экране)",  # noqa: RUF001
        "а для лица в видео — тот единственный кадр видео, на котором я его показываю",  # noqa: RUF001
        "какие фото и видео были опубликованы в группе",
        "кто его опубликовал и длительность видео",  # noqa: RUF001
        "кадры видео я читаю по одному и не храню, кроме того, который показывает вопрос",
    ],
}
# What the list said of photos only before clips were read and sent: gone in every language.
PHOTOS_ONLY = {
    "en": ["which group photos were posted", "I fetch group photos from Telegram"],
    "es": ["qué fotos se publicaron", "solo descargo de Telegram las fotos del grupo mientras"],
    "he": ["אילו תמונות פורסמו", "ואני מוריד תמונות של הקבוצה מטלגרם"],
    "ru": ["какие фото были опубликованы", "а фото группы загружаю"],  # noqa: RUF001
}


@pytest.mark.parametrize("language", sorted(CLIP_LINES))
def test_privacy_says_what_is_kept_of_a_clip_and_for_how_long(language: str) -> None:
    with in_language(language):
        said = " ".join(privacy([("1A", 30)]).replace(RLM, "").split())
    for line in CLIP_LINES[language]:
        assert line in said, f"{language}: {line}"
    for line in PHOTOS_ONLY[language]:
        assert line not in said, f"{language} still says: {line}"
