"""The network benchmark over HTTP: the published snapshot, and publishing a new one (decision
0009). Mounted on the self-assessment router in api.py."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from recoverynet.accounts.api_auth import api_auth, private_read
from recoverynet.core.api import errors
from recoverynet.network import selectors as network_selectors

from . import selectors
from .benchmarks import Benchmark, benchmark_publish, network_benchmark

router = Router(tags=["self-assessment"])


class BenchmarkCellOut(Schema):
    challenge: int
    level: str
    contributors: int
    suppressed: bool = Field(
        description="True when fewer organisations than the minimum contributed; no figures are given."
    )
    median: float | None = Field(description="To the nearest half point.")
    lower_quartile: float | None
    upper_quartile: float | None
    named: dict[str, int] = Field(
        description="Organisation → rating, for the organisations behind the snapshot; only for the network team."
    )


class BenchmarkOut(Schema):
    network: str
    framework: int
    minimum_organisations: int
    published_at: datetime.datetime | None = Field(
        description="When the snapshot shown was published; null when none has been."
    )
    contributors: int
    changes_since: int | None = Field(
        description="Coordinators only: organisations that joined, left or sent new results since."
    )
    min_change: int = Field(description="How many must have before a new snapshot is allowed.")
    cells: list[BenchmarkCellOut]


def _benchmark_out(result: Benchmark) -> dict[str, Any]:
    return {
        "network": result.network.slug,
        "framework": result.framework.pk,
        "minimum_organisations": result.minimum,
        "published_at": result.published_at,
        "contributors": result.contributors,
        "changes_since": result.changes_since,
        "min_change": result.min_change,
        "cells": [
            {
                "challenge": c.challenge_number,
                "level": c.level_key,
                "contributors": c.contributors,
                "suppressed": c.suppressed,
                "median": c.median,
                "lower_quartile": c.lower_quartile,
                "upper_quartile": c.upper_quartile,
                "named": c.named,
            }
            for c in result.cells
        ],
    }


@router.get(
    "/networks/{slug}/benchmarks/{framework_id}",
    response=BenchmarkOut,
    auth=api_auth,
    summary="The network's published benchmark snapshot (anonymous, suppressed below the minimum)",
)
@private_read("challenges", "network")  # snapshots are "core": on every key
def benchmark(request: HttpRequest, slug: str, framework_id: int) -> Any:
    network = network_selectors.network_get(slug)
    result = network_benchmark(
        actor=request.user, network=network, framework=selectors.framework_get(framework_id)
    )
    return _benchmark_out(result)


@router.post(
    "/networks/{slug}/benchmarks/{framework_id}/snapshots",
    response={201: BenchmarkOut, **errors(409)},
    auth=api_auth,
    summary="Publish a new benchmark snapshot (coordinators; 409 if too little has changed)",
)
def benchmark_snapshot_publish(request: HttpRequest, slug: str, framework_id: int) -> Any:
    network = network_selectors.network_get(slug)
    framework = selectors.framework_get(framework_id)
    benchmark_publish(actor=request.user, network=network, framework=framework)
    result = network_benchmark(actor=request.user, network=network, framework=framework)
    return Status(201, _benchmark_out(result))
