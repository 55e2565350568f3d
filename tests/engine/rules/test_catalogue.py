"""The rules catalogue data and the notes index behind finding tooltips."""

from cloudwright.engine.rules.catalogue import aliases_for, case_aliases, catalogue
from cloudwright.engine.rules.notes import find_section, paragraphs


def test_catalogue_holds_every_rule_with_the_reviewed_severity_counts() -> None:
    """All 484 rules of rules.md are catalogued, 218 error / 93 warning / 173 info (rules.md section 32)."""
    rules = catalogue()
    assert len(rules) == 484
    counts = {s: sum(r.severity == s for r in rules.values()) for s in ("error", "warning", "info")}
    assert counts == {"error": 218, "warning": 93, "info": 173}


def test_two_outcome_and_notes_level_rules_keep_every_severity() -> None:
    """Two-outcome rules list both severities; notes-level limits gain an info outcome (rules.md section 0)."""
    assert catalogue()["NET-RT-003"].outcomes == ("error", "warning")
    assert catalogue()["EBS-SIZE-001"].outcomes == ("error", "info")


def test_case_study_ids_map_to_rules_md_ids() -> None:
    """The dotted lesson ids of the case studies are aliases of the rules.md rules testing the same thing."""
    assert "net.nat_single_az" in aliases_for("NET-NAT-005")
    assert case_aliases()["sg.ssh_open_to_world"].maps_to == ("SG-OPEN-001",)
    assert case_aliases()["sg.all_ports_open"].maps_to == ()


def test_every_citation_resolves_to_paragraphs_of_the_notes() -> None:
    """Each rule's cited notes section exists, so the GUI tooltip always has text to show."""
    for rule in catalogue().values():
        for source in rule.sources:
            assert find_section(source.heading, source.lines) is not None, (rule.id, source)
            assert paragraphs(source.heading, source.lines), (rule.id, source)


def test_repeated_headings_pick_the_occurrence_the_lines_cite() -> None:
    """'Aurora Overview (Databases)' is the later section of that name, not the first."""
    first = find_section("Aurora Overview")
    later = find_section("Aurora Overview (Databases)")
    assert first is not None and later is not None and later.start > first.start
    assert "NAT" in paragraphs("NAT Gateways", "L7015")[0]


def test_rule_notes_gives_the_cited_paragraphs_of_a_rule() -> None:
    """A finding's tooltip text: the paragraphs each citation of the rule points at."""
    from cloudwright.engine.rules.notes import rule_notes

    notes = rule_notes("NET-NAT-004")
    assert notes and notes[0][0] == "NAT Gateways" and "Cannot be used by an instance in that subnet" in notes[0][1][0]
    assert rule_notes("sg.all_ports_open") == []
