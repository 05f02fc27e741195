"""Labelled scenarios for ``facedrop eval``: who enrolls whom, who is in each posted photo,
and the figures a run is judged by (precision, recall, questions asked).

Pure rules: reading a scenario's fields, what a truthful guardian answers, and scoring what
a run observed against the labels. Running it (the sandbox, the bot) is ``cli/eval.py``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

MAX_COLLAGE = 4  # faces per collage post
MAX_CLIP_SHOTS = 12  # shots per clip post
# Each shot of a clip post is on screen this long (``sandbox.clips.film``): 5 frames
# sampled at 2 a second.
CLIP_SHOT_S = 2.5
# The recall on clips is of the children on screen at least this long (issue 35,
# "Done when"): a face glimpsed for a moment is not what a parent expects to be sent.
ON_SCREEN_AT_LEAST_S = 2.0
# An enrollment photo may be sent changed: "FILE#mirrored" (flipped left to right),
# "FILE#gray" (a black-and-white copy), "FILE#padded" (on a plain canvas twice its size: the
# same photo taken from further away); "FILE#mirrored#padded" does both.
MODIFIERS = ("mirrored", "gray", "padded")


def photo_file(name: str) -> str:
    """The file an enrollment photo's name reads ("a.jpg#padded" -> "a.jpg")."""
    return name.split("#", 1)[0]


def photo_modifiers(name: str) -> frozenset[str]:
    return frozenset(name.split("#")[1:])


def spare_is_needed(spare: str, accepted: Sequence[str]) -> bool:
    """A spare "X#padded" stands in for X: it is not sent when X itself was accepted."""
    if "padded" not in photo_modifiers(spare):
        return True
    unpadded = photo_modifiers(spare) - {"padded"}
    return not any(
        photo_file(name) == photo_file(spare) and photo_modifiers(name) == unpadded
        for name in accepted
    )


class ScenarioError(ValueError):
    """A scenario file that cannot be run as written (the message says where and why)."""


@dataclass(frozen=True, slots=True)
class PersonSpec:
    name: str  # what the guardian types after /add (or an organizer names the child)
    identity: str  # the label of this person's photos
    # Photo files sent in order, all of them. Empty: the guardian never enrolls the person
    # (they may claim it when an organizer names it: Scenario.whois_after_posts).
    enroll: tuple[str, ...]
    # Sent one by one, in order, only while fewer than 3 were accepted (see spare_is_needed).
    spare: tuple[str, ...] = ()
    # Enrolled just before this post (its index; 0: before any post): the photos posted
    # before show whether facedrop finds the person in them afterwards.
    enrolls_before_post: int = 0
    # Given on the person's card after enrollment: prototypes then weigh by the child's age.
    born: date | None = None


@dataclass(frozen=True, slots=True)
class GuardianSpec:
    name: str
    persons: tuple[PersonSpec, ...]
    answers: bool = True  # False: ignores every question


@dataclass(frozen=True, slots=True)
class GroupSpec:
    title: str
    members: tuple[str, ...]  # guardian names


@dataclass(frozen=True, slots=True)
class PostSpec:
    group: str
    # A collage: (photo file, identity) per tile, left to right. A photo: ``photo`` is set.
    # A clip (``clip``): (photo file, identity) per shot, each ``CLIP_SHOT_S`` on screen.
    # A real clip (``video``: a video or GIF file) names its people, not where they are.
    faces: tuple[tuple[str, str], ...] = ()
    photo: str | None = None
    people: tuple[str, ...] = ()  # identities in it (a collage's are its faces')
    date: date | None = None
    clip: bool = False
    video: str | None = None
    # A real clip's labels of how long each of its people is on screen, in seconds (their
    # face seen, all its moments together); a person left out is not labelled.
    on_screen_s: tuple[tuple[str, float], ...] = ()

    def seconds_on_screen(self, identity: str) -> float | None:
        """How long ``identity`` is on screen in this clip: a made clip's shots of them, a
        real clip's label; None: a photo, or a real clip whose labels do not say."""
        if self.clip:
            return CLIP_SHOT_S * sum(who == identity for _, who in self.faces)
        return dict(self.on_screen_s).get(identity)

    def shot_at(self, seconds: float) -> str | None:
        """A clip's identity on screen at ``seconds`` (None: past its end)."""
        shot = int((seconds + 0.01) // CLIP_SHOT_S)
        return self.faces[shot][1] if 0 <= shot < len(self.faces) else None

    @property
    def files(self) -> tuple[str, ...]:
        single = self.photo if self.photo is not None else self.video
        return (single,) if single is not None else tuple(f for f, _ in self.faces)


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    faces: str | None  # the photos' root, relative to the scenario's folder
    poster: str
    guardians: tuple[GuardianSpec, ...]
    groups: tuple[GroupSpec, ...]
    posts: tuple[PostSpec, ...]
    # The scenario's first day (its enrollments), which a run maps to today: each dated
    # post is then sent as many days later as its date is after this one. None: no post
    # is dated, all are sent as the run goes.
    starts: date | None = None
    # After these posts (their indices) the poster, an organizer of every group, goes
    # through /whois in the group's admin chat: a cluster most of whose faces are a child
    # of a guardian of the group not enrolled (never, or refused) is named with the
    # child's name, anything else skipped; the guardian opens the claim link, answers
    # truthfully, and the organizer approves the claim.
    whois_after_posts: tuple[int, ...] = ()

    def guardian(self, name: str) -> GuardianSpec:
        return next(g for g in self.guardians if g.name == name)

    def person(self, name: str) -> tuple[GuardianSpec, PersonSpec]:
        """A person by name (names are unique in a scenario) with its guardian."""
        return next((g, p) for g in self.guardians for p in g.persons if p.name == name)

    def guardians_of(self, identity: str) -> list[str]:
        return [g.name for g in self.guardians for p in g.persons if p.identity == identity]


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ScenarioError(f"{where}: expected a list of non-empty strings")
    return tuple(value)


def _text(data: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(f"{where}: '{key}' must be a non-empty string")
    return value


def _index(data: Mapping[str, Any], key: str, where: str) -> int:
    value = data.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ScenarioError(f"{where}: '{key}' must be a post's index (0 or more)")
    return value


def _unknown_keys(data: Mapping[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise ScenarioError(f"{where}: unknown key(s) {', '.join(extra)}")


def _on_screen(value: Any, people: Sequence[str], where: str) -> tuple[tuple[str, float], ...]:
    """A real clip's ``on_screen_s``: seconds on screen by identity, each one of its people."""
    if not isinstance(value, Mapping) or not all(
        who in people
        and isinstance(seconds, int | float)
        and not isinstance(seconds, bool)
        and seconds >= 0
        for who, seconds in value.items()
    ):
        raise ScenarioError(
            f"{where}.on_screen_s: expected seconds (0 or more) by identity, each of its people"
        )
    return tuple((who, float(seconds)) for who, seconds in value.items())


def _date(value: Any, where: str, key: str = "date") -> date | None:
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ScenarioError(f"{where}: '{key}' must be YYYY-MM-DD")


def parse_scenario(data: Mapping[str, Any], labels: Mapping[str, str]) -> Scenario:
    """A scenario from its file's fields; ``labels`` maps a photo file to its identity
    (the faces root's labels.csv), naming the people of collage posts."""
    _unknown_keys(
        data,
        {"name", "faces", "poster", "guardians", "groups", "posts", "starts", "whois_after_posts"},
        "scenario",
    )
    guardians: list[GuardianSpec] = []
    names: set[str] = set()
    for i, raw in enumerate(data.get("guardians") or []):
        where = f"guardians[{i}]"
        _unknown_keys(raw, {"name", "persons", "ignores_questions"}, where)
        persons = []
        for j, person in enumerate(raw.get("persons") or []):
            at = f"{where}.persons[{j}]"
            _unknown_keys(
                person,
                {"name", "identity", "enroll", "spare", "enrolls_before_post", "born"},
                at,
            )
            name = _text(person, "name", at)
            if name in names:
                raise ScenarioError(f"{at}: a second person named {name!r}")
            names.add(name)
            enroll = _strings(person.get("enroll", []), f"{at}.enroll")
            spare = _strings(person.get("spare", []), f"{at}.spare")
            for photo in (*enroll, *spare):
                unknown = sorted(photo_modifiers(photo) - set(MODIFIERS))
                if unknown:
                    raise ScenarioError(f"{at}: {photo}: unknown change(s) {', '.join(unknown)}")
            persons.append(
                PersonSpec(
                    name=name,
                    identity=_text(person, "identity", at),
                    enroll=enroll,
                    spare=spare,
                    enrolls_before_post=_index(person, "enrolls_before_post", at),
                    born=_date(person.get("born"), at, "born"),
                )
            )
        guardians.append(
            GuardianSpec(
                name=_text(raw, "name", where),
                persons=tuple(persons),
                answers=not raw.get("ignores_questions", False),
            )
        )
    if not guardians:
        raise ScenarioError("scenario: no guardians")
    guardian_names = [g.name for g in guardians]
    if len(set(guardian_names)) != len(guardian_names):
        raise ScenarioError("scenario: two guardians with the same name")
    poster = _text(data, "poster", "scenario", "Teacher")
    if poster in guardian_names:
        raise ScenarioError(
            "scenario: the poster is not a guardian (their photos are not sent back)"
        )

    groups = []
    for i, raw in enumerate(data.get("groups") or []):
        where = f"groups[{i}]"
        _unknown_keys(raw, {"title", "members"}, where)
        members = _strings(raw.get("members", []), f"{where}.members")
        for member in members:
            if member not in guardian_names:
                raise ScenarioError(f"{where}: {member!r} is not a guardian")
        groups.append(GroupSpec(_text(raw, "title", where), members))
    if not groups:
        raise ScenarioError("scenario: no groups")
    titles = [g.title for g in groups]

    posts = []
    for i, raw in enumerate(data.get("posts") or []):
        where = f"posts[{i}]"
        _unknown_keys(
            raw,
            {"group", "collage", "clip", "photo", "video", "people", "date", "on_screen_s"},
            where,
        )
        group = raw.get("group", titles[0] if len(titles) == 1 else None)
        if group not in titles:
            raise ScenarioError(f"{where}: 'group' must name one of the groups")
        when = _date(raw.get("date"), where)
        kinds = [kind for kind in ("collage", "clip", "photo", "video") if kind in raw]
        if len(kinds) != 1:
            raise ScenarioError(
                f"{where}: give one of 'collage' (1-{MAX_COLLAGE} files), 'clip' "
                f"(1-{MAX_CLIP_SHOTS} files), 'photo' or 'video'"
            )
        (kind,) = kinds
        if kind in ("collage", "clip"):
            files = _strings(raw[kind], f"{where}.{kind}")
            most = MAX_COLLAGE if kind == "collage" else MAX_CLIP_SHOTS
            if not 1 <= len(files) <= most:
                raise ScenarioError(f"{where}: a {kind} has 1 to {most} faces")
            if "people" in raw:
                raise ScenarioError(f"{where}: a {kind}'s people are its photos' labels")
            faces = []
            for file in files:
                if file not in labels:
                    raise ScenarioError(f"{where}: {file} is not in the faces' labels.csv")
                faces.append((file, labels[file]))
            people = tuple(dict.fromkeys(identity for _, identity in faces))
            posts.append(
                PostSpec(
                    group=group,
                    faces=tuple(faces),
                    people=people,
                    date=when,
                    clip=kind == "clip",
                )
            )
        else:
            people = _strings(raw.get("people", []), f"{where}.people")
            file = _text(raw, kind, where)
            if "on_screen_s" in raw and kind != "video":
                raise ScenarioError(f"{where}: only a 'video' has 'on_screen_s' labels")
            posts.append(
                PostSpec(
                    group=group,
                    photo=file if kind == "photo" else None,
                    video=file if kind == "video" else None,
                    people=people,
                    date=when,
                    on_screen_s=_on_screen(raw.get("on_screen_s", {}), people, where),
                )
            )
    if not posts:
        raise ScenarioError("scenario: no posts")
    for guardian in guardians:
        for spec in guardian.persons:
            if spec.enrolls_before_post > len(posts):
                raise ScenarioError(
                    f"{spec.name}: enrolls_before_post {spec.enrolls_before_post} is past the "
                    f"last post ({len(posts)} posts)"
                )
    starts = _dates_in_order(data, posts, guardians)
    whois = data.get("whois_after_posts", [])
    if (
        not isinstance(whois, list)
        or any(isinstance(i, bool) or not isinstance(i, int) for i in whois)
        or sorted(set(whois)) != whois
        or any(not 0 <= i < len(posts) for i in whois)
    ):
        raise ScenarioError(
            f"scenario: 'whois_after_posts' must list posts' indices (0 to {len(posts) - 1}) "
            "in increasing order"
        )
    root = data.get("faces")
    if root is not None and not isinstance(root, str):
        raise ScenarioError("scenario: 'faces' must be a folder path")
    return Scenario(
        name=_text(data, "name", "scenario", "scenario"),
        faces=root,
        poster=poster,
        guardians=tuple(guardians),
        groups=tuple(groups),
        posts=tuple(posts),
        starts=starts,
        whois_after_posts=tuple(whois),
    )


def _dates_in_order(
    data: Mapping[str, Any], posts: Sequence[PostSpec], guardians: Sequence[GuardianSpec]
) -> date | None:
    """The scenario's first day ('starts', else its first dated post's), checking that the
    dates can be lived through in order: time only moves forward in a run."""
    dated = [(i, post.date) for i, post in enumerate(posts) if post.date is not None]
    starts = _date(data.get("starts"), "scenario", "starts")
    if starts is None and dated:
        starts = dated[0][1]
    latest = starts
    for i, when in dated:
        if latest is not None and when < latest:
            raise ScenarioError(f"posts[{i}]: dated {when}, before an earlier post or 'starts'")
        latest = when
    for guardian in guardians:
        for person in guardian.persons:
            if person.born is not None and starts is not None and person.born > starts:
                raise ScenarioError(f"{person.name}: born after the scenario starts")
    return starts


def truthful_answer(person_identity: str, face_identity: str | None, post: PostSpec) -> bool:
    """A guardian's answer to "Is this <person>?": yes when the face is really theirs.

    A face whose identity is unknown (a photo post with several people, whose faces the
    scenario does not place) is theirs when the person is among the photo's people.
    """
    if face_identity is not None:
        return face_identity == person_identity
    return person_identity in post.people


def expected_deliveries(
    scenario: Scenario, on_screen_at_least_s: float = 0.0
) -> set[tuple[int, str]]:
    """(post index, guardian): every post showing one of a guardian's persons, in a group
    the guardian is a member of; of a clip, only where that person is on screen at least
    ``on_screen_at_least_s`` (a photo, or a real clip whose labels do not say how long,
    always counts)."""
    members = {g.title: set(g.members) for g in scenario.groups}
    expected = set()
    for index, post in enumerate(scenario.posts):
        for guardian in scenario.guardians:
            mine = {p.identity for p in guardian.persons} & set(post.people)
            if guardian.name in members[post.group] and any(
                (seconds := post.seconds_on_screen(identity)) is None
                or seconds >= on_screen_at_least_s
                for identity in mine
            ):
                expected.add((index, guardian.name))
    return expected


# ----- what a run observed ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Delivered:
    post: int
    guardian: str
    automatic: bool  # sent before any guardian answered a question about this post
    earlier: bool = False  # sent because a guardian said "send them" to earlier photos
    claimed: bool = False  # sent when the organizers approved the guardian's claim


@dataclass(frozen=True, slots=True)
class Offered:
    guardian: str
    person: str
    photos: int
    pressed: bool  # answered (a guardian who ignores questions presses nothing)
    sheet: bool = False  # a sheet of look-alike faces ("These 5 faces look like X")


@dataclass(frozen=True, slots=True)
class Asked:
    post: int
    guardian: str  # who was shown the question
    person: str  # "Is this <person>?"
    face_identity: str | None  # who the face really is (None: not known, see truthful_answer)
    answer: bool | None  # None: not answered
    score: float | None = None  # the face's score for the person when it was asked


@dataclass(frozen=True, slots=True)
class Claimed:
    """A child an organizer named from a cluster, and what its guardian answered."""

    guardian: str
    person: str
    faces: int  # shown to the guardian: "Is this Tom, your child? 4 faces"
    answer: str  # "yes", "some" (asked about each face then), "no"
    approved: bool  # the organizer approved the claim (never after "no")


def claim_answer(person_identity: str, face_identities: Sequence[str | None]) -> str:
    """What a guardian answers to "Is this <person>, your child?" about these faces:
    "yes" when every face is the child, "no" when none is, else "some"."""
    theirs = [identity == person_identity for identity in face_identities]
    if theirs and all(theirs):
        return "yes"
    return "some" if any(theirs) else "no"


@dataclass(frozen=True, slots=True)
class Refusal:
    guardian: str
    person: str
    file: str
    reason: str  # the verdict: no_face, too_small, ...


@dataclass(frozen=True, slots=True)
class WrongFace:
    post: int
    person: str  # the face was counted as this person
    face_identity: str | None  # who it really is


@dataclass
class Observed:
    deliveries: list[Delivered] = field(default_factory=list)
    questions: list[Asked] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    enrollment_photos: int = 0
    not_enrolled: list[str] = field(default_factory=list)  # persons left with too few photos
    wrong_faces: list[WrongFace] = field(default_factory=list)
    offers: list[Offered] = field(default_factory=list)  # "I found N earlier photos"
    clusters_named: int = 0  # by the organizer in /whois ("Name this child")
    clusters_skipped: int = 0  # shown by /whois, nobody's child in the scenario
    claims: list[Claimed] = field(default_factory=list)
    # Each face of the posts nobody holds at the end: who it really is, and its cluster
    # (None: in no cluster), after a last regrouping.
    unknown_faces: list[tuple[str | None, str | None]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # when each phase ended


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def score(scenario: Scenario, observed: Observed) -> dict[str, Any]:
    """The figures of a run, as written to JSON (``print_table`` shows the same)."""
    expected = expected_deliveries(scenario)
    long_enough = expected_deliveries(scenario, ON_SCREEN_AT_LEAST_S)
    sent = {(d.post, d.guardian): d for d in observed.deliveries}
    right = [key for key in sent if key in expected]
    wrong = [sent[key] for key in sorted(sent) if key not in expected]
    automatic = [key for key in right if sent[key].automatic]
    shown = list(observed.questions)

    def not_theirs(question: Asked) -> bool:
        guardian = scenario.guardian(question.guardian)
        mine = {p.identity for p in guardian.persons}
        post = scenario.posts[question.post]
        if question.face_identity is not None:
            return question.face_identity not in mine
        return not (mine & set(post.people))

    refused_by: dict[str, int] = {}
    for refusal in observed.refusals:
        refused_by[refusal.reason] = refused_by.get(refusal.reason, 0) + 1
    return {
        "scenario": scenario.name,
        "posts": len(scenario.posts),
        "expected_deliveries": len(expected),
        "delivered": len(sent),
        "delivered_right": len(right),
        "precision": _ratio(len(right), len(sent)),
        "wrong_deliveries": [
            {
                "guardian": d.guardian,
                "post": d.post,
                "photo": list(scenario.posts[d.post].files),
                "really_in_it": list(scenario.posts[d.post].people),
                "automatic": d.automatic,
            }
            for d in wrong
        ],
        "recall_automatic": _ratio(len(automatic), len(expected)),
        "earlier_photo_offers": sum(1 for o in observed.offers if not o.sheet),
        "earlier_photos_offered": sum(o.photos for o in observed.offers if not o.sheet),
        "look_alike_sheets": sum(1 for o in observed.offers if o.sheet),
        "look_alike_faces_shown": sum(o.photos for o in observed.offers if o.sheet),
        "delivered_as_earlier_photos": sum(1 for d in sent.values() if d.earlier),
        "delivered_as_earlier_photos_wrong": sum(1 for d in wrong if d.earlier),
        "clusters_named": observed.clusters_named,
        "clusters_skipped": observed.clusters_skipped,
        "claims": [
            {
                "guardian": c.guardian,
                "person": c.person,
                "faces": c.faces,
                "answer": c.answer,
                "approved": c.approved,
            }
            for c in observed.claims
        ],
        "delivered_on_claims": sum(1 for d in sent.values() if d.claimed),
        "delivered_on_claims_wrong": sum(1 for d in wrong if d.claimed),
        "recall_after_answers": _ratio(len(right), len(expected)),
        # The measure: of the deliveries of children on screen for 2 s or more.
        "expected_deliveries_on_screen_2s": len(long_enough),
        "recall_automatic_on_screen_2s": _ratio(
            sum(key in long_enough for key in automatic), len(long_enough)
        ),
        "recall_after_answers_on_screen_2s": _ratio(
            sum(key in long_enough for key in right), len(long_enough)
        ),
        "missed": [
            {"guardian": g, "post": p, "photo": list(scenario.posts[p].files)}
            for p, g in sorted(expected - set(sent))
        ],
        "questions": len(shown),
        "questions_answered_yes": sum(1 for q in shown if q.answer is True),
        "questions_per_delivered_photo": _ratio(len(shown), len(sent)),
        "questions_about_another_familys_child": sum(1 for q in shown if not_theirs(q)),
        "asked": [
            {
                "guardian": q.guardian,
                "post": q.post,
                "is_this": q.person,
                "really": q.face_identity,
                "answer": {True: "yes", False: "no", None: "none"}[q.answer],
                "score": q.score,
            }
            for q in shown
        ],
        "faces_counted_as_the_wrong_person": [
            {"post": w.post, "person": w.person, "really": w.face_identity}
            for w in sorted(observed.wrong_faces, key=lambda w: (w.post, w.person))
        ],
        "enrollment_photos": observed.enrollment_photos,
        "enrollment_photos_refused": len(observed.refusals),
        "enrollment_refused_by_reason": refused_by,
        "enrollment_refused": [
            {"guardian": r.guardian, "person": r.person, "file": r.file, "reason": r.reason}
            for r in observed.refusals
        ],
        "persons_not_enrolled": list(observed.not_enrolled),
        "clusters": cluster_figures(observed.unknown_faces),
        "dates": _dates_seen(scenario),
        "phases_ended_at_s": dict(observed.seconds),
    }


def _dates_seen(scenario: Scenario) -> str:
    if scenario.starts is None:
        return "none: every photo is posted on the run's day"
    born = sum(p.born is not None for g in scenario.guardians for p in g.persons)
    return (
        f"each post sent on its date (day one, {scenario.starts}, is the run's first day); "
        f"birth dates given for {born} persons"
    )


def cluster_figures(faces: Sequence[tuple[str | None, str | None]]) -> dict[str, Any]:
    """How well the clusters of unknown faces follow who is who. ``faces``: each unknown
    face's real identity (None: not known) and cluster (None: in none).

    purity: of the clustered faces, the share that are the child most of their cluster is
    (1.0: no cluster mixes children); completeness: of the faces of children seen at least
    twice, the share in their child's largest cluster (1.0: each child one cluster, every
    face of theirs in it)."""
    known = [(who, cluster) for who, cluster in faces if who is not None]
    clusters: dict[str, Counter[str]] = {}
    for who, cluster in known:
        if cluster is not None:
            clusters.setdefault(cluster, Counter())[who] += 1
    clustered = sum(sum(c.values()) for c in clusters.values())
    purity = _ratio(sum(c.most_common(1)[0][1] for c in clusters.values()), clustered)
    by_child = Counter(who for who, _ in known)
    seen_twice = {who for who, count in by_child.items() if count >= 2}
    largest = {who: max((c[who] for c in clusters.values()), default=0) for who in seen_twice}
    completeness = _ratio(sum(largest.values()), sum(by_child[w] for w in seen_twice))
    return {
        "clusters": len(clusters),
        # Who each cluster's faces really are, largest cluster first.
        "members": [
            dict(c.most_common()) for c in sorted(clusters.values(), key=lambda c: -sum(c.values()))
        ],
        "unknown_faces": len(faces),
        "clustered": clustered,
        "purity": purity,
        "completeness": completeness,
    }


def table(figures: Mapping[str, Any]) -> list[str]:
    """The figures as lines of a plain table."""

    def shown(value: Any) -> str:
        return "n/a" if value is None else str(value)

    refused = ", ".join(
        f"{k} {v}" for k, v in sorted(figures["enrollment_refused_by_reason"].items())
    )
    rows = [
        ("posts", figures["posts"]),
        ("expected photo deliveries", figures["expected_deliveries"]),
        ("delivered", figures["delivered"]),
        ("precision", figures["precision"]),
        ("wrong deliveries", len(figures["wrong_deliveries"])),
        ("recall, automatic", figures["recall_automatic"]),
        ("recall, after answers", figures["recall_after_answers"]),
        (
            "recall, on screen >= 2 s",
            f"{shown(figures['recall_automatic_on_screen_2s'])} automatic, "
            f"{shown(figures['recall_after_answers_on_screen_2s'])} after answers "
            f"(of {figures['expected_deliveries_on_screen_2s']} deliveries)",
        ),
        (
            "earlier photos offered",
            f"{figures['earlier_photos_offered']} in {figures['earlier_photo_offers']} "
            f"offer(s); {figures['delivered_as_earlier_photos']} delivered on a yes "
            f"({figures['delivered_as_earlier_photos_wrong']} wrong)",
        ),
        (
            "clusters named by an organizer",
            f"{figures['clusters_named']} ({figures['clusters_skipped']} skipped); "
            f"{len(figures['claims'])} claimed ("
            + ", ".join(
                f"{sum(c['answer'] == a for c in figures['claims'])} {a}"
                for a in ("yes", "some", "no")
            )
            + f"); {figures['delivered_on_claims']} delivered on claims "
            f"({figures['delivered_on_claims_wrong']} wrong)",
        ),
        (
            "sheets of look-alike faces",
            f"{figures['look_alike_sheets']} showing {figures['look_alike_faces_shown']} faces",
        ),
        ("questions asked", figures["questions"]),
        ("questions per delivered photo", figures["questions_per_delivered_photo"]),
        (
            "questions showing another family's child",
            figures["questions_about_another_familys_child"],
        ),
        ("faces counted as the wrong person", len(figures["faces_counted_as_the_wrong_person"])),
        (
            "enrollment photos refused",
            f"{figures['enrollment_photos_refused']} of {figures['enrollment_photos']}"
            + (f" ({refused})" if refused else ""),
        ),
        ("persons not enrolled", len(figures["persons_not_enrolled"])),
        (
            "clusters of unknown faces",
            f"{figures['clusters']['clusters']} holding {figures['clusters']['clustered']} "
            f"of {figures['clusters']['unknown_faces']} unknown faces",
        ),
        ("clusters: purity", figures["clusters"]["purity"]),
        ("clusters: completeness", figures["clusters"]["completeness"]),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [f"  {name:<{width}}  {shown(value)}" for name, value in rows]
    for wrong in figures["wrong_deliveries"]:
        lines.append(
            f"  WRONG: {wrong['guardian']} got post {wrong['post']} "
            f"({', '.join(wrong['photo'])}); really in it: "
            f"{', '.join(wrong['really_in_it']) or 'nobody labelled'}"
        )
    return lines
