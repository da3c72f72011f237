"""Demo poll runs: every demo workshop's tables answer every shipped case-study poll, so the
Polls tab is filled by "Load demo data"; deterministic, valid, shaped like the 2017 rooms,
and removed with the rest of the demo data without touching a real poll run."""

from __future__ import annotations

from collections import Counter

from kiosk.domain.poll_record import PollAnswer, PollRun
from kiosk.services.demo import WORKSHOPS, demo_workshops, is_demo_poll_run
from kiosk.services.demo_polls import demo_poll_runs
from tests.facilitator_support import catalog, service, store  # noqa: F401


def test_demo_poll_runs_are_deterministic_valid_and_marked(catalog):  # noqa: F811
    runs = demo_poll_runs(catalog.polls)
    assert runs == demo_poll_runs(catalog.polls)
    assert len(catalog.polls) == 3
    tables = sum(shop.tables for shop in WORKSHOPS)
    assert len(runs) == tables * len(catalog.polls)
    assert len({r.poll_run_id for r in runs}) == len(runs)
    shops = {w.workshop_id: w for w in demo_workshops()}
    for run in runs:
        assert is_demo_poll_run(run) and run.workshop_id in shops
        assert run.workshop == shops[run.workshop_id].name
        assert PollRun.from_doc(run.to_doc()) == run  # what the store's check accepts
        poll = catalog.polls[run.poll]
        per_stage = Counter(a.stage for a in run.answers)
        assert set(per_stage) == set(range(1, len(poll.stages) + 1))
        assert all(n == run.seats for n in per_stage.values()) and 4 <= run.seats <= 6
        for answer in run.answers:
            assert answer.answer in poll.stages[answer.stage - 1].answers()
            assert PollAnswer.from_doc(answer.to_doc()) == answer


def test_demo_comfort_moves_as_the_report_describes(service):  # noqa: F811
    service.demo.load()
    camden = service.polls.summary("camden-comfort")["stages"]
    assert camden[1]["mean"] > camden[0]["mean"]  # told about the safeguards
    assert camden[2]["mean"] < camden[1]["mean"]  # told it is used to catch fraud
    choice = camden[3]["counts"]
    assert max(choice, key=choice.get) == "purpose"


def test_load_and_remove_demo_poll_runs_leave_a_real_run_alone(service, store):  # noqa: F811
    real = PollRun("real-run", "camden-comfort",
                   (PollAnswer(1, 1, "4", "2026-11-30T10:00:00+00:00"),),
                   workshop_id="w-real", workshop="Real", table="Table 1", seats=1)
    store.save_poll_runs([real])
    heard: list[str] = []
    service.changes.subscribe(heard.append)
    service.demo.load()
    assert "polls" in heard  # the Polls tab hears of them
    loaded = service.demo.count_poll_runs()
    assert loaded == sum(shop.tables for shop in WORKSHOPS) * 3
    assert len(service.polls.runs("camden-comfort")) == loaded // 3 + 1
    service.demo.load()
    assert service.demo.count_poll_runs() == loaded  # loading twice adds nothing
    heard.clear()
    service.demo.remove()
    assert "polls" in heard
    assert service.demo.count_poll_runs() == 0
    assert [r.poll_run_id for r in store.list_poll_runs()] == ["real-run"]
