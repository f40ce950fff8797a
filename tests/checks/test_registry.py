"""Code and checklist.yaml stay in one-to-one step."""

from seccheck.checks import load_all
from seccheck.collect import load_all as load_facts


def test_every_yaml_check_has_code_and_every_check_is_in_the_yaml(checklist):
    implemented = set(load_all())
    declared = {c.id for c in checklist.checks}
    assert sorted(declared - implemented) == [], (
        "checks in checklist.yaml without an implementation"
    )
    assert sorted(implemented - declared) == [], "implemented checks missing from checklist.yaml"


def test_checks_use_known_facts_with_compatible_scope(checklist):
    facts = load_facts()
    for impl in load_all().values():
        spec = checklist.check(impl.id)
        for name in impl.facts:
            assert name in facts, f"{impl.id} uses unknown fact {name}"
            if spec.scope == "global":
                assert facts[name].scope == "global", (
                    f"global check {impl.id} uses regional fact {name}"
                )


def test_at_least_60_checks_across_all_16_items(checklist):
    implemented = set(load_all())
    assert len(implemented) >= 60
    covered = {checklist.item_of_check(cid).id for cid in implemented}
    assert covered == {i.id for i in checklist.items}


def test_validate_command_accepts_the_shipped_checklist(capsys):
    from seccheck.cli import main

    assert main(["validate"]) == 0
    assert "16 items" in capsys.readouterr().out
