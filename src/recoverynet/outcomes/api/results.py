"""Published results (decision 0033): per collection, per Recovery College (pool) and per
network. Every count below the threshold is null; figures change only as new snapshots are
published (by the daily job, or here by the people who plan the collections)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Status

from recoverynet.accounts.api_auth import api_auth, private_read
from recoverynet.core import exports
from recoverynet.core.api import errors
from recoverynet.core.errors import NotFound
from recoverynet.network import selectors as network_selectors

from .. import access, selectors, services
from ..selectors import Pool, Published
from .router import router
from .schemas import PooledOut, PoolOut, PublishedOut, ResultOut


def results_out(found: Published) -> list[dict[str, Any]]:
    out = []
    for r in found.results:
        f = r.figures
        out.append(
            {
                "instrument": r.instrument,
                "instrument_name": r.instrument_name,
                "follow_up": r.follow_up,
                "published_at": found.published_at,
                "minimum": f.minimum,
                "n_baseline": f.n_baseline,
                "n_follow_up": f.n_follow_up,
                "n_paired": f.n_paired,
                "mean_change": f.mean_change,
                "ci_low": f.ci_low,
                "ci_high": f.ci_high,
                "reliable": [c.__dict__ for c in f.reliable],
                "meaningful": f.meaningful.__dict__ if f.meaningful else None,
            }
        )
    return out


@router.get(
    "/outcomes/collections/{collection_id}/results",
    response=list[ResultOut],
    auth=api_auth,
    summary="The cohort's results as last published: counts below the threshold are null",
)
@private_read(*access.PAGE_APPS)
def collection_results(request: HttpRequest, collection_id: UUID) -> Any:
    collection = selectors.collection_get(
        actor=request.user, public_id=collection_id, need="results"
    )
    return results_out(selectors.cohort_results(actor=request.user, collection=collection))


@router.post(
    "/outcomes/collections/{collection_id}/results/snapshots",
    response={201: PublishedOut, **errors(409)},
    auth=api_auth,
    summary="Publish the cohort's figures now (409 too_little_change until enough people "
    "have answered since the last ones)",
)
def collection_results_publish(request: HttpRequest, collection_id: UUID) -> Any:
    collection = selectors.collection_get(actor=request.user, public_id=collection_id, need="plan")
    services.results_publish(actor=request.user, collection=collection)
    found = selectors.cohort_results(actor=request.user, collection=collection)
    return Status(201, {"published_at": found.published_at, "results": results_out(found)})


@router.get(
    "/outcomes/collections/{collection_id}/export.{fmt}",
    response={200: None},
    auth=api_auth,
    summary="The answers without names (CSV or XLSX): pseudonyms, the month, item values and "
    "scores; never names, wording or free text (the collection's planners)",
)
def collection_export(request: HttpRequest, collection_id: UUID, fmt: str) -> Any:
    collection = selectors.collection_get(actor=request.user, public_id=collection_id, need="plan")
    if fmt not in ("csv", "xlsx"):
        raise NotFound("Exports are CSV or XLSX.")
    header, rows = selectors.export_table(actor=request.user, collection=collection)
    name = f"outcomes-{collection.public_id}"
    if fmt == "xlsx":
        return exports.xlsx_response(filename=name, header=header, rows=rows, sheet="Answers")
    return exports.csv_response(filename=name, header=header, rows=rows)


def pool_out(pool: Pool) -> dict[str, Any]:
    return {"key": pool.key or pool.scope, "label": pool.label, "scope": pool.scope}


def pooled_out(request: HttpRequest, pool: Pool) -> dict[str, Any]:
    found = selectors.pool_results(actor=request.user, pool=pool)
    collections, organisations = selectors.pool_counts(pool=pool)
    return {
        "pool": pool_out(pool),
        "published_at": found.published_at,
        "collections": collections,
        "organisations": organisations,
        "withheld": found.withheld,
        "results": results_out(found),
    }


@router.get(
    "/organisations/{slug}/outcomes/pools",
    response=list[PoolOut],
    auth=api_auth,
    summary="The Recovery Colleges whose collections are pooled (the organisation's people)",
)
def pool_list(request: HttpRequest, slug: str) -> Any:
    organisation = network_selectors.organisation_public(slug)
    return [
        pool_out(p)
        for p in selectors.pools_for_organisation(actor=request.user, organisation=organisation)
    ]


@router.get(
    "/organisations/{slug}/outcomes/pools/{key}/results",
    response=PooledOut,
    auth=api_auth,
    summary="A Recovery College's pooled results, as last published",
)
def pool_results(request: HttpRequest, slug: str, key: str) -> Any:
    organisation = network_selectors.organisation_public(slug)
    pool = selectors.pool_get(actor=request.user, organisation=organisation, key=key)
    return pooled_out(request, pool)


@router.post(
    "/organisations/{slug}/outcomes/pools/{key}/results/snapshots",
    response={201: PooledOut, **errors(409)},
    auth=api_auth,
    summary="Publish a Recovery College's pooled figures now (its organisation's planners)",
)
def pool_publish(request: HttpRequest, slug: str, key: str) -> Any:
    organisation = network_selectors.organisation_public(slug)
    pool = selectors.pool_get(actor=request.user, organisation=organisation, key=key)
    services.pool_publish(actor=request.user, pool=pool)
    return Status(201, pooled_out(request, pool))


@router.get(
    "/networks/{slug}/outcomes/results",
    response=PooledOut,
    auth=api_auth,
    summary="A network's pooled results, as last published (its team only)",
)
def network_results(request: HttpRequest, slug: str) -> Any:
    return pooled_out(request, selectors.network_pool_get(actor=request.user, slug=slug))


@router.post(
    "/networks/{slug}/outcomes/results/snapshots",
    response={201: PooledOut, **errors(409)},
    auth=api_auth,
    summary="Publish a network's pooled figures now (its coordinators)",
)
def network_results_publish(request: HttpRequest, slug: str) -> Any:
    pool = selectors.network_pool_get(actor=request.user, slug=slug)
    services.pool_publish(actor=request.user, pool=pool)
    return Status(201, pooled_out(request, pool))
