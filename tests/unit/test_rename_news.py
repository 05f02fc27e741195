"""Who hears of a rename (issue 32, seventh walk, finding 1): the person's other guardians,
with the name it had, as pause, merge and undo are told; nobody when nothing changed."""

from __future__ import annotations

from tests.unit.test_persons_store import ANN, BEA, Family


async def test_a_rename_names_the_old_name_and_the_other_guardians() -> None:
    family = Family()

    renamed = await family.persons.rename(family.alice, ANN, "Lia")

    assert renamed is not None and (renamed.was, renamed.others) == ("Alice", (BEA,))
    # Bea renames it back: Ann is the one told.
    back = await family.persons.rename(family.alice, BEA, "Alice")
    assert back is not None and (back.was, back.others) == ("Lia", (ANN,))


async def test_a_rename_to_the_same_name_is_no_news() -> None:
    family = Family()

    renamed = await family.persons.rename(family.alice, ANN, "Alice")

    assert renamed is not None and renamed.others == ()
