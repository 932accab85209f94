"""The gate's decisions over a real store: keys, per-link and total kernel limits."""

import logging

import pytest

from workbook import gate as gates
from workbook import refusal_page
from workbook.kernels import PageKernelManager
from workbook.log_redaction import redact, redact_record


class Kernels:
    """The kernel manager's bookkeeping without processes (PageKernelManager's methods)."""

    def __init__(self, pool: int = 0):
        self.pool = pool
        self.owners: dict[str, str] = {}

    def running(self) -> int:
        return self.pool + len(self.owners)

    def owned_by(self, owner):
        return sum(o == owner for o in self.owners.values())

    def claim(self, kernel_id, owner):
        self.owners[kernel_id] = owner

    def owner_of(self, kernel_id):
        return self.owners.get(kernel_id)


@pytest.fixture
def gate(service):
    return lambda kernels, per_key=2, total=10: gates.Gate(
        kernels, service.store.key_live, per_key=per_key, total=total)


def test_only_live_keys_pass(gate, cohort):
    g = gate(Kernels())
    for key in (None, "", "short", "A" * 32, "<script>" + "a" * 24):
        assert g.admit(key) == gates.INVALID
    anne = cohort.links["Anne Vallasekretär"]
    assert isinstance(g.admit(anne.key), gates.Ticket)
    person = next(p for t in cohort.admin.teams() for p in cohort.admin.people(t.id)
                  if p.data.name == "Anne Vallasekretär")
    cohort.admin.revoke_links(person.id)
    assert g.admit(anne.key) == gates.INVALID


def test_the_link_of_a_removed_person_gets_no_kernel(gate, cohort):
    g = gate(Kernels())
    tiina = cohort.links["Tiina Tamm"]
    person = cohort.admin.get(cohort.login("Tiina Tamm").actor.person_id)
    cohort.admin.delete(person.id, expected_version=person.version)
    assert g.admit(tiina.key) == gates.INVALID


def test_a_link_holds_a_few_kernels_counting_those_still_starting(gate, cohort):
    kernels = Kernels()
    g = gate(kernels, per_key=2)
    key = cohort.links["Tiina Tamm"].key
    first, second = g.admit(key), g.admit(key)  # both still starting
    assert g.admit(key) == gates.TOO_MANY
    first.bind("k1")
    second.close()  # its request ended without a kernel
    assert kernels.owners == {"k1": first.owner}
    third = g.admit(key)
    assert isinstance(third, gates.Ticket)
    third.bind("k2")
    assert g.admit(key) == gates.TOO_MANY
    assert isinstance(g.admit(cohort.links["Kaia Kask"].key), gates.Ticket)  # others go on
    del kernels.owners["k1"]  # the kernel ended
    assert isinstance(g.admit(key), gates.Ticket)


def test_the_server_refuses_kernels_past_its_total(gate, cohort):
    g = gate(Kernels(pool=7), per_key=6, total=9)
    assert isinstance(g.admit(cohort.links["Tiina Tamm"].key), gates.Ticket)
    assert isinstance(g.admit(cohort.links["Kaia Kask"].key), gates.Ticket)
    assert g.admit(cohort.links["Rein Raud"].key) == gates.FULL


def test_a_store_that_cannot_be_read_refuses_and_logs(caplog):
    def broken(_digest):
        raise OSError("database is down")
    g = gates.Gate(Kernels(), broken, per_key=2, total=9)
    with caplog.at_level(logging.ERROR, "workbook.gate"):
        assert g.admit("A" * 32) == gates.UNAVAILABLE
    assert "database is down" in caplog.text


def test_only_the_owner_proof_of_that_kernel_counts(gate, cohort):
    kernels = Kernels()
    g = gate(kernels)
    g.admit(cohort.links["Tiina Tamm"].key).bind("k1")
    proof = g.owner_proof("k1")
    assert g.owns("k1", proof)
    assert not g.owns("k1", None) and not g.owns("k1", "0" * 64) and not g.owns("k1", "ä")
    assert not g.owns("k2", g.owner_proof("k2"))  # a kernel no page got (the pool's)
    assert not gates.Gate(kernels, None, per_key=1, total=1).owns("k1", proof)  # restarted


@pytest.mark.parametrize("reason,status,lang,text", [
    (gates.INVALID, 403, "et", "See link ei kehti."),
    (gates.INVALID, 403, "en", "This link is not valid."),
    (gates.TOO_MANY, 429, "en", "You already have 6 workbook pages open."),
    (gates.FULL, 503, "et", "Server on praegu täis."),
    (gates.FULL, 503, "xx", "Server on praegu täis."),
    (gates.UNAVAILABLE, 503, "en", "The link cannot be checked right now."),
])
def test_refusal_pages_name_the_problem_in_the_persons_language(reason, status, lang, text):
    code, headers, html = refusal_page.render(reason, lang, count=6)
    assert code == status and text in html
    assert f'<html lang="{"et" if lang == "xx" else lang}">' in html
    assert ("Retry-After" in headers) == (status != 403)
    assert "http" not in html and "<script" not in html


def test_kernel_manager_forgets_an_ended_kernels_owner():
    manager = PageKernelManager()
    manager._kernels["k1"] = object()
    manager.claim("k1", "owner")
    manager.claim("unknown", "owner")  # not a kernel of this server: not recorded
    assert manager.owned_by("owner") == 1 and manager.owner_of("k1") == "owner"
    assert manager.running() == 1
    manager.remove_kernel("k1")  # what shutting down, culling or a dead kernel call
    assert manager.owned_by("owner") == 0 and manager.owner_of("k1") is None


def test_unopened_page_kernels_end_after_their_grace():
    manager = PageKernelManager(unopened_grace=100, disconnect_grace=60)
    manager._kernels["k1"] = object()
    manager.claim("k1", "owner")
    now = manager._claimed_at["k1"]
    assert not manager.abandoned("k1", now + 99) and manager.abandoned("k1", now + 101)
    manager.notify_connect("k1")  # the page came: the disconnect grace applies from now
    assert not manager.abandoned("k1", now + 1000)


@pytest.mark.parametrize("text", [
    "404 GET /voila/render/nonexist.ipynb?k={key} (127.0.0.1) 1.2ms",
    "200 GET /voila/render/00_avaleht.ipynb?lang=en&k={key}&team=x",
    "Uncaught exception GET /x?k={key}\nHTTPServerRequest(uri='/x?k={key}')",
    "302 GET /login?next=%2Fvoila%2Frender%2Fa.ipynb%3Fk%3D{key}%26lang%3Det",
])
def test_keys_are_redacted_from_any_log_text(text):
    key = "Ab3_-" * 6 + "xy"
    assert key not in redact(text.format(key=key)) and "***" in redact(text.format(key=key))


def test_a_log_record_loses_the_key_in_its_arguments_and_exception():
    key = "K" * 32
    try:
        raise ValueError(f"bad request /x?k={key}")
    except ValueError:
        import sys
        record = logging.LogRecord("tornado.general", logging.WARNING, __file__, 1,
                                   "%d GET %s", (404, f"/x?k={key}&lang=et"), sys.exc_info())
    redact_record(record)
    text = logging.Formatter().format(record)
    assert key not in text and "404 GET /x?k=***&lang=et" in text and "ValueError" in text
