"""The one collector of share notes, used by the command line and the web app alike; the
"did you mean" of a mistyped name."""

from __future__ import annotations

import warnings

from psephos.cli._output import share_notes as cli_share_notes
from psephos.errors import ShareWarning, collected_share_notes, did_you_mean, unknown_choice
from psephos.web.services import share_notes as web_share_notes


def test_share_notes_are_collected_once_in_order_and_other_warnings_pass() -> None:
    with warnings.catch_warnings(record=True) as outside:
        warnings.simplefilter("always")
        with collected_share_notes() as notes:
            warnings.warn("filled to 100%", ShareWarning, stacklevel=1)
            warnings.warn("rescaled", ShareWarning, stacklevel=1)
            warnings.warn("filled to 100%", ShareWarning, stacklevel=1)
            warnings.warn("something else", UserWarning, stacklevel=1)
    assert notes == ["filled to 100%", "rescaled"]
    assert [str(w.message) for w in outside] == ["something else"]


def test_the_web_and_the_command_line_use_the_one_collector(capsys) -> None:  # type: ignore[no-untyped-def]
    assert web_share_notes is collected_share_notes
    with cli_share_notes() as notes:
        warnings.warn("rescaled", ShareWarning, stacklevel=1)
    assert notes == ["rescaled"]
    assert "note: rescaled" in capsys.readouterr().err


def test_a_name_sharing_only_a_common_word_is_not_suggested() -> None:
    """'Alliance Party' was offered for the House of Commons Library's 'Monster Raving Loony
    Party' (and 'Ulster Unionist Party' for 'Official Monster Raving Loony Party'): they share
    the word "Party" only. A name near in spelling is still offered."""
    names = ["Alliance Party", "Ulster Unionist Party", "Scottish National Party", "Labour"]
    assert did_you_mean("Monster Raving Loony Party", names) == ""
    assert did_you_mean("Official Monster Raving Loony Party", names) == ""
    assert did_you_mean("Ulster Unionists Party", names) == " Did you mean 'Ulster Unionist Party'?"
    assert did_you_mean("Labor", names) == " Did you mean 'Labour'?"


def test_a_choice_near_one_of_an_option_s_choices_is_suggested() -> None:
    """A value none of an option's fixed choices takes is refused naming them and the
    closest, as names are: one sentence for every such option."""
    assert unknown_choice("group", "18-25", ("18-24", "65+")) == (
        "Unknown group '18-25'; known: 18-24, 65+. Did you mean '18-24'?"
    )
    assert unknown_choice("level", "nation", ("national", "region"), listed_as="levels") == (
        "Unknown level 'nation'; levels: national, region. Did you mean 'national'?"
    )
    assert (
        unknown_choice("group", "zzz", ("18-24", "65+"))
        == "Unknown group 'zzz'; known: 18-24, 65+."
    )
