import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recoverynet.challenges import frameworks, selectors, services
from recoverynet.challenges.models import AssessmentRound, Framework, Rating, RoundStatus
from recoverynet.challenges.services import PriorityInput
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import OutboxMessage
from tests.conftest import make_user, page_queries, token_client

from .conftest import agree_all, cell

pytestmark = pytest.mark.django_db


def test_shipped_framework_is_ten_challenges_three_levels_four_point_scale(framework):
    assert (
        framework.challenges.count() == 10
        and framework.levels.count() == 3
        and framework.scale.count() == 4
    )
    assert framework.challenges.get(number=7).title == "Redefining user involvement"
    assert (
        services.framework_install(data=frameworks.TEN_CHALLENGES).pk == framework.pk
    )  # idempotent


def test_editing_a_used_framework_makes_a_new_version_and_leaves_rounds_alone(
    world, framework, round_
):
    edited = services.framework_edit(
        actor=world.admin, framework=framework, scale={1: ("Not yet", "Nothing so far.")}
    )
    assert edited.pk != framework.pk and edited.version == 2 and edited.is_current
    assert Framework.objects.get(pk=framework.pk).is_current is False
    assert (
        framework.scale.get(value=1).label == "Not started yet"
    )  # the round's version is unchanged
    assert AssessmentRound.objects.get(pk=round_.pk).framework_id == framework.pk
    with pytest.raises(ApplicationError):
        services.framework_edit(
            actor=world.admin, framework=framework, scale={1: ("x", "y")}
        )  # old version
    with pytest.raises(ApplicationError) as exc:
        services.framework_edit(actor=world.admin, framework=edited, scale={9: ("x", "y")})
    assert exc.value.field == "scale"


def test_editing_an_unused_framework_changes_it_in_place(world, framework):
    edited = services.framework_edit(
        actor=world.admin, framework=framework, challenges={3: "A team that runs the programmes."}
    )
    assert edited.pk == framework.pk and edited.challenges.get(number=3).description.startswith(
        "A team"
    )


def test_only_admins_or_coordinators_edit_frameworks(world, framework):
    with pytest.raises(ApplicationError) as exc:
        services.framework_edit(actor=world.lead_a, framework=framework, scale={1: ("x", "y")})
    assert exc.value.status == 403


def test_who_may_start_a_round(world, framework):
    services.round_start(
        actor=world.coordinator_uk,
        organisation=world.org_a,
        framework=framework,
        title="Team round",
        team_name="Crisis team",
        team_resources={"peer_workers": 3},
    )
    for person in (world.staff_a, world.lead_b, world.coordinator_ie, world.outsider):
        with pytest.raises(ApplicationError) as exc:
            services.round_start(
                actor=person, organisation=world.org_a, framework=framework, title="X"
            )
        assert exc.value.status == 403


def test_team_resources_validated(world, framework):
    with pytest.raises(ApplicationError) as exc:
        services.round_start(
            actor=world.lead_a,
            organisation=world.org_a,
            framework=framework,
            title="T",
            team_resources={"peer_workers": -1},
        )
    assert exc.value.field == "team_resources.peer_workers"
    with pytest.raises(ApplicationError):
        services.round_start(
            actor=world.lead_a,
            organisation=world.org_a,
            framework=framework,
            title="T",
            team_resources={"budget": 5},
        )
    assert not AssessmentRound.objects.exists()


def test_rating_saves_as_you_go_and_validates(world, framework, round_):
    rater = selectors.rater_for_user(actor=world.lead_a, round_=round_)
    challenge_id, level = cell(framework, 7)
    services.rating_save(
        rater=rater,
        challenge_id=challenge_id,
        level_key=level,
        value=3,
        evidence="Service user panel meets monthly",
    )
    services.rating_save(
        rater=rater, challenge_id=challenge_id, level_key=level, value=None
    )  # changed mind: don't know
    rating = Rating.objects.get(rater=rater)
    assert rating.value is None and Rating.objects.count() == 1
    with pytest.raises(ApplicationError) as exc:
        services.rating_save(rater=rater, challenge_id=challenge_id, level_key=level, value=5)
    assert exc.value.field == "value"
    other = services.framework_install(data=frameworks.TRIANGLE_OF_CARE)
    with pytest.raises(ApplicationError) as exc:
        services.rating_save(
            rater=rater, challenge_id=other.challenges.first().pk, level_key=level, value=2
        )
    assert exc.value.field == "challenge"
    with pytest.raises(ApplicationError) as exc:
        services.rating_save(rater=rater, challenge_id=challenge_id, level_key="board", value=2)
    assert exc.value.field == "level"


def test_single_use_links(world, framework, round_):
    invitation = services.rater_invite_by_link(
        actor=world.lead_a,
        round_=round_,
        name="Sam",
        email="sam@example.org",
    )
    assert invitation.raw_token not in invitation.rater.token_hash
    assert "/rate/" in OutboxMessage.objects.get(to=["sam@example.org"]).body_text
    rater = services.rater_by_link(invitation.raw_token)
    services.rating_save(
        rater=rater, challenge_id=cell(framework, 1)[0], level_key="practice", value=1
    )
    assert services.rater_by_link(invitation.raw_token).pk == rater.pk  # still works until sent
    services.rater_submit(rater=rater)
    with pytest.raises(ApplicationError) as exc:
        services.rater_by_link(invitation.raw_token)
    assert exc.value.code == "used"
    with pytest.raises(ApplicationError) as exc:
        services.rater_by_link(
            invitation.raw_token[:-1] + ("A" if invitation.raw_token[-1] != "A" else "B")
        )
    assert exc.value.status == 404
    with pytest.raises(ApplicationError):
        services.rating_save(
            rater=rater, challenge_id=cell(framework, 2)[0], level_key="practice", value=1
        )


def test_invite_member_must_belong_to_the_organisation(world, round_):
    services.rater_invite_member(actor=world.lead_a, round_=round_, user=world.staff_a)
    with pytest.raises(ApplicationError) as exc:
        services.rater_invite_member(actor=world.lead_a, round_=round_, user=world.staff_a)
    assert exc.value.code == "duplicate"
    with pytest.raises(ApplicationError) as exc:
        services.rater_invite_member(actor=world.lead_a, round_=round_, user=world.lead_b)
    assert exc.value.code == "not_affiliated"
    with pytest.raises(ApplicationError) as exc:
        services.rater_invite_member(actor=world.staff_a, round_=round_, user=world.lead_a)
    assert exc.value.status == 403


def _said(world, round_, name, perspective):
    """A rater invited by link who then says their perspective on the rating page."""
    rater = services.rater_invite_by_link(actor=world.lead_a, round_=round_, name=name).rater
    return services.rater_perspective_set(rater=rater, perspective=perspective)


def test_disagreement_between_perspectives_is_detected(world, framework, round_, settings):
    settings.SUPPRESS_PEOPLE_BELOW = 2
    staff = [_said(world, round_, f"Staff {i}", "staff") for i in range(2)]
    voices = [_said(world, round_, f"Voice {i}", "lived_experience") for i in range(2)]
    carer = _said(world, round_, "Kim", "family_carer")
    challenge_id = cell(framework, 7)[0]
    for rater in staff:
        services.rating_save(rater=rater, challenge_id=challenge_id, level_key="practice", value=3)
        services.rating_save(rater=rater, challenge_id=challenge_id, level_key="strategic", value=3)
    for rater in voices:
        services.rating_save(rater=rater, challenge_id=challenge_id, level_key="practice", value=1)
    # A lone carer 2 points away is no group: flagging it would point at them.
    services.rating_save(rater=carer, challenge_id=challenge_id, level_key="strategic", value=1)
    grid = selectors.round_grid(actor=world.lead_a, round_=round_)
    flagged = {(c.challenge.number, c.level.key) for c in grid.disagreements}
    assert flagged == {(7, "practice")}
    practice = next(c for c in grid.disagreements)
    assert practice.perspective_medians() == {"staff": 3, "lived_experience": 1}


def test_grid_queries_do_not_grow_with_raters(world, framework, round_):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            grid = selectors.round_grid(actor=world.lead_a, round_=round_)
            _ = [cell.disagreement for _, cells in grid.rows() for cell in cells]
        return len(ctx.captured_queries)

    few = count()
    for i in range(6):
        rater = services.rater_invite_by_link(actor=world.lead_a, round_=round_, name=f"R{i}").rater
        for challenge in framework.challenges.all():
            for level in framework.levels.all():
                services.rating_save(
                    rater=rater, challenge_id=challenge.pk, level_key=level.key, value=(i % 4) + 1
                )
    assert count() == few


def test_consensus_close_priorities(world, framework, round_):
    with pytest.raises(ApplicationError) as exc:
        services.round_close(actor=world.lead_a, round_=round_)
    assert exc.value.code == "incomplete"
    with pytest.raises(ApplicationError) as exc:
        services.priorities_set(
            actor=world.lead_a, round_=round_, priorities=[PriorityInput(*cell(framework, 1))]
        )
    assert exc.value.code == "not_closed"
    with pytest.raises(ApplicationError) as exc:
        services.consensus_set(
            actor=world.lead_a,
            round_=round_,
            challenge_id=cell(framework, 1)[0],
            level_key="practice",
            value=0,
        )
    assert exc.value.field == "value"
    agree_all(world.lead_a, round_)
    services.round_close(actor=world.lead_a, round_=round_)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    # Closed rounds are read-only.
    rater = selectors.rater_for_user(actor=world.lead_a, round_=round_)
    with pytest.raises(ApplicationError) as exc:
        services.rating_save(
            rater=rater, challenge_id=cell(framework, 1)[0], level_key="practice", value=2
        )
    assert exc.value.code == "closed"
    with pytest.raises(ApplicationError):
        services.consensus_set(
            actor=world.lead_a,
            round_=round_,
            challenge_id=cell(framework, 1)[0],
            level_key="practice",
            value=3,
        )
    priorities = services.priorities_set(
        actor=world.lead_a,
        round_=round_,
        priorities=[
            PriorityInput(*cell(framework, 7), reason="Voices missing"),
            PriorityInput(*cell(framework, 6, "managerial")),
            PriorityInput(*cell(framework, 9, "strategic")),
        ],
    )
    assert [p.rank for p in priorities] == [1, 2, 3]
    with pytest.raises(ApplicationError) as exc:
        services.priorities_set(
            actor=world.lead_a,
            round_=round_,
            priorities=[PriorityInput(*cell(framework, 7)), PriorityInput(*cell(framework, 7))],
        )
    assert exc.value.code == "duplicate"
    with pytest.raises(ApplicationError):
        services.priorities_set(
            actor=world.lead_a, round_=round_, priorities=[PriorityInput(*cell(framework, 1))] * 0
        )
    with pytest.raises(ApplicationError):
        services.priorities_set(
            actor=world.staff_a, round_=round_, priorities=[PriorityInput(*cell(framework, 1))]
        )


def test_who_sees_a_round(world, framework, round_):
    for person in (
        world.lead_a,
        world.staff_a,
        world.coordinator_uk,
        world.consultant_uk,
        world.admin,
    ):
        assert selectors.round_get(actor=person, public_id=round_.public_id).pk == round_.pk
    for person in (
        world.lead_b,
        world.coordinator_ie,
        world.outsider,
        make_user("volunteer@example.org"),
    ):
        with pytest.raises(ApplicationError) as exc:
            selectors.round_get(actor=person, public_id=round_.public_id)
        assert exc.value.status == 404


def test_small_perspective_groups_are_hidden_from_everyone(world, framework, round_):
    """Below SUPPRESS_PEOPLE_BELOW (8) raters a group has no median and no count, for colleagues and
    for the facilitator alike (who sees every named rating beside it)."""
    staff = selectors.rater_for_user(actor=world.lead_a, round_=round_)
    services.rater_perspective_set(rater=staff, perspective="staff")
    carer = _said(world, round_, "Kim", "family_carer")
    challenge_id = cell(framework, 2)[0]
    services.rating_save(rater=staff, challenge_id=challenge_id, level_key="practice", value=4)
    services.rating_save(rater=carer, challenge_id=challenge_id, level_key="practice", value=1)
    grid = selectors.round_grid(actor=world.lead_a, round_=round_)
    target = grid.cells[(challenge_id, framework.levels.get(key="practice").pk)]
    assert target.perspective_medians() == {} and not grid.disagreements
    counts = grid.perspective_counts()
    assert counts.shown == [] and counts.not_shown == 2
    with pytest.raises(ApplicationError):
        services.rater_perspective_set(rater=carer, perspective="patient")


def test_profile_perspective_is_never_copied_into_a_round(world, framework):
    """Issue #9: "We never show it beside your name" — so it is never copied to a rater."""
    from recoverynet.accounts import services as account_services

    for person in (world.lead_a, world.staff_a):
        account_services.perspective_set(actor=person, user=person, perspective="lived_experience")
    round_ = services.round_start(
        actor=world.lead_a, organisation=world.org_a, framework=framework, title="Autumn"
    )
    facilitator = selectors.rater_for_user(actor=world.lead_a, round_=round_)
    rater = services.rater_invite_member(actor=world.lead_a, round_=round_, user=world.staff_a)
    assert facilitator.perspective == "" and rater.perspective == ""
    # The rater says it for the round themselves, if they wish.
    rater = services.rater_perspective_set(rater=rater, perspective="staff")
    assert rater.perspective == "staff"


def test_framework_wording_page(world, framework, round_):
    from django.test import Client

    from tests.conftest import sign_in

    path = f"/frameworks/{framework.pk}/edit/"
    assert sign_in(Client(), world.lead_a).get(path).status_code == 403
    assert (
        sign_in(Client(), world.coordinator_uk).get(path).status_code == 403
    )  # a framework for every network
    admin = sign_in(Client(), world.admin)
    data = {f"scale-{v}-label": f"Point {v}" for v in range(1, 5)} | {
        f"scale-{v}-descriptor": "" for v in range(1, 5)
    }
    data |= {f"challenge-{n}": "" for n in range(1, 11)}
    data["scale-1-label"] = ""
    assert admin.post(path, data).status_code == 400
    data["scale-1-label"] = "Not begun"
    response = admin.post(path, data)
    assert response.status_code == 302
    new = Framework.objects.get(family=framework.family, is_current=True)
    assert new.version == 2 and new.scale.get(value=1).label == "Not begun"
    assert framework.scale.get(value=1).label == "Not started yet"


def test_rating_page_query_count_constant_as_raters_grow(world, framework, round_):
    from django.test import Client

    from tests.conftest import sign_in

    client = sign_in(Client(), world.lead_a)
    path = f"/self-assessment/{round_.public_id}/ratings/"

    def count():
        return page_queries(client, path)

    few = count()
    for i in range(5):
        rater = services.rater_invite_by_link(actor=world.lead_a, round_=round_, name=f"R{i}").rater
        for challenge in framework.challenges.all():
            services.rating_save(
                rater=rater, challenge_id=challenge.pk, level_key="practice", value=2
            )
    assert count() == few


def test_progress_api(world, framework, round_):
    agree_all(world.lead_a, round_, value=3)
    services.round_close(actor=world.lead_a, round_=round_)
    client = token_client(world.staff_a)
    body = client.get(f"/api/v1/organisations/{world.org_a.slug}/progress").json()
    assert len(body["rounds"]) == 1 and len(body["rounds"][0]["agreed"]) == 30
    other = token_client(world.lead_b)
    assert other.get(f"/api/v1/organisations/{world.org_a.slug}/progress").status_code == 403


def test_autosave_saves_each_change_in_the_background(world, framework, round_):
    from django.test import Client

    from recoverynet.challenges.models import Rating
    from tests.conftest import sign_in

    client = sign_in(Client(), world.lead_a)
    challenge = framework.challenges.get(number=3)
    path = f"/self-assessment/{round_.public_id}/rate/?all=1"  # every challenge on one page
    response = client.post(
        path, {f"c{challenge.pk}-practice": "2", "action": "autosave"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 204
    assert Rating.objects.get(challenge=challenge).value == 2
    # A note with no rating yet is not saved (and not lost on the page: the browser still has it).
    response = client.post(
        path,
        {f"c{challenge.pk}-managerial-evidence": "Board papers", "action": "autosave"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert Rating.objects.count() == 1


def test_invite_by_email_same_answer_with_or_without_an_account(world, round_):
    from recoverynet.core.models import OutboxMessage

    errors = []
    for email in ("lead.b@example.org", "LEAD.B@example.org", "no-account@example.org"):
        with pytest.raises(ApplicationError) as exc:
            services.rater_invite_by_email(actor=world.lead_a, round_=round_, email=email)
        errors.append((exc.value.code, exc.value.status, exc.value.field))
        assert exc.value.message == (
            f"{email.lower()} is not the address of anyone at Alpha NHS Trust. Check the "
            "address, or invite them with a link instead."
        )
    assert len(set(errors)) == 1 and not OutboxMessage.objects.exists()
    with pytest.raises(ApplicationError) as exc:
        services.rater_invite_by_email(
            actor=world.staff_a, round_=round_, email="no-account@example.org"
        )
    assert exc.value.status == 403  # access is checked before any address is looked up
    rater = services.rater_invite_by_email(
        actor=world.lead_a, round_=round_, email=" Staff.A@example.org "
    )
    assert rater.user == world.staff_a and rater.perspective == ""


def test_round_page_counts_perspectives_only_in_groups_over_the_threshold(
    world, framework, round_, settings
):
    from tests.conftest import sign_in

    settings.SUPPRESS_PEOPLE_BELOW = 2
    for i in range(2):
        _said(world, round_, f"Voice {i}", "lived_experience")
    _said(world, round_, "Kim", "family_carer")
    from django.test import Client

    html = sign_in(Client(), world.lead_a).get(f"/self-assessment/{round_.public_id}/")
    html = html.content.decode()
    assert "Lived experience of mental health difficulties: 2 raters" in html
    assert "Everyone else (2): not counted by perspective" in html  # Kim and the facilitator
    assert "Family member, friend or carer" not in html and ">Perspective<" not in html


def test_migration_clears_perspectives_copied_from_profiles(world, framework, round_):
    import importlib

    from django.apps import apps

    from recoverynet.accounts import services as account_services
    from recoverynet.challenges.models import Rater

    account_services.perspective_set(actor=world.staff_a, user=world.staff_a, perspective="staff")
    copied = services.rater_invite_member(actor=world.lead_a, round_=round_, user=world.staff_a)
    Rater.objects.filter(pk=copied.pk).update(perspective="staff")  # as the old code copied it
    facilitator = selectors.rater_for_user(actor=world.lead_a, round_=round_)
    services.rater_perspective_set(rater=facilitator, perspective="family_carer")  # not a copy
    link = _said(world, round_, "Sam", "lived_experience")
    migration = importlib.import_module(
        "recoverynet.challenges.migrations.0004_clear_copied_perspectives"
    )
    migration.clear_copied(apps, None)
    values = dict(Rater.objects.values_list("pk", "perspective"))
    assert values[copied.pk] == ""
    assert values[facilitator.pk] == "family_carer" and values[link.pk] == "lived_experience"
