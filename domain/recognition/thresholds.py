"""Matching thresholds, which belong to the model pack that made the embeddings.

A face whose best person scores at least ``auto``, and beats the runner-up
person by ``margin``, is assigned; from ``suggest`` up to ``auto`` a guardian is
asked; below ``suggest`` it stays unknown. Measure a pack with
``facedrop faces evaluate`` before trusting it.

A face a guardian rejected for a person ("That isn't Alice") vetoes that
person only for faces closer to it than to every prototype of the person by
``veto_margin``; a face within the margin of it is only ever suggested.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.settings import MatchingSettings

# How much closer to a rejected face than to the person's prototypes a face must be
# before the rejection vetoes the person (cosine similarity). Measured with buffalo_sc
# on ../shared/faces/children (24 FG-NET children aged <= 12, 3 random prototypes,
# 20 trials): after one rejection of the child's closest unrelated look-alike, the
# old rule (veto when rejected >= prototypes) dropped 23 of 1422 genuine later photos,
# 0.05 drops 12 and assigns the look-alike's other photos no more often (16 of 2149,
# as before). After a rejection of a photo that was really the child (the issue's
# report), the old rule silently dropped 333 of 928 genuine photos that were sent or
# asked about before; 0.05 drops 39 and asks about the rest. 0.08-0.10 drop a few
# less but turn ~10% more genuine photos into questions.
VETO_MARGIN = 0.05
# How far a face's best person must lead the runner-up before its family is asked about
# it (a face about as close to two children is asked about to neither): measured on the
# children scenarios, docs/recognition.md "Asking only when ahead".
QUESTION_LEAD = 0.05


@dataclass(frozen=True, slots=True)
class MatchThresholds:
    auto: float
    suggest: float
    margin: float
    source: str
    veto_margin: float = VETO_MARGIN
    question_lead: float = QUESTION_LEAD

    def __post_init__(self) -> None:
        if not 0 < self.suggest <= self.auto < 1:
            raise ValueError(
                f"need 0 < suggest <= auto < 1, got suggest={self.suggest} auto={self.auto}"
            )


# buffalo_sc: measured with `facedrop faces evaluate` on ../shared/faces (single-face
# photos of 26 adult identities): genuine pairs min 0.35, impostor pairs max 0.30.
# Children and poor light score lower for genuine pairs, so `auto` keeps a wide
# margin above the impostors and the band below it asks a guardian instead.
# buffalo_l: insightface's ResNet50 pack separates better (impostors rarely pass
# 0.25); not measurable on this offline machine, set from the same rule.
PACK_THRESHOLDS: dict[str, MatchThresholds] = {
    "buffalo_sc": MatchThresholds(auto=0.45, suggest=0.34, margin=0.08, source="pack buffalo_sc"),
    "buffalo_s": MatchThresholds(auto=0.45, suggest=0.34, margin=0.08, source="pack buffalo_s"),
    "buffalo_m": MatchThresholds(auto=0.45, suggest=0.32, margin=0.08, source="pack buffalo_m"),
    "buffalo_l": MatchThresholds(auto=0.45, suggest=0.32, margin=0.08, source="pack buffalo_l"),
    "antelopev2": MatchThresholds(auto=0.45, suggest=0.32, margin=0.08, source="pack antelopev2"),
}
# An unknown pack gets the strictest thresholds we know until it is measured.
UNMEASURED = MatchThresholds(
    auto=0.55, suggest=0.40, margin=0.10, source="unmeasured pack: strict defaults"
)


def thresholds_for(pack: str, overrides: MatchingSettings | None = None) -> MatchThresholds:
    """The pack's thresholds, with any value set in the settings taking precedence."""
    base = PACK_THRESHOLDS.get(pack, UNMEASURED)
    if overrides is None or all(
        v is None for v in (overrides.auto, overrides.suggest, overrides.margin)
    ):
        return base
    return MatchThresholds(
        auto=base.auto if overrides.auto is None else overrides.auto,
        suggest=base.suggest if overrides.suggest is None else overrides.suggest,
        margin=base.margin if overrides.margin is None else overrides.margin,
        source=f"{base.source}, overridden by settings",
    )
