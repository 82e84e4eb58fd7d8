"""The RECOLLECT Fidelity Measure's structure and scoring (Toney et al. 2019, Can J Psychiatry
64:405-414), as the licence allows us to ship it: the twelve component names, which seven are scored
0/1/2 (total 0-14) and which five the manager rates as type 1 or type 2, and the three rater
versions. Licence CC BY-NC-ND 4.0: structure, names and scoring unchanged.

The wording of each item is **not** here: a network loads the wording it holds a licence for
(`services.fidelity.wording_load`). Without it, raters see the component names only.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median


@dataclass(frozen=True)
class Component:
    key: str
    name: str
    scored: bool  # True: 0/1/2 (non-modifiable); False: type 1 / type 2 (modifiable)


COMPONENTS: tuple[Component, ...] = (
    Component("valuing_equality", "Valuing Equality", True),
    Component("learning", "Learning", True),
    Component("tailored_to_student", "Tailored to the Student", True),
    Component("coproduction", "Coproduction of the Recovery College", True),
    Component("social_connectedness", "Social Connectedness", True),
    Component("community_focus", "Community Focus", True),
    Component("commitment_to_recovery", "Commitment to Recovery", True),
    Component("available_to_all", "Available to All", False),
    Component("location", "Location", False),
    Component("distinctiveness", "Distinctiveness of Course Content", False),
    Component("strengths_based", "Strengths Based", False),
    Component("progressive", "Progressive", False),
)
BY_KEY = {c.key: c for c in COMPONENTS}
SCORED = tuple(c for c in COMPONENTS if c.scored)
MODIFIABLE = tuple(c for c in COMPONENTS if not c.scored)
COMPONENT_CHOICES = [(c.key, c.name) for c in COMPONENTS]
MAX_TOTAL = 2 * len(SCORED)  # 14

STUDENT, PEER_TRAINER, MANAGER = "student", "peer_trainer", "manager"
VERSION_CHOICES = [
    (STUDENT, "Students"),
    (PEER_TRAINER, "Peer trainers"),
    (MANAGER, "Manager"),
]
VERSION_LABELS = dict(VERSION_CHOICES)
VERSIONS = tuple(key for key, _ in VERSION_CHOICES)

# Each score in words *and* as a colour name, so that nothing is told by colour alone.
SCORE_LABELS = {0: "Red: not in place", 1: "Amber: partly in place", 2: "Green: in place"}
SCORE_COLOURS = {0: "red", 1: "amber", 2: "green"}
TYPE_LABELS = {1: "Type 1", 2: "Type 2"}


def versions_for_component(component: Component) -> tuple[str, ...]:
    """Every version rates the scored components; only the manager rates the modifiable ones."""
    return VERSIONS if component.scored else (MANAGER,)


def total(agreed: dict[str, int | None]) -> int | None:
    """The fidelity total (0-14): the sum of the agreed scores of the seven scored components, or
    None until every one of them is agreed."""
    scores = [agreed.get(c.key) for c in SCORED]
    if any(s is None for s in scores):
        return None
    return sum(s for s in scores if s is not None)


def version_view(scores: list[int]) -> float | None:
    """One version's view of a component: the median of its raters' scores (None with no raters)."""
    return float(median(scores)) if scores else None


def disagreement(views: dict[str, float | None]) -> int:
    """How far apart the versions are on a component: the largest difference between two versions'
    views (0 when they agree or fewer than two versions rated). 1 or more is shown as disagreement;
    2 (one says red, another green) as strong disagreement."""
    present = [v for v in views.values() if v is not None]
    if len(present) < 2:
        return 0
    spread = max(present) - min(present)
    return 2 if spread >= 2 else (1 if spread >= 1 else 0)


def band(total_: int) -> str:
    """The coarse band a total falls in, for the network distribution."""
    if total_ <= 6:
        return "0 to 6"
    if total_ <= 8:
        return "7 to 8"
    if total_ <= 10:
        return "9 to 10"
    if total_ <= 12:
        return "11 to 12"
    return "13 to 14"


BANDS = ("0 to 6", "7 to 8", "9 to 10", "11 to 12", "13 to 14")
