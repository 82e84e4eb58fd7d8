import pytest

from recoverynet.challenges import frameworks, services


@pytest.fixture
def framework(db):
    return services.framework_install(data=frameworks.TEN_CHALLENGES)


@pytest.fixture
def round_(world, framework):
    return services.round_start(
        actor=world.lead_a, organisation=world.org_a, framework=framework, title="Spring 2027"
    )


def cell(framework, number, level="practice"):
    return framework.challenges.get(number=number).pk, level


def agree_all(actor, round_, value=2):
    for challenge in round_.framework.challenges.all():
        for level in round_.framework.levels.all():
            services.consensus_set(
                actor=actor,
                round_=round_,
                challenge_id=challenge.pk,
                level_key=level.key,
                value=value,
            )
