"""Builders for the guided assessment notebook and the workshop notebook (nbformat 4.5).

Both are plain functions of the checklist and a few options, with deterministic cell ids, so
the committed copies in `notebooks/` can be regenerated and compared. Every cell is tagged with
`metadata["seccheck"] = {"item_id", "role", "section"}` and the notebook with
`metadata["seccheck"] = {"schema_version", "assessment", "checklist", "kind"}`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .assessment import state_path_for
from .checklist import Checklist, Item, builtin_checklist_path, load_checklist

NOTEBOOK_SCHEMA_VERSION = 1
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
# One check per section that the workshop sandbox shows well (a good and a bad example).
WORKSHOP_CHECKS = ("IAM-01-C01", "DET-01-C01", "INF-03-C01", "DP-01-C05", "IR-02-C01")
WORKSHOP_ANSWER_ITEM = "IR-01"


def create_guided_notebook(
    path: str | Path,
    *,
    checklist_path: str | Path | None = None,
    profile: str | None = None,
    sandbox: str | None = None,
    regions: Iterable[str] | None = None,
    title: str | None = None,
) -> Path:
    """Write the guided assessment notebook: every item with guidance, live check and answers."""
    path = Path(path)
    nb = guided_notebook(
        path,
        checklist_path=checklist_path,
        profile=profile,
        sandbox=sandbox,
        regions=regions,
        title=title,
    )
    return _write(nb, path)


def create_workshop_notebook(
    path: str | Path,
    *,
    checklist_path: str | Path | None = None,
    sandbox: str = "workshop",
    regions: Iterable[str] | None = None,
    title: str | None = None,
    checks: Iterable[str] = WORKSHOP_CHECKS,
) -> Path:
    """Write the workshop notebook: predict, then run, on the sandbox."""
    path = Path(path)
    nb = workshop_notebook(
        path,
        checklist_path=checklist_path,
        sandbox=sandbox,
        regions=regions,
        title=title,
        checks=checks,
    )
    return _write(nb, path)


# --- guided ------------------------------------------------------------------------------------


def guided_notebook(
    path: Path,
    *,
    checklist_path: str | Path | None = None,
    profile: str | None = None,
    sandbox: str | None = None,
    regions: Iterable[str] | None = None,
    title: str | None = None,
) -> Any:
    import nbformat.v4 as v4

    if profile and sandbox:
        raise ValueError("choose either a profile or a sandbox, not both")
    checklist = load_checklist(checklist_path)
    chosen_title = title
    title = title or f"{checklist.name}: guided assessment"
    state_name = state_path_for(path).name
    cells = [
        _md("intro", "intro", None, None, _guided_intro(title, checklist, sandbox, profile)),
        _code(
            "scope",
            "scope",
            None,
            None,
            _scope_source(
                state_name, path, checklist_path, profile, sandbox, regions, title=chosen_title
            ),
        ),
        # The wizard first: the quickest way through, reachable without scrolling 60 cells.
        _md(
            "wizard-intro",
            "wizard",
            None,
            None,
            "## Wizard\n\nThe assessment one item at a time: jump by section, filter by status "
            "(for example items with questions *not yet answered*), run checks and answer "
            "questions. Every item also follows below with its guidance, checks and answer "
            "form; both show the same answers.",
        ),
        _code("wizard", "wizard", None, None, "a.wizard()"),
    ]
    for section in checklist.sections:
        sid = section.id
        cells.append(
            _md(
                f"section-{sid.lower()}",
                "guidance",
                None,
                sid,
                f"## {sid} · {section.title}\n\n{section.description.strip()}",
            )
        )
        for item in checklist.items_in(sid):
            key = item.id.lower()
            cells.append(
                _md(f"guidance-{key}", "guidance", item.id, sid, item_markdown(item, checklist))
            )
            cells.append(_code(f"verify-{key}", "verify", item.id, sid, f'a.verify("{item.id}")'))
            cells.append(
                _code(f"answer-{key}", "answer", item.id, sid, f'a.answer_form("{item.id}")')
            )
    cells += [
        _md(
            "summary-intro",
            "summary",
            None,
            None,
            "## Summary\n\nWhere the assessment stands: items per section and per Well-Architected "
            "question, failing resources by severity, and how results moved across runs. Re-run "
            "this cell after answering more questions.",
        ),
        _code("summary", "summary", None, None, "a.charts()"),
    ]
    nb = v4.new_notebook(cells=cells)
    nb.metadata = _nb_metadata(checklist, state_name, "guided")
    return nb


def _guided_intro(
    title: str, checklist: Checklist, sandbox: str | None, profile: str | None
) -> str:
    if sandbox:
        where = (
            f"the **{sandbox}** sandbox (a simulated AWS account on this machine: no real "
            "account is touched)"
        )
    elif profile:
        where = f"the AWS account of profile **{profile}**"
    else:
        where = (
            "the AWS account your credentials reach (environment, `~/.aws` profiles, SSO). "
            "With no credentials the verification cells say so: run `seccheck demo` to "
            "practise on a sandbox instead"
        )
    return (
        f"# {title}\n\n"
        f"This notebook walks through the {len(checklist.items)} items of the "
        f"**{checklist.name}** ({checklist.version}), mapped to the Well-Architected Security "
        f"Pillar ({checklist.wa_framework_version}). For each item: read the guidance, run the "
        "live verification cell (read-only API calls; the exact boto3 calls are listed under each "
        "result), then answer the manual questions with evidence.\n\n"
        f"Scope: {where}.\n\n"
        "Everything is saved as you go to the assessment file next to this notebook, so you can "
        "stop and come back; **Run All** performs a complete assessment. Item status: "
        "*met*, *partially met*, *not met*, *not assessable* (the checks could not see), "
        "*N/A (reason)*, *not yet answered* / *not yet verified*."
    )


def item_markdown(item: Item, checklist: Checklist) -> str:
    """Guidance for an item: what to do, why, its WA question and best practices, references."""
    lines = [
        f"### {item.id} · {item.title}",
        "",
        item.guidance.strip(),
        "",
        f"**Why it matters.** {item.why.strip()}",
        "",
    ]
    bp_titles = {bp.id: bp.title for q in checklist.wa_questions for bp in q.best_practices}
    wa = ", ".join(f"{q} ({checklist.wa_question(q).title})" for q in item.wa.questions)
    lines.append(f"**Well-Architected:** {wa}")
    lines.append(f"- primary best practice {item.wa.primary}: {bp_titles.get(item.wa.primary, '')}")
    for bp in item.wa.related:
        lines.append(f"- related {bp}: {bp_titles.get(bp, '')}")
    if item.checks:
        lines += ["", f"**Automated checks** ({len(item.checks)}):"]
        lines += [f"- `{c.id}` {c.title} ({c.severity.value}, {c.tier})" for c in item.checks]
    if item.manual_questions:
        lines += ["", "**Questions to answer** (in the form below the checks):"]
        lines += [f"- `{q.id}` {' '.join(q.prompt.split())}" for q in item.manual_questions]
    if item.references:
        lines += [
            "",
            "**References:** " + " · ".join(f"[{r.title}]({r.url})" for r in item.references),
        ]
    return "\n".join(lines)


# --- workshop ----------------------------------------------------------------------------------


def workshop_notebook(
    path: Path,
    *,
    checklist_path: str | Path | None = None,
    sandbox: str = "workshop",
    regions: Iterable[str] | None = None,
    title: str | None = None,
    checks: Iterable[str] = WORKSHOP_CHECKS,
) -> Any:
    import nbformat.v4 as v4

    checklist = load_checklist(checklist_path)
    title = title or "AWS security workshop: predict, then run"
    state_name = state_path_for(path).name
    scope = _scope_source(
        state_name,
        path,
        checklist_path,
        None,
        sandbox,
        regions,
        imports="from seccheck.widgets.prediction import Prediction, reveal\n",
    )
    cells = [
        _md("intro", "intro", None, None, _workshop_intro(title, sandbox)),
        _code("scope", "scope", None, None, scope),
    ]
    known = {c.id for c in checklist.checks}
    selected = [c for c in checks if c in known] or [
        next(c.id for i in checklist.items_in(s.id) for c in i.checks)
        for s in checklist.sections
        if any(i.checks for i in checklist.items_in(s.id))
    ]
    for n, check_id in enumerate(selected, start=1):
        spec = checklist.check(check_id)
        item = checklist.item_of_check(check_id)
        var = "p_" + check_id.lower().replace("-", "_")
        key = check_id.lower()
        prompt = (
            f"## {n}. {spec.title}\n\n"
            f"Item **{item.id} · {item.title}** ({checklist.section(item.section).title}).\n\n"
            f"*Why it matters:* {' '.join(spec.rationale.split()) or item.why.strip()}\n\n"
            f"**Predict:** in the workshop account, will `{check_id}` pass or fail? Pick your "
            "answer in the next cell, then run the cell after it to see what the account really "
            "says, and which API calls proved it."
        )
        cells.append(_md(f"prompt-{key}", "guidance", item.id, item.section, prompt))
        cells.append(
            _code(
                f"predict-{key}",
                "predict",
                item.id,
                item.section,
                f'{var} = Prediction("{check_id}")\n{var}',
            )
        )
        cells.append(_code(f"reveal-{key}", "verify", item.id, item.section, f"reveal(a, {var})"))
    answer_item = (
        checklist.item(WORKSHOP_ANSWER_ITEM)
        if WORKSHOP_ANSWER_ITEM in {i.id for i in checklist.items}
        else checklist.items[0]
    )
    cells += [
        _md(
            "answer-intro",
            "guidance",
            answer_item.id,
            answer_item.section,
            f"## Not everything is an API call\n\n**{answer_item.id} · {answer_item.title}** is "
            "mostly about people and process. Answer its questions below as if this were your "
            "company: pick an answer, give evidence (a URL or a file), and save. N/A needs a "
            "reason.",
        ),
        _code(
            f"answer-{answer_item.id.lower()}",
            "answer",
            answer_item.id,
            answer_item.section,
            f'a.answer_form("{answer_item.id}")',
        ),
        _md(
            "verify-all-intro",
            "guidance",
            None,
            None,
            "## The whole account\n\nNow run every automated check at once and look at the "
            "picture.",
        ),
        _code("verify-all", "verify", None, None, "a.verify()"),
        _code("summary", "summary", None, None, "a.charts()"),
        _code("wizard", "wizard", None, None, "a.wizard()"),
    ]
    nb = v4.new_notebook(cells=cells)
    nb.metadata = _nb_metadata(checklist, state_name, "workshop")
    return nb


def _workshop_intro(title: str, sandbox: str) -> str:
    return (
        f"# {title}\n\n"
        f"You are the new security lead of a small company. Its AWS estate is simulated by the "
        f"**{sandbox}** sandbox on this machine (no real AWS account is used): three regions, an "
        "organization with member accounts, and a good and a bad example of almost everything.\n\n"
        "For a few controls you will first **predict** what an automated check will find, then "
        "**run** it and compare. Every result lists the exact read-only boto3 calls that proved "
        "it, so you can re-run them yourself."
    )


# --- shared ------------------------------------------------------------------------------------


def _scope_source(
    state_name: str,
    nb_path: Path,
    checklist_path: str | Path | None,
    profile: str | None,
    sandbox: str | None,
    regions: Iterable[str] | None,
    imports: str = "",
    title: str | None = None,
) -> str:
    q = json.dumps
    args = [q(state_name)]
    if title:
        args.append(f"title={q(title)}")
    if checklist_path is not None:
        args.append(f"checklist={q(_relative(Path(checklist_path), nb_path.parent))}")
    if sandbox:
        args.append(f"sandbox={q(sandbox)}")
    if profile:
        args.append(f"profile={q(profile)}")
    region_list = [r for r in (regions or []) if r]
    if region_list:
        args.append(f"regions={q(region_list)}")
    call = f"Assessment.open({', '.join(args)})"
    if len(call) > 90:
        call = "Assessment.open(\n    " + ",\n    ".join(args) + ",\n)"
    return f"from seccheck import Assessment\n{imports}\na = {call}\na"


def _relative(target: Path, base: Path) -> str:
    target = target.expanduser().absolute()
    if target == builtin_checklist_path().absolute():
        return str(target)
    try:
        return os.path.relpath(target, base.absolute())
    except ValueError:
        return str(target)


def _meta(item_id: str | None, role: str, section: str | None) -> dict[str, Any]:
    return {"seccheck": {"item_id": item_id, "role": role, "section": section}}


def _md(cell_id: str, role: str, item_id: str | None, section: str | None, text: str) -> Any:
    import nbformat.v4 as v4

    cell = v4.new_markdown_cell(text, metadata=_meta(item_id, role, section))
    cell.id = cell_id
    return cell


def _code(cell_id: str, role: str, item_id: str | None, section: str | None, source: str) -> Any:
    import nbformat.v4 as v4

    cell = v4.new_code_cell(source, metadata=_meta(item_id, role, section))
    cell.id = cell_id
    return cell


def _nb_metadata(checklist: Checklist, state_name: str, kind: str) -> dict[str, Any]:
    return {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        "seccheck": {
            "schema_version": NOTEBOOK_SCHEMA_VERSION,
            "kind": kind,
            "assessment": state_name,
            "checklist": {
                "name": checklist.name,
                "version": checklist.version,
                "hash": checklist.hash,
            },
        },
    }


def _write(nb: Any, path: Path) -> Path:
    import nbformat

    nbformat.validate(nb)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


# --- the committed copies ----------------------------------------------------------------------

COMMITTED = {"guided-assessment.ipynb": "guided", "workshop.ipynb": "workshop"}


def committed_notebook(name: str, folder: Path) -> Any:
    """Build what `notebooks/<name>` must equal (default options, shipped checklist)."""
    kind = COMMITTED[name]
    if kind == "guided":
        return guided_notebook(folder / name)
    return workshop_notebook(folder / name)


def write_committed(folder: str | Path) -> list[Path]:
    """Regenerate the notebooks kept in the repo: `python -m seccheck.notebooks notebooks`."""
    folder = Path(folder)
    return [_write(committed_notebook(name, folder), folder / name) for name in COMMITTED]


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    import sys

    for written in write_committed(sys.argv[1] if len(sys.argv) > 1 else "notebooks"):
        print(f"wrote {written}")
