from collections.abc import Callable
from datetime import datetime, timedelta

from starlette.testclient import TestClient

T0 = datetime(2026, 11, 29, 12)
FIVE = timedelta(minutes=5)


def flow(i: int, interconnector: str, power: float, emissions: float) -> dict[str, object]:
    region_from, region_to = interconnector.split("-")
    return {
        "interval_start": T0 + i * FIVE,
        "network_id": "NEM",
        "interconnector_id": interconnector,
        "region_from": region_from,
        "region_to": region_to,
        "power_mw": power,
        "energy_mwh": power / 12,
        "market_value": power / 12 * 100,
        "emissions_t": emissions,
    }


ROWS = {
    "fct_region_flows_v1": [
        flow(0, "VIC1-NSW1", 120.0, 5.0),
        flow(1, "VIC1-NSW1", -60.0, 2.0),
        flow(2, "VIC1-NSW1", 240.0, 9.0),
        flow(2, "NSW1-QLD1", 12.0, 1.0),
    ]
}


def test_flows_per_interconnector_and_direction(make_client: Callable[..., TestClient]) -> None:
    client = make_client(ROWS)

    body = client.get("/v4/flows/network/NEM").json()

    assert body["success"] is True
    assert [f["interconnector_id"] for f in body["data"]] == ["NSW1-QLD1", "VIC1-NSW1"]
    vic_nsw = body["data"][1]
    assert (vic_nsw["region_from"], vic_nsw["region_to"]) == ("VIC1", "NSW1")
    assert vic_nsw["energy_forward"] == 30.0 and vic_nsw["energy_reverse"] == 5.0
    assert vic_nsw["emissions_forward"] == 14.0 and vic_nsw["emissions_reverse"] == 2.0
    assert vic_nsw["market_value"] == 2500.0


def test_flows_over_a_range(make_client: Callable[..., TestClient]) -> None:
    client = make_client(ROWS)

    body = client.get(
        "/v4/flows/network/NEM",
        params={"date_start": "2026-11-29T12:05:00", "date_end": "2026-11-29T12:10:00"},
    ).json()

    assert [(f["interconnector_id"], f["energy_reverse"]) for f in body["data"]] == [
        ("VIC1-NSW1", 5.0)
    ]


def test_flows_of_an_empty_mart_are_empty(make_client: Callable[..., TestClient]) -> None:
    assert make_client({}).get("/v4/flows/network/NEM").json()["data"] == []


def test_flows_refuse_bad_requests(make_client: Callable[..., TestClient]) -> None:
    client = make_client(ROWS)

    wem = client.get("/v4/flows/network/WEM")
    unknown = client.get("/v4/flows/network/XX")
    param = client.get("/v4/flows/network/NEM", params={"interval": "5m"})
    backwards = client.get(
        "/v4/flows/network/NEM",
        params={"date_start": "2026-11-29T13:00:00", "date_end": "2026-11-29T12:00:00"},
    )

    assert [r.status_code for r in (wem, unknown, param, backwards)] == [400, 404, 400, 400]
    assert "only the NEM" in wem.json()["error"]


def test_flows_are_in_the_openapi_document(make_client: Callable[..., TestClient]) -> None:
    paths = make_client({}).get("/openapi.json").json()["paths"]

    assert "/v4/flows/network/{network_code}" in paths
