"""Records API: identifying callers, verification, allowances, catalogue, 404/422."""
from __future__ import annotations

DEMO = "10000001"


def test_identify_demo_elder_by_phone_device_and_login(records):
    for params in ({"phone": "13800138000"}, {"phone": "+86 138 0013 8000"},
                   {"device_id": "speaker-0001"}, {"login": "demo"}):
        items = records.get("/elders", params=params).json()["items"]
        assert [e["elder_id"] for e in items] == [DEMO], params
    elder = records.get(f"/elders/{DEMO}").json()
    assert elder["name"] == "张建国" and "id_number_last4" not in elder and "1233" not in str(elder)
    assert elder["age"] >= 77 and elder["birth_date"] == "1948-03-15"
    assert elder["emergency_contact"] == {"name": "张丽", "relation": "女儿", "phone": "13900139000"}
    assert elder["device_ids"] == ["speaker-0001"]


def test_unknown_caller_gives_empty_list(records):
    assert records.get("/elders", params={"phone": "13000000000"}).json() == {"items": []}


def test_elder_lookup_needs_a_filter(records):
    response = records.get("/elders")
    assert response.status_code == 422
    assert "phone" in response.json()["detail"]


def test_unknown_elder_is_404(records):
    for path in ("/elders/99999999", "/elders/99999999/allowances"):
        response = records.get(path)
        assert response.status_code == 404 and "not found" in response.json()["detail"]
    assert records.post("/elders/99999999/verify", json={"id_last4": "1233"}).status_code == 404


def test_verify_last_four(records):
    assert records.post(f"/elders/{DEMO}/verify", json={"id_last4": "1233"}).json()["verified"] is True
    wrong = records.post(f"/elders/{DEMO}/verify", json={"id_last4": "1234"}).json()
    assert wrong["verified"] is False and wrong["tries_left"] >= 0 and "1233" not in str(wrong)
    bad = records.post(f"/elders/{DEMO}/verify", json={"id_last4": "12"})
    assert bad.status_code == 422 and "id_last4" in bad.json()["detail"]


def test_allowances_with_next_payment(records):
    items = records.get("/elders/10000002/allowances").json()["items"]
    assert {a["kind"] for a in items} == {"高龄津贴", "护理补贴"}
    assert all(a["status"] == "active" and a["next_payment_date"] for a in items)
    suspended = records.get("/elders/10000003/allowances").json()["items"]
    assert suspended == [{"kind": "高龄津贴", "status": "suspended", "amount_yuan": 100, "next_payment_date": None}]


def test_institution_search_filters(records):
    query = {"district": "武昌", "care_level": "失能", "max_price": 9000}
    items = records.get("/institutions", params=query).json()["items"]
    assert items and all(i["district"] == "武昌区" and "失能" in i["care_levels"] for i in items)
    cheap = records.get("/institutions", params={"max_price": 2000}).json()["items"]
    assert all(i["price_min_yuan"] <= 2000 for i in cheap)
    assert records.get("/institutions", params={"care_level": "很好"}).status_code == 422


def test_meal_sites_and_menu(records):
    sites = records.get("/meal-sites", params={"district": "武昌区"}).json()["items"]
    assert len(sites) == 3 and any(s["delivers"] for s in sites)
    menu = records.get(f"/meal-sites/{sites[0]['site_id']}/menu", params={"date": "2030-01-07"}).json()["items"]
    assert {d["meal"] for d in menu} == {"早餐", "午餐", "晚餐"}
    assert all(set(d["tags"]) <= {"低盐", "低糖", "软食"} and d["price_yuan"] > 0 for d in menu)
    assert records.get(f"/meal-sites/{sites[0]['site_id']}/menu").json()["items"]  # today by default
    assert records.get("/meal-sites/99999999/menu").status_code == 404
    assert records.get(f"/meal-sites/{sites[0]['site_id']}/menu", params={"date": "tomorrow"}).status_code == 422
