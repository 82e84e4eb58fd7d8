"""RECOLLECT fidelity reviews: scoring (totals, disagreement), ratings per version, agreeing and
closing, the licensed wording, the network distribution (suppressed), pages and who may see them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from recoverynet.colleges import fidelity as structure
from recoverynet.colleges.models import StaffRole
from recoverynet.colleges.selectors import fidelity as selectors
from recoverynet.colleges.services import fidelity as services
from recoverynet.colleges.services import fidelity_snapshots as snapshot_services
from recoverynet.colleges.services.fidelity import RatingInput
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AuditEntry
from tests.conftest import page_queries, sign_in, token_client

from .network_helpers import add_college, agree_all, closed_review, staff

pytestmark = pytest.mark.django_db


# --- Scoring -------------------------------------------------------------------------------------


def test_the_structure_is_seven_scored_and_five_modifiable_components():
    assert len(structure.SCORED) == 7
    assert len(structure.MODIFIABLE) == 5
    assert structure.MAX_TOTAL == 14
    assert structure.versions_for_component(structure.BY_KEY["location"]) == (structure.MANAGER,)


def test_total_needs_every_scored_component_agreed():
    agreed = {c.key: 2 for c in structure.SCORED}
    assert structure.total(agreed) == 14
    agreed["learning"] = None
    assert structure.total(agreed) is None
    assert structure.total({}) is None


@given(st.lists(st.integers(min_value=0, max_value=2), min_size=7, max_size=7))
def test_total_is_the_sum_of_the_seven_scores_between_0_and_14(scores):
    agreed = {c.key: s for c, s in zip(structure.SCORED, scores, strict=True)}
    total = structure.total(agreed)
    assert total == sum(scores)
    assert 0 <= total <= 14


def test_disagreement_levels():
    assert structure.disagreement({"student": 2.0, "peer_trainer": 2.0, "manager": 2.0}) == 0
    assert structure.disagreement({"student": 1.5, "manager": 2.0}) == 0
    assert structure.disagreement({"student": 1.0, "manager": 2.0}) == 1
    assert structure.disagreement({"student": 0.0, "peer_trainer": 1.0, "manager": 2.0}) == 2
    assert structure.disagreement({"student": 0.0, "manager": None}) == 0


@given(
    st.dictionaries(st.sampled_from(structure.VERSIONS), st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0]))
)
def test_disagreement_is_zero_one_or_two_and_symmetric(views):
    level = structure.disagreement(views)
    assert level in (0, 1, 2)
    assert structure.disagreement(dict(reversed(list(views.items())))) == level


# --- Starting, rating, agreeing, closing ---------------------------------------------------------


def test_manager_starts_a_review_and_a_second_open_one_is_refused(cw):
    review = services.fidelity_review_start(
        actor=cw.manager, college=cw.college, network=cw.world.uk, title="Spring 2027"
    )
    assert review.status == "open"
    with pytest.raises(ApplicationError) as exc:
        services.fidelity_review_start(
            actor=cw.manager, college=cw.college, network=cw.world.uk, title="Again"
        )
    assert exc.value.code == "review_open"


@pytest.mark.parametrize("who", ["other_manager", "peer_trainer", "advisor"])
def test_only_managers_and_the_network_team_start_a_review(cw, who):
    with pytest.raises(ApplicationError) as exc:
        services.fidelity_review_start(
            actor=getattr(cw, who), college=cw.college, network=cw.world.uk, title="Spring"
        )
    assert exc.value.status == 403


def test_a_college_outside_the_network_cannot_start_a_review_there(cw):
    with pytest.raises(ApplicationError) as exc:
        services.fidelity_review_start(
            actor=cw.world.admin, college=cw.college, network=cw.world.ie, title="Spring"
        )
    assert exc.value.code == "not_member"


@pytest.fixture
def review(cw):
    return services.fidelity_review_start(
        actor=cw.manager, college=cw.college, network=cw.world.uk, title="Spring 2027"
    )


def test_versions_side_by_side_with_n_and_disagreement(cw, review):
    second_peer = staff(cw.world, "peer2@example.org", cw.college, StaffRole.PEER_TRAINER)
    services.fidelity_ratings_save(
        actor=cw.peer_trainer,
        review=review,
        ratings=[
            RatingInput("learning", score=0, evidence="Few courses ran."),
            RatingInput("coproduction", score=2),
        ],
    )
    services.fidelity_ratings_save(
        actor=second_peer, review=review, ratings=[RatingInput("learning", score=0)]
    )
    services.fidelity_ratings_save(
        actor=cw.manager,
        review=review,
        ratings=[RatingInput("learning", score=2), RatingInput("location", type=1)],
    )
    grid = selectors.fidelity_grid(actor=cw.manager, review=review)
    assert grid.raters == {"peer_trainer": 2, "manager": 1}
    learning = next(r for r in grid.rows if r.component.key == "learning")
    views = {v.version: v for v in learning.versions}
    assert views["peer_trainer"].n == 2 and views["peer_trainer"].view == 0.0
    assert views["peer_trainer"].evidence == ["Few courses ran."]
    assert views["manager"].n == 1 and views["manager"].view == 2.0
    assert views["student"].n == 0 and views["student"].view is None
    assert learning.disagreement == 2
    coproduction = next(r for r in grid.rows if r.component.key == "coproduction")
    assert coproduction.disagreement == 0
    location = next(r for r in grid.rows if r.component.key == "location")
    assert [v.version for v in location.versions] == ["manager"]
    assert location.versions[0].counts == {1: 1}
    assert grid.total is None


def test_saving_again_replaces_the_raters_own_rating(cw, review):
    services.fidelity_ratings_save(
        actor=cw.peer_trainer, review=review, ratings=[RatingInput("learning", score=0)]
    )
    services.fidelity_ratings_save(
        actor=cw.peer_trainer, review=review, ratings=[RatingInput("learning", score=1)]
    )
    assert selectors.my_ratings(actor=cw.peer_trainer, review=review)["learning"].score == 1


@pytest.mark.parametrize(
    ("rating", "field"),
    [
        (RatingInput("learning", score=3), "learning"),
        (RatingInput("learning", type=1), "learning"),
        (RatingInput("location", type=1), "location"),  # peer trainers do not rate modifiable ones
        (RatingInput("nonsense", score=1), "component"),
        (RatingInput("learning", score=1, evidence="x" * 2001), "learning_evidence"),
        (RatingInput("learning", score=1, evidence="bad\x00byte"), "learning_evidence"),
    ],
)
def test_bad_ratings_are_refused_naming_the_field_and_nothing_is_saved(cw, review, rating, field):
    with pytest.raises(ApplicationError) as exc:
        services.fidelity_ratings_save(actor=cw.peer_trainer, review=review, ratings=[rating])
    assert exc.value.status == 422
    assert exc.value.field == field
    assert not review.responses.exists()


def test_people_with_no_part_in_the_college_cannot_rate(cw, review):
    for who in (cw.other_manager, cw.world.outsider, cw.professional_trainer):
        with pytest.raises(ApplicationError) as exc:
            services.fidelity_ratings_save(
                actor=who, review=review, ratings=[RatingInput("learning", score=1)]
            )
        assert exc.value.status == 403


def test_closing_needs_every_component_agreed_then_the_total_counts(cw, review):
    with pytest.raises(ApplicationError) as exc:
        services.fidelity_review_close(actor=cw.manager, review=review)
    assert exc.value.code == "not_agreed"
    agree_all(cw.manager, review, score=1)
    services.fidelity_agree(actor=cw.manager, review=review, component="learning", score=2)
    closed = services.fidelity_review_close(actor=cw.manager, review=review)
    assert closed.status == "closed"
    assert selectors.fidelity_grid(actor=cw.manager, review=closed).total == 8
    with pytest.raises(ApplicationError) as exc:
        services.fidelity_ratings_save(
            actor=cw.peer_trainer, review=closed, ratings=[RatingInput("learning", score=0)]
        )
    assert exc.value.code == "review_closed"


def test_agreed_values_must_fit_the_component(cw, review):
    with pytest.raises(ApplicationError):
        services.fidelity_agree(actor=cw.manager, review=review, component="learning", type=1)
    with pytest.raises(ApplicationError):
        services.fidelity_agree(actor=cw.manager, review=review, component="location", score=2)
    with pytest.raises(ApplicationError) as exc:
        services.fidelity_agree(actor=cw.peer_trainer, review=review, component="learning", score=2)
    assert exc.value.status == 403


def test_a_closed_review_starts_an_action_plan_through_plans(cw, review):
    from recoverynet.network import services as network_services
    from recoverynet.plans import selectors as plan_selectors

    network_services.affiliation_add(
        actor=cw.world.admin, organisation=cw.world.org_a, email=cw.manager.email, role="staff"
    )
    agree_all(cw.manager, review, score=2)
    services.fidelity_agree(actor=cw.manager, review=review, component="community_focus", score=0)
    review = services.fidelity_review_close(actor=cw.manager, review=review)
    plan = services.fidelity_plan_create(
        actor=cw.manager, review=review, title="Our fidelity actions"
    )
    found = plan_selectors.plan_get(actor=cw.manager, public_id=plan.public_id)
    assert found.source_kind == "fidelity_review"
    assert [a.topic for a in found.actions.all()] == ["recollect:community_focus"]


# --- Licensed wording ----------------------------------------------------------------------------


def test_a_coordinator_loads_the_wording_after_confirming_the_licence(cw):
    rows = services.wording_parse(
        'component,version,wording\nlearning,student,"Licensed words, with a comma"\nlocation,manager,More words\n'
    )
    count = services.wording_load(
        actor=cw.world.coordinator_uk,
        network=cw.world.uk,
        licence_holder="UK Network",
        terms_confirmed=True,
        rows=rows,
    )
    assert count == 2
    assert (
        selectors.wording(cw.world.uk.pk)[("learning", "student")] == "Licensed words, with a comma"
    )
    assert selectors.licence(cw.world.uk).licence_holder == "UK Network"


def test_wording_is_refused_without_the_licence_confirmation_or_by_others(cw):
    rows = services.wording_parse("learning,student,Words")
    with pytest.raises(ApplicationError) as exc:
        services.wording_load(
            actor=cw.world.coordinator_uk,
            network=cw.world.uk,
            licence_holder="UK",
            terms_confirmed=False,
            rows=rows,
        )
    assert exc.value.field == "terms_confirmed"
    for who in (cw.world.consultant_uk, cw.world.coordinator_ie, cw.manager):
        with pytest.raises(ApplicationError) as exc:
            services.wording_load(
                actor=who, network=cw.world.uk, licence_holder="UK", terms_confirmed=True, rows=rows
            )
        assert exc.value.status == 403
    assert selectors.wording(cw.world.uk.pk) == {}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "nonsense,student,Words",
        "location,student,Words",
        "learning,student",
        "learning,student,\x00",
    ],
)
def test_bad_wording_is_refused(text):
    with pytest.raises(ApplicationError) as exc:
        services.wording_parse(text)
    assert exc.value.field == "wording"


# --- Across the network --------------------------------------------------------------------------


def test_network_distribution_is_suppressed_below_five_colleges(cw, settings):
    settings.SUPPRESS_ORGANISATIONS_BELOW = 5
    closed_review(cw.world, cw.college, cw.manager, score=2)
    for i in range(3):
        college = add_college(cw.world, f"College {i}", f"college-{i}")
        closed_review(cw.world, college, cw.world.admin, score=1)
    found = selectors.fidelity_distribution(actor=cw.manager, network=cw.world.uk)
    # Below five colleges no snapshot is taken at all: nothing to show, not even the count.
    assert found.colleges == 0 and found.suppressed and found.bands == []
    assert found.published_at is None
    college = add_college(cw.world, "College 4", "college-4")
    closed_review(cw.world, college, cw.world.admin, score=1)
    found = selectors.fidelity_distribution(actor=cw.manager, network=cw.world.uk)
    assert not found.suppressed and found.spread.median == 7.0
    assert found.bands == []  # the bands are for the network team only
    team = selectors.fidelity_distribution(actor=cw.world.consultant_uk, network=cw.world.uk)
    assert dict(team.bands)["7 to 8"] == 4 and dict(team.bands)["13 to 14"] == 1


def test_a_change_after_a_snapshot_is_not_seen_until_the_next(cw, settings):
    """Differencing over time: one more college closing a review must not move what others see;
    only a new snapshot, once enough colleges changed, does."""
    settings.SUPPRESS_ORGANISATIONS_BELOW = 5
    settings.SNAPSHOT_MIN_CHANGE = 2
    closed_review(cw.world, cw.college, cw.manager, score=2)
    for i in range(4):
        college = add_college(cw.world, f"College {i}", f"college-{i}")
        closed_review(cw.world, college, cw.world.admin, score=1)
    first = selectors.fidelity_distribution(actor=cw.manager, network=cw.world.uk)
    assert first.colleges == 5 and first.published_at is not None
    lone = add_college(cw.world, "Lone College", "lone-college")
    closed_review(cw.world, lone, cw.world.admin, score=2)
    after = selectors.fidelity_distribution(actor=cw.manager, network=cw.world.uk)
    assert (after.colleges, after.spread.median, after.published_at) == (
        5,
        first.spread.median,
        first.published_at,
    )
    # The periodic job does not publish it either: one change is too few.
    assert snapshot_services.snapshots_due(now=timezone.now() + datetime.timedelta(days=60)) == 0
    team = selectors.fidelity_distribution(actor=cw.world.consultant_uk, network=cw.world.uk)
    assert team.changes_since == 1
    second = add_college(cw.world, "Second College", "second-college")
    closed_review(cw.world, second, cw.world.admin, score=2)
    latest = selectors.fidelity_distribution(actor=cw.manager, network=cw.world.uk)
    assert latest.colleges == 7 and latest.published_at != first.published_at
    assert AuditEntry.objects.filter(action="core.snapshot.published").count() == 2


def test_distribution_is_not_for_outsiders(cw):
    with pytest.raises(ApplicationError):
        selectors.fidelity_distribution(actor=cw.world.outsider, network=cw.world.uk)
    with pytest.raises(ApplicationError):
        selectors.fidelity_distribution(actor=cw.world.lead_ie, network=cw.world.uk)


# --- Pages ---------------------------------------------------------------------------------------


def test_review_page_shows_versions_and_never_names_a_rater(cw, review, client):
    services.fidelity_ratings_save(
        actor=cw.peer_trainer, review=review, ratings=[RatingInput("learning", score=0)]
    )
    sign_in(client, cw.manager)
    response = client.get(f"/fidelity/{review.public_id}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Peer trainers (n = 1)" in body
    assert cw.peer_trainer.full_name not in body
    assert cw.peer_trainer.email not in body


def test_review_page_queries_do_not_grow_with_raters(cw, review, client):
    sign_in(client, cw.manager)
    services.fidelity_ratings_save(
        actor=cw.peer_trainer, review=review, ratings=[RatingInput("learning", score=1)]
    )
    before = page_queries(client, f"/fidelity/{review.public_id}/")
    for i in range(4):
        peer = staff(cw.world, f"peer{i}@example.org", cw.college, StaffRole.PEER_TRAINER)
        services.fidelity_ratings_save(
            actor=peer,
            review=review,
            ratings=[RatingInput(c.key, score=i % 3) for c in structure.SCORED],
        )
    assert page_queries(client, f"/fidelity/{review.public_id}/") == before


def test_a_peer_trainer_rates_on_their_own_page(cw, review, client):
    sign_in(client, cw.peer_trainer)
    assert client.get(f"/fidelity/{review.public_id}/rate/").status_code == 200
    response = client.post(
        f"/fidelity/{review.public_id}/rate/",
        {"learning": "2", "learning_evidence": "Co-produced prospectus."},
    )
    assert response.status_code == 302
    assert selectors.my_ratings(actor=cw.peer_trainer, review=review)["learning"].score == 2


def test_agree_form_with_bad_value_shows_an_error_and_saves_nothing(cw, review, client):
    sign_in(client, cw.manager)
    response = client.post(
        f"/fidelity/{review.public_id}/",
        {"form": "agree", "component": "learning", "value": "s1", "rationale": "\x00"},
    )
    assert response.status_code in (400, 422)
    assert not review.agreements.exists()
    response = client.post(
        f"/fidelity/{review.public_id}/", {"form": "agree", "component": "location", "value": "s0"}
    )
    assert response.status_code == 400
    assert "type 1 or type 2" in response.content.decode()
    assert not review.agreements.exists()


def test_wording_page_is_for_coordinators(cw, client):
    sign_in(client, cw.world.consultant_uk)
    assert client.get("/manage/learning-network/uk/fidelity-wording/").status_code == 403
    sign_in(client, cw.world.coordinator_uk)
    response = client.post(
        "/manage/learning-network/uk/fidelity-wording/",
        {"licence_holder": "UK Network", "wording": "learning,student,Words"},
    )
    assert response.status_code == 400
    assert "Confirm the licence terms." in response.content.decode()


# --- API -----------------------------------------------------------------------------------------


def test_api_rater_saves_own_ratings(cw, review):
    api = token_client(cw.peer_trainer)
    url = f"/api/v1/fidelity-reviews/{review.public_id}"
    response = api.put(
        f"{url}/my-ratings",
        {"ratings": [{"component": "learning", "score": 1, "evidence": "Seen in the prospectus."}]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == "peer_trainer"
    assert api.get(f"{url}/my-ratings").json()["ratings"][0]["score"] == 1
    assert token_client(cw.other_manager).get(f"{url}/my-ratings").status_code == 404
    bad = api.put(
        f"{url}/my-ratings",
        {"ratings": [{"component": "learning", "score": 5}]},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"]


def test_api_manager_sees_the_grid_and_agrees(cw, review):
    api = token_client(cw.manager)
    url = f"/api/v1/fidelity-reviews/{review.public_id}"
    response = api.post(
        f"{url}/agreements", {"component": "learning", "score": 2}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    learning = next(c for c in response.json()["components"] if c["key"] == "learning")
    assert learning["agreed_score"] == 2
    assert api.post(f"{url}/close").status_code == 409
    assert token_client(cw.other_manager).get(url).status_code == 404


def test_api_list_and_distribution(cw, review):
    assert (
        token_client(cw.manager)
        .get("/api/v1/colleges/alpha-college/fidelity-reviews")
        .json()[0]["title"]
        == "Spring 2027"
    )
    assert (
        token_client(cw.other_manager)
        .get("/api/v1/colleges/alpha-college/fidelity-reviews")
        .status_code
        == 404
    )
    found = (
        token_client(cw.other_manager)
        .get("/api/v1/learning-network/uk/fidelity-distribution")
        .json()
    )
    assert found["suppressed"] is True and found["median"] is None


# --- Students ------------------------------------------------------------------------------------


def test_a_student_rates_in_the_student_version_and_sees_only_their_own(cw, review, client):
    from .conftest import make_student

    user, _student = make_student(cw, "student.rater@example.org", "Sam Student")
    services.fidelity_ratings_save(
        actor=user, review=review, ratings=[RatingInput("learning", score=2)]
    )
    grid = selectors.fidelity_grid(actor=cw.manager, review=review)
    learning = next(r for r in grid.rows if r.component.key == "learning")
    assert {v.version: v.n for v in learning.versions}["student"] == 1
    with pytest.raises(ApplicationError):
        services.fidelity_ratings_save(
            actor=user, review=review, ratings=[RatingInput("location", type=1)]
        )
    sign_in(client, user)
    response = client.get(f"/fidelity/{review.public_id}/")
    assert response.status_code == 302 and response["Location"].endswith("/rate/")
    assert client.get(f"/fidelity/{review.public_id}/rate/").status_code == 200
    api = token_client(user)
    assert api.get(f"/api/v1/fidelity-reviews/{review.public_id}").status_code == 403
    assert (
        api.get(f"/api/v1/fidelity-reviews/{review.public_id}/my-ratings").json()["version"]
        == "student"
    )
    # A student of another college cannot rate or see it.
    other_user = make_student_elsewhere(cw)
    assert (
        token_client(other_user)
        .get(f"/api/v1/fidelity-reviews/{review.public_id}/my-ratings")
        .status_code
        == 404
    )


def make_student_elsewhere(cw):
    from recoverynet.colleges.services import student as student_services
    from tests.conftest import make_user

    user = make_user("elsewhere@example.org", full_name="Elsewhere Student")
    student_services.student_register(actor=user, college=cw.other_college, preferred_name="Else")
    return user
