"""One article the read path cannot read never stops a batch: analyze, rules test and eval name it in one line,
go on with the rest and exit 1."""

from __future__ import annotations

import pytest

import consumers.alert.step as alert_step
import consumers.enrich.enricher as enricher_module
from newsmon import cli, exitcodes

GOOD = "Gunmen kill four policemen in Bannu\n\nBANNU: Gunmen attacked a police post in Bannu on Monday, killing four policemen, officials said. The Tehreek-e-Taliban Pakistan claimed responsibility.\n"
OTHER = "Roadside bomb hits army convoy in Kech\n\nTURBAT: A roadside bomb struck a Frontier Corps convoy in Kech district on Wednesday, killing three soldiers, the military said. The Baloch Liberation Army said it carried out the attack.\n"
BAD = "Poison marker report from Peshawar\n\nPESHAWAR: A bomb exploded in a market in Peshawar on Tuesday, killing two people, police said.\n"


@pytest.fixture
def pages(tmp_path):
    for name, text in (("1_good.txt", GOOD), ("2_bad.txt", BAD), ("3_good.txt", OTHER)):
        (tmp_path / name).write_text(text)
    return tmp_path


@pytest.fixture
def extraction_fails_on_the_marker(monkeypatch):
    real = enricher_module.extract_events

    def extract(doc, *, title, **kwargs):
        if "Poison marker" in title:
            raise IndexError("list index out of range")
        return real(doc, title=title, **kwargs)

    monkeypatch.setattr(enricher_module, "extract_events", extract)


def test_analyze_names_the_article_that_failed_and_reads_the_others(pages, extraction_fails_on_the_marker, capsys):
    code = cli.main(["analyze", "--json", str(pages)])
    out, err = capsys.readouterr()
    assert code == exitcodes.INPUT_SKIPPED
    assert len(out.splitlines()) == 2
    [line] = [l for l in err.splitlines() if "skipped" in l]
    assert "2_bad.txt" in line and "Poison marker report" in line and "IndexError: list index out of range" in line
    assert "Traceback" not in err


def test_rules_test_names_the_article_that_failed_and_alerts_on_the_others(pages, extraction_fails_on_the_marker,
                                                                           capsys):
    code = cli.main(["rules", "test", "--json", str(pages)])
    out, err = capsys.readouterr()
    assert code == exitcodes.INPUT_SKIPPED
    assert len(out.splitlines()) == 2 and "Traceback" not in err
    assert "2_bad.txt" in err and "internal error IndexError" in err


def test_rules_test_names_an_article_the_alert_step_failed_on(pages, monkeypatch, capsys):
    real = alert_step.AlertStep.handle

    def handle(self, batch):
        if any("Poison marker" in m.article.title for m in batch):
            raise KeyError("story")
        return real(self, batch)

    monkeypatch.setattr(alert_step.AlertStep, "handle", handle)
    code = cli.main(["rules", "test", "--json", str(pages)])
    out, err = capsys.readouterr()
    assert code == exitcodes.INPUT_SKIPPED and len(out.splitlines()) == 2
    assert "2_bad.txt" in err and "alert matching failed: internal error KeyError" in err


def test_eval_names_the_case_that_failed_and_scores_the_others(tmp_path, extraction_fails_on_the_marker, capsys):
    from tests.conftest import ROOT

    gold = tmp_path / "gold"
    gold.mkdir()
    for name in ("01_bannu_checkpost_suicide_bombing.yaml", "02_peshawar_mosque_isk.yaml"):
        (gold / name).write_text((ROOT / "tests" / "gold" / name).read_text())
    text = (ROOT / "tests" / "gold" / "03_quetta_station_bla_toll.yaml").read_text()
    (gold / "03_bad.yaml").write_text(text.replace("title: ", "title: Poison marker ", 1))
    code = cli.main(["eval", str(gold)])
    out, err = capsys.readouterr()
    assert code == exitcodes.INPUT_SKIPPED
    assert "2 gold cases" in out
    [line] = [l for l in err.splitlines() if "skipped" in l]
    assert "03_bad.yaml" in line and "internal error IndexError" in line
