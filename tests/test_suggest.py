"""suggest.py: 'did you mean' hints, bounded per playbook."""

from __future__ import annotations

from integrate_cli.suggest import Suggestions


def test_the_nearest_choice_is_suggested() -> None:
    hints = Suggestions()
    assert hints.nearest("cabinett", ["cabinet", "gb"]) == "did you mean 'cabinet'? "
    assert hints.nearest("zzz", ["cabinet", "gb"]) == ""


def test_suggestions_stop_once_the_work_is_spent() -> None:
    hints = Suggestions(work=5)
    choices = ["stage-1", "review"]
    assert [hints.nearest("stage-l", choices) for _ in range(3)] == [
        "did you mean 'stage-1'? ",
        "did you mean 'stage-1'? ",
        "",  # 4 of 5 comparisons spent: two more would pass the bound
    ]
    assert hints.nearest("stage-l", ["stage-1"]) == ""  # spent means spent
